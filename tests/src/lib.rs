//! Shared helpers for the scenario corpora and cross-crate tests (see `tests/tests/`).

pub mod scenario;

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/` beside the checkout, where the reference snapshots live (CI has it there too).
pub fn shared_dir() -> PathBuf {
    workspace_root().join("..").join("shared")
}
