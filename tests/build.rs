//! Embeds the scenario corpus so the same files also run in a headless browser (tests/browser.rs).

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", dir.join("../../web/src/samples").display());
    let list = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .map(|p| p.display().to_string())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let entries = |files: Vec<String>| -> String {
        files
            .iter()
            .map(|f| format!("({:?}, include_str!({:?})),\n", Path::new(f).file_name().unwrap().to_string_lossy(), f))
            .collect()
    };
    let code = format!(
        "pub const SCENARIOS: &[(&str, &str)] = &[\n{}];\npub const BASES: &[(&str, &str)] = &[\n{}];\n",
        entries(list(&dir)),
        // The web app's sample labs are bases too, so what the app ships is what the corpus tests.
        entries([list(&dir.join("topologies")), list(&dir.join("../../web/src/samples"))].concat())
    );
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("corpus.rs"), code).unwrap();
}
