//! Is an OpenXR runtime available? Asked before a headset session starts, so that a
//! missing loader or runtime is explained instead of failing later (the community crates
//! fall back to a flat window when no runtime is found; vr-aat refuses instead and points
//! to `--flat`, so a therapist never mistakes the desktop for the headset).

use std::path::Path;

/// What the OpenXR probe found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XrAvailability {
    /// A runtime answered.
    Ready { runtime: String, version: String },
    /// The OpenXR loader library is not installed.
    NoLoader,
    /// The loader is installed only under its versioned name (`libopenxr_loader.so.1`,
    /// Debian's `libopenxr-loader1`), but the headset layer opens the unversioned one.
    UnversionedLoaderMissing,
    /// The loader is there but no runtime is active (or it refused).
    NoRuntime { error: String },
}

impl XrAvailability {
    /// What to tell the user when no headset session is possible.
    pub fn advice(&self) -> Option<String> {
        match self {
            XrAvailability::Ready { .. } => None,
            XrAvailability::NoLoader => Some(
                "the OpenXR loader is not installed (libopenxr_loader.so). Install it (Debian/Ubuntu: apt-get install libopenxr-loader1 libopenxr-dev; Windows: it comes with the headset's runtime), start a runtime, and try again; or use --flat for the desktop window".to_owned(),
            ),
            XrAvailability::UnversionedLoaderMissing => Some(
                "the OpenXR loader is installed only as libopenxr_loader.so.1, but the headset layer (bevy_mod_openxr) opens libopenxr_loader.so. Install the development package too (Debian/Ubuntu: apt-get install libopenxr-dev), which adds that name, and try again; or use --flat for the desktop window".to_owned(),
            ),
            XrAvailability::NoRuntime { error } => Some(format!(
                "no OpenXR runtime is available ({error}). Start one (SteamVR, Meta Quest Link, Monado or WiVRn on Linux; with Monado, set XR_RUNTIME_JSON to its manifest) with the headset connected, and try again; or use --flat for the desktop window"
            )),
        }
    }
}

/// Asks the OpenXR loader for a runtime by creating (and dropping) a bare instance. The
/// loader is opened by the name the headset layer (bevy_mod_openxr) opens it by, so a
/// probe that passes means the headset layer can load it too.
pub fn probe() -> XrAvailability {
    // SAFETY: loading the system's OpenXR loader, which the OpenXR specification defines.
    let entry = unsafe { openxr::Entry::load() };
    let Ok(entry) = entry else {
        // SAFETY: as above, by the versioned name Debian's runtime package ships.
        let versioned = unsafe { openxr::Entry::load_from(Path::new("libopenxr_loader.so.1")) };
        return if versioned.is_ok() {
            XrAvailability::UnversionedLoaderMissing
        } else {
            XrAvailability::NoLoader
        };
    };
    let app = openxr::ApplicationInfo {
        application_name: "vr-aat probe",
        application_version: 1,
        engine_name: "vr-aat",
        engine_version: 1,
        api_version: openxr::Version::new(1, 0, 0),
    };
    match entry.create_instance(&app, &openxr::ExtensionSet::default(), &[]) {
        Ok(instance) => match instance.properties() {
            Ok(p) => XrAvailability::Ready {
                runtime: p.runtime_name,
                version: p.runtime_version.to_string(),
            },
            Err(e) => XrAvailability::NoRuntime { error: e.to_string() },
        },
        Err(e) => XrAvailability::NoRuntime { error: e.to_string() },
    }
}
