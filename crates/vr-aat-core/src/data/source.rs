//! A protocol file as a session records it: the protocol and its catalogue, the path as
//! the user named it and the SHA-256 of its bytes (`session.ron` keeps both, so a replay
//! can prove it runs the same protocol).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Catalogue, DataError, Protocol, load_protocol, read_text};

/// A protocol as loaded from its file, with what `session.ron` records about it.
#[derive(Clone, Debug)]
pub struct ProtocolSource {
    pub protocol: Protocol,
    pub catalogue: Catalogue,
    /// The file as the user named it.
    pub file: PathBuf,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

impl ProtocolSource {
    /// Loads and validates a protocol file (and the catalogue it names).
    pub fn load(path: &Path) -> Result<Self, DataError> {
        let (protocol, catalogue, _) = load_protocol(path)?;
        let bytes = read_text(path)?.into_bytes();
        Ok(Self {
            protocol,
            catalogue,
            file: path.to_path_buf(),
            sha256: sha256_hex(&bytes),
        })
    }
}

/// SHA-256 of `bytes`, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
