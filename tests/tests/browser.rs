//! The engine in a real browser (headless Chromium via wasm-bindgen-test-runner): the whole scenario corpus
//! must give the same verdicts there as natively, and traces must be byte-identical.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_scenario_corpus_holds_in_the_browser() {
    let (files, steps) = vpcsim_tests::corpus::run_all().unwrap_or_else(|e| panic!("{e}"));
    assert!(files >= 25 && steps >= 60, "{files} files, {steps} steps");
}

#[wasm_bindgen_test]
fn a_trace_is_deterministic_in_the_browser() {
    use vpc_core::dataplane::{Probe, ProbeOptions};
    let (_, text) = vpcsim_tests::corpus::BASES.iter().find(|(n, _)| *n == "lab.json").unwrap();
    let topology: vpc_core::Topology = serde_json::from_str(text).unwrap();
    let probe = Probe {
        from: "i-db".into(),
        to: "93.184.216.34".into(),
        protocol: vpc_core::packet::Protocol::TCP,
        src_port: Some(40000),
        dst_port: 443,
        options: ProbeOptions::default(),
    };
    let once =
        || serde_json::to_string(&vpc_core::Simulator::new(topology.clone()).unwrap().send(&probe).unwrap()).unwrap();
    assert_eq!(once(), once());
}
