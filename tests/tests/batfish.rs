//! The Batfish project's AWS snapshots (`../shared/testdata/batfish/`, Apache-2.0), imported and traced
//! through the same path as `vpcsim trace`, against the flows Batfish's own tests assert.
//! Disagreements with AWS's documented behaviour are listed in `tests/batfish-exceptions.json`.

use serde::Deserialize;
use std::fs;
use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::formats::files::load;
use vpc_core::packet::Protocol;
use vpc_core::trace::Verdict;
use vpc_core::Simulator;
use vpcsim_tests::{shared_dir, workspace_root};

#[derive(Deserialize)]
struct Expectations {
    snapshots: Vec<Snapshot>,
}

#[derive(Deserialize)]
struct Snapshot {
    name: String,
    dir: String,
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    from: String,
    to: String,
    protocol: String,
    port: Option<u16>,
    expect: Expect,
    source: String,
}

#[derive(Deserialize)]
struct Expect {
    forward: String,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default, rename = "return")]
    reply: Option<String>,
    #[serde(default)]
    src_seen_by_destination: Option<String>,
}

#[derive(Deserialize)]
struct Exception {
    snapshot: String,
    query: usize,
    rule: String,
    why: String,
}

fn norm(s: &str) -> String {
    s.to_ascii_uppercase().replace('-', "_")
}

#[test]
fn batfish_snapshots_match_their_expectations() {
    let root = shared_dir().join("testdata/batfish");
    let text =
        fs::read_to_string(root.join("expectations.json")).expect("../shared/testdata/batfish/expectations.json");
    let exp: Expectations = serde_json::from_str(&text).unwrap();
    let exceptions: Vec<Exception> =
        serde_json::from_str(&fs::read_to_string(workspace_root().join("tests/batfish-exceptions.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for snap in &exp.snapshots {
        let (topology, _warnings) = match load(&root.join(&snap.dir)) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{}: import failed: {e}", snap.name));
                continue;
            }
        };
        for (i, q) in snap.queries.iter().enumerate() {
            if let Some(x) = exceptions.iter().find(|x| x.snapshot == snap.name && x.query == i) {
                println!("skipped {} #{i} ({}): {}", snap.name, x.rule, x.why);
                skipped += 1;
                continue;
            }
            checked += 1;
            // A fresh simulation per query, as each Batfish flow is independent.
            let mut sim = Simulator::new(topology.clone()).unwrap();
            let probe = Probe {
                from: q.from.clone(),
                to: q.to.clone(),
                protocol: Protocol::parse(&q.protocol).unwrap(),
                src_port: None,
                dst_port: q.port.unwrap_or(0),
                options: ProbeOptions::default(),
            };
            let label = format!("{} #{i} {} → {} {}/{:?} ({})", snap.name, q.from, q.to, q.protocol, q.port, q.source);
            let ex = match sim.send(&probe) {
                Ok(ex) => ex,
                Err(e) => {
                    failures.push(format!("{label}: send failed: {e}"));
                    continue;
                }
            };
            let got = match ex.forward.verdict {
                Verdict::Delivered => "delivered",
                Verdict::Dropped => "dropped",
            };
            let reason = ex.forward.reason.map(|r| r.code()).unwrap_or("none");
            if got != q.expect.forward {
                failures.push(format!("{label}: expected {}, got {got} ({reason})", q.expect.forward));
                continue;
            }
            if !q.expect.reasons.is_empty() && !q.expect.reasons.iter().any(|r| norm(r) == norm(reason)) {
                failures.push(format!("{label}: expected reason in {:?}, got {reason}", q.expect.reasons));
            }
            if let Some(want) = &q.expect.reply {
                let rep = ex
                    .reply
                    .as_ref()
                    .map(|r| if r.verdict == Verdict::Delivered { "delivered" } else { "dropped" })
                    .unwrap_or("none");
                if rep != want {
                    failures.push(format!("{label}: expected return {want}, got {rep}"));
                }
            }
            if let Some(src) = &q.expect.src_seen_by_destination {
                let seen = ex.forward.hops.last().map(|h| h.header_out.src.to_string()).unwrap_or_default();
                if &seen != src {
                    failures.push(format!("{label}: destination should see source {src}, saw {seen}"));
                }
            }
        }
    }
    println!("batfish: {checked} queries checked, {skipped} listed as exceptions");
    assert!(checked > 20, "expected the shared Batfish corpus, checked only {checked}");
    assert!(failures.is_empty(), "{} of {checked} Batfish queries disagree:\n{}", failures.len(), failures.join("\n"));
}
