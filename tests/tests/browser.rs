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

fn lab_and_nat_probe() -> (vpc_core::Topology, vpc_core::dataplane::Probe) {
    use vpc_core::dataplane::{Probe, ProbeOptions};
    let (_, text) = vpcsim_tests::corpus::BASES.iter().find(|(n, _)| *n == "lab.json").unwrap();
    let probe = Probe {
        from: "i-db".into(),
        to: "93.184.216.34".into(),
        protocol: vpc_core::packet::Protocol::TCP,
        src_port: Some(40000),
        dst_port: 443,
        options: ProbeOptions::default(),
    };
    (serde_json::from_str(text).unwrap(), probe)
}

#[wasm_bindgen_test]
fn a_trace_is_deterministic_in_the_browser() {
    let (topology, probe) = lab_and_nat_probe();
    let once =
        || serde_json::to_string(&vpc_core::Simulator::new(topology.clone()).unwrap().send(&probe).unwrap()).unwrap();
    assert_eq!(once(), once());
}

/// The browser figure of BENCHMARKS.md: prints the time of one trace (forward + reply) through the NAT
/// gateway. Like the native bench (Criterion warms up for 3 s), it first warms up for half a second, so that
/// V8 has moved the hot functions from its baseline compiler (Liftoff) to its optimising one (TurboFan); then
/// it times 11 batches of 10,000 sends and prints their median and range. A measurement, not a timed
/// assertion; meaningful with `--release`.
#[wasm_bindgen_test]
fn trace_speed_in_the_browser() {
    let (topology, probe) = lab_and_nat_probe();
    let mut sim = vpc_core::Simulator::new(topology).unwrap();
    let mut send = || assert!(sim.send(&probe).is_ok_and(|ex| ex.reply.is_some()), "delivered and answered");
    let start = js_sys::Date::now();
    let mut first = None;
    while js_sys::Date::now() - start < 500.0 {
        let batch = js_sys::Date::now();
        (0..1_000).for_each(|_| send());
        first.get_or_insert(js_sys::Date::now() - batch);
    }
    let rounds = 10_000;
    let mut batches: Vec<f64> = (0..11)
        .map(|_| {
            let start = js_sys::Date::now();
            (0..rounds).for_each(|_| send());
            (js_sys::Date::now() - start) * 1000.0 / f64::from(rounds)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    let (median, low, high) = (batches[5], batches[0], batches[10]);
    let first = first.unwrap_or_default();
    console_log!(
        "browser: one trace (forward + reply) through the NAT gateway: {median:.2} µs \
         (median of 11 × {rounds}, range {low:.2}–{high:.2} µs; first 1,000 sends, cold: {first:.2} µs)"
    );
}
