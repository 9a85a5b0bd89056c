//! Is an OpenXR runtime available? Asked before a headset session starts, so that a
//! missing loader or runtime is explained instead of failing later (the community crates
//! fall back to a flat window when no runtime is found; vr-aat refuses instead and points
//! to `--flat`, so a therapist never mistakes the desktop for the headset).
//!
//! **The loader's name.** bevy_mod_openxr opens the loader as `libopenxr_loader.so` on
//! Linux, a name only the development package installs (Debian/Ubuntu: libopenxr-dev);
//! a runtime user has `libopenxr_loader.so.1` (libopenxr-loader1). The probe finds the
//! loader under either name, and [`make_loader_findable`] lets the headset layer open
//! the versioned one too. On Windows bevy_mod_openxr has the loader built in.

use std::path::{Path, PathBuf};

/// Where the OpenXR loader was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loader {
    /// By the name the headset layer opens (`libopenxr_loader.so`, or on Windows
    /// `openxr_loader.dll`).
    Standard,
    /// Built into vr-aat (Windows, feature `xr`: bevy_mod_openxr links it statically).
    BuiltIn,
    /// Only under its versioned name (`libopenxr_loader.so.1`), at this path.
    Versioned(PathBuf),
}

impl Loader {
    /// In words, for the installation check.
    pub fn describe(&self) -> String {
        match self {
            Loader::Standard => "found as libopenxr_loader.so".to_owned(),
            Loader::BuiltIn => "built into vr-aat".to_owned(),
            Loader::Versioned(path) => format!(
                "found under its versioned name, {} (vr-aat opens it by that name: no development package needed)",
                path.display()
            ),
        }
    }
}

/// What the OpenXR probe found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XrAvailability {
    /// A runtime answered.
    Ready {
        runtime: String,
        version: String,
        loader: Loader,
    },
    /// The OpenXR loader library is not installed.
    NoLoader,
    /// The loader is there but no runtime is active (or it refused).
    NoRuntime { error: String, loader: Loader },
}

impl XrAvailability {
    /// What to tell the user when no headset session is possible.
    pub fn advice(&self) -> Option<String> {
        match self {
            XrAvailability::Ready { .. } => None,
            XrAvailability::NoLoader => Some(
                "the OpenXR loader is not installed (libopenxr_loader.so.1 or libopenxr_loader.so). Install it (Debian/Ubuntu: apt-get install libopenxr-loader1; Windows: it is built into vr-aat), start a runtime, and try again; or use --flat for the desktop window".to_owned(),
            ),
            XrAvailability::NoRuntime { error, .. } => Some(format!(
                "no OpenXR runtime is available ({error}). Start one (SteamVR, Meta Quest Link, Monado or WiVRn on Linux; with Monado, set XR_RUNTIME_JSON to its manifest) with the headset connected, and try again; or use --flat for the desktop window"
            )),
        }
    }
}

/// The versioned name Debian's and Ubuntu's runtime package installs.
#[cfg(unix)]
const VERSIONED: &str = "libopenxr_loader.so.1";

/// The environment variable naming the folder [`make_loader_findable`] made; set in the
/// program it starts again, so that it never starts itself twice.
pub const LOADER_DIR_VAR: &str = "VR_AAT_OPENXR_LOADER_DIR";

/// Opens the OpenXR loader as the headset layer would, else by its versioned name.
fn load_entry() -> Option<(openxr::Entry, Loader)> {
    #[cfg(all(windows, feature = "openxr"))]
    {
        Some((openxr::Entry::linked(), Loader::BuiltIn))
    }
    #[cfg(not(all(windows, feature = "openxr")))]
    {
        // SAFETY: loading the system's OpenXR loader, which the OpenXR specification defines.
        if let Ok(entry) = unsafe { openxr::Entry::load() } {
            // Started again by `make_loader_findable`: found through its link.
            let linked = std::env::var_os(LOADER_DIR_VAR)
                .and_then(|dir| std::fs::read_link(Path::new(&dir).join("libopenxr_loader.so")).ok());
            return Some((entry, linked.map_or(Loader::Standard, Loader::Versioned)));
        }
        #[cfg(unix)]
        {
            let path = versioned_loader_path()?;
            // SAFETY: as above, by the path the dynamic linker found for the versioned name.
            let entry = unsafe { openxr::Entry::load_from(&path) }.ok()?;
            Some((entry, Loader::Versioned(path)))
        }
        #[cfg(not(unix))]
        None
    }
}

