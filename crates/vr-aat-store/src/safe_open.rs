//! Opening files in a data or output folder safely: a writer never follows a symbolic
//! link planted there (it fails instead), a temporary file is created exclusively under a
//! name nobody can predict, and a reader opens only a regular file no larger than any
//! session writes (a link to `/dev/zero` or a huge file is refused, not read).

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest file vr-aat reads back, in bytes (1 GiB): far more than any session
/// writes (a session writes about 1.2 MB per minute), small enough to hold in memory.
pub const MAX_READ_BYTES: u64 = 1 << 30;

/// Sets `opts` not to follow a symbolic link at the path's last part: opening a link
/// fails (Unix `O_NOFOLLOW`). Elsewhere the options are unchanged.
pub fn no_follow(opts: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW);
    }
    opts
}

/// An error for a path that is a symbolic link where vr-aat would write.
fn is_a_link() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "is a symbolic link; vr-aat never writes through a link in a data or output folder (remove the link)",
    )
}

/// Opens an existing file for writing (appending where `append`), never through a link.
pub fn open_for_writing(path: &Path, append: bool) -> io::Result<File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(is_a_link());
    }
    let mut opts = OpenOptions::new();
    if append {
        opts.append(true);
    } else {
        opts.write(true);
    }
    no_follow(&mut opts).open(path)
}

/// Creates a new temporary file beside `path` (`.NAME.<random>.tmp` in its folder),
/// exclusively: never an existing file or link. Returns the file and its path.
pub fn create_temporary(path: &Path) -> io::Result<(File, PathBuf)> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for _ in 0..16 {
        // A process-random hash of the process id, a counter and the time: unpredictable
        // from outside, different for every call.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let tmp = path.with_file_name(format!(".{name}.{:016x}.tmp", h.finish()));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        match no_follow(&mut opts).open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Opens `path` for reading: a regular file (a link to one is read) of at most
/// [`MAX_READ_BYTES`]; a device, a pipe or a larger file is refused.
pub fn open_for_reading(path: &Path) -> io::Result<File> {
    check_readable(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    check_readable(&file.metadata()?)?;
    Ok(file)
}

fn check_readable(meta: &std::fs::Metadata) -> io::Result<()> {
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file (a device, a pipe or a folder where vr-aat expects a file it wrote)",
        ));
    }
    if meta.len() > MAX_READ_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} bytes, more than any session writes (at most {MAX_READ_BYTES} bytes are read)",
                meta.len()
            ),
        ));
    }
    Ok(())
}

/// The whole file, read as [`open_for_reading`] allows (and never more than
/// [`MAX_READ_BYTES`], even if it grows while read).
pub fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    let file = open_for_reading(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_READ_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "grew past the read limit while read",
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_temporary_file_gets_a_new_name_beside_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("summary.ron");
        let (_a, a) = create_temporary(&target).unwrap();
        let (_b, b) = create_temporary(&target).unwrap();
        assert_ne!(a, b, "every temporary file has its own name");
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".summary.ron.") && name.ends_with(".tmp"), "{name}");
    }

    #[cfg(unix)]
    #[test]
    fn writers_refuse_links_and_readers_refuse_devices() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep me\n").unwrap();
        let link = dir.path().join("trials.csv");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(open_for_writing(&link, false).is_err());
        assert!(open_for_writing(&link, true).is_err());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me\n");
        // A link to a regular file is read; a link to a device is not.
        assert_eq!(read_bounded(&link).unwrap(), b"keep me\n");
        let zero = dir.path().join("tracking.csv");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_bounded(&zero).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(open_for_reading(dir.path()).is_err(), "a folder is not read as a file");
    }
}
