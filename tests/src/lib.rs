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

/// The scenario corpus, embedded at build time (for the browser, which has no file system).
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

    /// Runs every embedded scenario; returns (files, steps) or every failure.
    pub fn run_all() -> Result<(usize, usize), String> {
        let load = |name: &str| {
            BASES.iter().find(|(n, _)| *n == name).map(|(_, t)| t.to_string()).ok_or_else(|| format!("no base {name}"))
        };
        let mut steps = 0;
        let mut failures = Vec::new();
        for (name, text) in SCENARIOS {
            match crate::scenario::run(text, load) {
                Ok(n) => steps += n,
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        if failures.is_empty() {
            Ok((SCENARIOS.len(), steps))
        } else {
            Err(failures.join("\n"))
        }
    }
}