/// The file the dynamic linker finds for `libopenxr_loader.so.1`, if any.
#[cfg(unix)]
fn versioned_loader_path() -> Option<PathBuf> {
    use std::ffi::{CStr, CString};
    let name = CString::new(VERSIONED).ok()?;
    // SAFETY: dlopen/dlsym/dladdr with valid C strings; the handle is kept open only
    // while its path is read, and the loader's initialisers are side-effect free.
    unsafe {
        let handle = libc::dlopen(name.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL);
        if handle.is_null() {
            return None;
        }
        let symbol = libc::dlsym(handle, c"xrGetInstanceProcAddr".as_ptr());
        let mut info: libc::Dl_info = std::mem::zeroed();
        let path = if !symbol.is_null() && libc::dladdr(symbol, &mut info) != 0 && !info.dli_fname.is_null() {
            use std::os::unix::ffi::OsStrExt;
            let bytes = CStr::from_ptr(info.dli_fname).to_bytes();
            Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
        } else {
            None
        };
        libc::dlclose(handle);
        path.and_then(|p| p.canonicalize().ok())
    }
}

/// Asks the OpenXR loader for a runtime by creating (and dropping) a bare instance.
pub fn probe() -> XrAvailability {
    let Some((entry, loader)) = load_entry() else {
        return XrAvailability::NoLoader;
    };
    match instance(&entry) {
        Ok(instance) => match instance.properties() {
            Ok(p) => XrAvailability::Ready {
                runtime: p.runtime_name,
                version: p.runtime_version.to_string(),
                loader,
            },
            Err(e) => XrAvailability::NoRuntime {
                error: e.to_string(),
                loader,
            },
        },
        Err(e) => XrAvailability::NoRuntime {
            error: e.to_string(),
            loader,
        },
    }
}

fn instance(entry: &openxr::Entry) -> openxr::Result<openxr::Instance> {
    let app = openxr::ApplicationInfo {
        application_name: "vr-aat probe",
        application_version: 1,
        engine_name: "vr-aat",
        engine_version: 1,
        api_version: openxr::Version::new(1, 0, 0),
    };
    entry.create_instance(&app, &openxr::ExtensionSet::default(), &[])
}

/// The headset the runtime offers, as the runtime describes it (no session needed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadsetFacts {
    /// The system's name (e.g. "Monado: Simulated HMD", "Oculus Quest2").
    pub name: String,
    pub vendor_id: u32,
    pub orientation_tracking: bool,
    pub position_tracking: bool,
}

/// Asks the runtime for a head-mounted display. `Err` says why there is none (no
/// runtime, no headset connected).
pub fn probe_headset() -> Result<HeadsetFacts, String> {
    let Some((entry, _)) = load_entry() else {
        return Err("the OpenXR loader is not installed".into());
    };
    let instance = instance(&entry).map_err(|e| format!("no OpenXR runtime ({e})"))?;
    let system = instance
        .system(openxr::FormFactor::HEAD_MOUNTED_DISPLAY)
        .map_err(|e| format!("the runtime offers no headset ({e})"))?;
    let p = instance
        .system_properties(system)
        .map_err(|e| format!("the runtime did not describe its headset ({e})"))?;
    Ok(HeadsetFacts {
        name: p.system_name,
        vendor_id: p.vendor_id,
        orientation_tracking: p.tracking_properties.orientation_tracking,
        position_tracking: p.tracking_properties.position_tracking,
    })
}

