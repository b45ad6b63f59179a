//! Runs every scenario file in `tests/scenarios/` natively. Each file is one AWS behaviour.

use std::fs;
use vpcsim_tests::{scenario, workspace_root};

#[test]
fn every_scenario_file_holds() {
    let dir = workspace_root().join("tests/scenarios");
    // Bases: the topologies beside the scenarios, and the web app's sample labs (as build.rs embeds them).
    let base_dirs = [dir.join("topologies"), workspace_root().join("web/src/samples")];
    let load = |name: &str| {
        base_dirs.iter().find_map(|d| fs::read_to_string(d.join(name)).ok()).ok_or_else(|| format!("no base {name}"))
    };
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "expected the scenario corpus, found {} files", files.len());
    let mut failures = Vec::new();
    let mut steps = 0;
    for f in &files {
        match scenario::run(&fs::read_to_string(f).unwrap(), load) {
            Ok(n) => steps += n,
            Err(e) => failures.push(format!("{}: {e}", f.file_name().unwrap().to_string_lossy())),
        }
    }
    println!("{} scenario files, {steps} steps passed", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} scenario files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
