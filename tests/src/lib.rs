//! Shared helpers for the scenario corpora and cross-crate tests (see `tests/tests/`).

pub mod scenario;

/// A small deterministic generator (xorshift64) for the property, robustness and edit tests: the same seed
/// gives the same cases on every machine, with no extra dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// An index into `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One of `xs`, none when it is empty.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.index(xs.len())).filter(|_| !xs.is_empty())
    }
}

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