/// Where the loader is installed only as `libopenxr_loader.so.1` (Debian's and
/// Ubuntu's runtime package), makes it findable by the name the headset layer opens:
/// a link `libopenxr_loader.so` to it in a folder of this user's own (in
/// `$XDG_RUNTIME_DIR`, else the temporary folder; created private, and used only if it
/// is this user's and nobody else's), then starts this program again with that folder
/// first on `LD_LIBRARY_PATH` (the dynamic linker reads it only at start). Call first
/// thing in `main`, for a command that opens the headset. Returns (without starting
/// anything) where nothing is needed or possible; `Err` says why it could not be done,
/// and the headset layer then reports the missing loader itself.
pub fn make_loader_findable() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        if std::env::var_os(LOADER_DIR_VAR).is_some() {
            return Ok(());
        }
        // SAFETY: as in `load_entry`.
        if unsafe { openxr::Entry::load() }.is_ok() {
            return Ok(());
        }
        let Some(target) = versioned_loader_path() else {
            return Ok(());
        };
        let dir = private_dir()?;
        let link = dir.join("libopenxr_loader.so");
        if std::fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&target, &link).map_err(|e| format!("{}: {e}", link.display()))?;
        }
        let mut paths = std::ffi::OsString::from(dir.as_os_str());
        if let Some(old) = std::env::var_os("LD_LIBRARY_PATH").filter(|p| !p.is_empty()) {
            paths.push(":");
            paths.push(old);
        }
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this program to start it again: {e}"))?;
        use std::os::unix::process::CommandExt;
        let e = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("LD_LIBRARY_PATH", paths)
            .env(LOADER_DIR_VAR, &dir)
            .exec();
        Err(format!("cannot start this program again: {e}"))
    }
    #[cfg(not(target_os = "linux"))]
    Ok(())
}

/// A folder only this user can write: `$XDG_RUNTIME_DIR/vr-aat-openxr` where that
/// folder exists, else `<temp>/vr-aat-openxr-<uid>`; a candidate that is a link, another
/// user's, or open to others is not used.
#[cfg(target_os = "linux")]
fn private_dir() -> Result<PathBuf, String> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    let runtime_dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute() && d.is_dir())
        .map(|d| d.join("vr-aat-openxr"));
    let temp = std::env::temp_dir().join(format!("vr-aat-openxr-{uid}"));
    let mut why = Vec::new();
    for dir in runtime_dir.into_iter().chain([temp]) {
        match private(&dir, uid) {
            Ok(()) => return Ok(dir),
            Err(e) => why.push(e),
        }
    }
    Err(why.join("; "))
}

/// Makes `dir` (mode 0700) if it is not there, and checks that it is this user's alone.
#[cfg(target_os = "linux")]
fn private(dir: &Path, uid: u32) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    }
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
        return Err(format!(
            "{}: not a private folder of this user (a link, another user's, or open to others); not used",
            dir.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_what_to_install_or_start_and_the_flat_mode() {
        let none = XrAvailability::NoLoader.advice().unwrap();
        assert!(none.contains("libopenxr-loader1") && none.contains("--flat"), "{none}");
        let off = XrAvailability::NoRuntime {
            error: "XR_ERROR_RUNTIME_UNAVAILABLE".into(),
            loader: Loader::Standard,
        }
        .advice()
        .unwrap();
        assert!(
            off.contains("XR_RUNTIME_JSON") && off.contains("RUNTIME_UNAVAILABLE"),
            "{off}"
        );
        let ready = XrAvailability::Ready {
            runtime: "Monado".into(),
            version: "1.0".into(),
            loader: Loader::Versioned("/usr/lib/libopenxr_loader.so.1".into()),
        };
        assert_eq!(ready.advice(), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_private_folder_is_made_and_one_open_to_others_or_a_link_is_refused() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() };
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("private");
        private(&dir, uid).expect("made");
        let meta = std::fs::symlink_metadata(&dir).unwrap();
        assert!(meta.is_dir() && meta.mode() & 0o077 == 0);
        private(&dir, uid).expect("asked again, the same folder");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(private(&dir, uid).unwrap_err().contains("not a private folder"));
        let link = root.path().join("link");
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        assert!(
            private(&link, uid).unwrap_err().contains("not a private folder"),
            "a planted link"
        );
        assert!(private(&dir, uid + 1).is_err(), "another user's");
    }
}
