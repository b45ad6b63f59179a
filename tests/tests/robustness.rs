//! The core never panics on any input: random mutations of real topologies, random probes, random text into
//! every reader. A deterministic xorshift generator keeps failures reproducible (the seed is printed).

use serde_json::Value;
use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::formats::{aws, files::load, native};
use vpc_core::packet::Protocol;
use vpc_core::reach::Query;
use vpc_core::{Simulator, Topology};
use vpcsim_tests::{corpus, shared_dir, Rng};

/// Replaces, removes or duplicates a random leaf or element.
fn mutate(v: &mut Value, rng: &mut Rng, ids: &[String]) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            let k = m.keys().nth(rng.index(m.len())).cloned().unwrap();
            if rng.below(6) == 0 {
                m.remove(&k);
            } else if let Some(x) = m.get_mut(&k) {
                mutate(x, rng, ids);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.index(a.len());
            match rng.below(5) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let x = a[i].clone();
                    a.push(x);
                }
                _ => mutate(&mut a[i], rng, ids),
            }
        }
        Value::String(s) => {
            *s = match rng.below(4) {
                0 => ids[rng.index(ids.len())].clone(),
                1 => format!("10.{}.{}.0/{}", rng.below(256), rng.below(256), rng.below(40)),
                2 => format!("{}.{}.{}.{}", rng.below(256), rng.below(256), rng.below(256), rng.below(256)),
                _ => String::new(),
            }
        }
        Value::Number(_) => *v = Value::from(rng.below(70000) as i64 - 100),
        Value::Bool(b) => *b = !*b,
        _ => {}
    }
}

fn ids(t: &Topology) -> Vec<String> {
    let mut v: Vec<String> = t.instances.iter().map(|i| i.instance_id.clone()).collect();
    v.extend(t.network_interfaces.iter().map(|e| e.network_interface_id.clone()));
    v.extend(t.route_tables.iter().map(|e| e.route_table_id.clone()));
    v.extend(t.subnets.iter().map(|e| e.subnet_id.clone()));
    v.extend(
        [
            "igw-a",
            "nat-a",
            "pcx-ab",
            "tgw-1",
            "local",
            "8.8.8.8",
            "169.254.169.254",
            "10.0.0.2",
            "tgw-attach-peer",
            "vpce-svc1",
            "api.example.internal",
            "sqs.us-east-1.amazonaws.com",
            "198.51.100.10",
        ]
        .map(String::from),
    );
    v
}

#[test]
fn random_topologies_and_probes_never_panic() {
    let mut bases: Vec<Topology> = corpus::BASES.iter().map(|(_, t)| serde_json::from_str(t).unwrap()).collect();
    for dir in ["test-nat-gateway", "test-transit-gateway", "test-load-balancer", "test-vpc-peering"] {
        bases.push(load(&shared_dir().join("testdata/batfish").join(dir)).unwrap().0);
    }
    let seed = 0x5eed_1234_u64;
    println!("robustness seed {seed:#x}");
    let mut rng = Rng(seed);
    let (mut runs, mut sends) = (0, 0);
    for round in 0..600 {
        let base = &bases[round % bases.len()];
        let ids = ids(base);
        let mut doc = serde_json::to_value(base).unwrap();
        for _ in 0..1 + rng.below(6) {
            mutate(&mut doc, &mut rng, &ids);
        }
        let Ok(t) = serde_json::from_value::<Topology>(doc) else { continue };
        let _ = vpc_core::validate::validate(&t);
        let everyone: Vec<String> = t.network_interfaces.iter().map(|e| e.network_interface_id.clone()).collect();
        let query = vpc_core::reach::Query { from: everyone.clone(), to: everyone, ..Query::new(Protocol::TCP, 443) };
        if let Ok(r) = vpc_core::reach::reach(t.clone(), &query) {
            reach_agrees_with_every_pair(&t, &r, round);
        }
        let Ok(mut sim) = Simulator::new(t) else { continue };
        runs += 1;
        for _ in 0..6 {
            let protocol = [Protocol::TCP, Protocol::UDP, Protocol::ICMP, Protocol(47)][rng.index(4)];
            let options = ProbeOptions {
                fragment: rng.below(4) == 0,
                length: [60, 1500, 9001][rng.index(3)],
                ttl: [1, 2, 64][rng.index(3)],
                // R6.13: sometimes through a random "proxy" (usually refused as not a proxy, never a panic).
                via_proxy: (rng.below(4) == 0).then(|| ids[rng.index(ids.len())].clone()),
                ..ProbeOptions::default()
            };
            let probe = Probe {
                from: ids[rng.index(ids.len())].clone(),
                to: ids[rng.index(ids.len())].clone(),
                protocol,
                src_port: Some(rng.below(65536) as u16),
                dst_port: rng.below(65536) as u16,
                options,
            };
            let _ = sim.send(&probe);
            sim.advance(rng.below(500));
            sends += 1;
        }
    }
    println!("{runs} mutated topologies, {sends} probes, no panic");
    assert!(runs > 100 && sends > 600);
}

/// All-pairs reachability over classes equals sending every pair on a fresh simulator, on mutated topologies
/// too (duplicate ids, dangling references, odd addresses). A refusal's message names the pair it was sent
/// for, so only the fact of a refusal is compared.
fn reach_agrees_with_every_pair(t: &Topology, r: &vpc_core::reach::Reach, round: usize) {
    use vpc_core::reach::Outcome;
    let norm = |o: Outcome| match o {
        Outcome::Refused { .. } => Outcome::Refused { error: vpc_core::Error::new("", "", "", "") },
        o => o,
    };
    let mut last = std::collections::BTreeMap::new();
    for e in &t.network_interfaces {
        last.insert(e.network_interface_id.as_str(), e);
    }
    let ids: Vec<&str> = last.iter().filter(|(_, e)| e.primary_ip().is_some()).map(|(id, _)| *id).collect();
    let mut want = vec![];
    for s in &ids {
        for d in ids.iter().filter(|d| *d != s) {
            let probe = Probe {
                from: s.to_string(),
                to: d.to_string(),
                protocol: Protocol::TCP,
                src_port: None,
                dst_port: 443,
                options: ProbeOptions::default(),
            };
            let Ok(mut sim) = Simulator::new(t.clone()) else { return };
            let o = match sim.send(&probe) {
                Ok(ex) => Outcome::of(&ex),
                Err(error) => Outcome::Refused { error },
            };
            want.push((s.to_string(), d.to_string(), norm(o)));
        }
    }
    let mut got: Vec<_> = r.pairs().map(|(s, d, o)| (s.to_string(), d.to_string(), norm(o.clone()))).collect();
    got.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(got, want, "round {round}: {}", serde_json::to_string(t).unwrap_or_default());
}

#[test]
fn random_text_into_every_reader_never_panics() {
    let mut rng = Rng(0xfeed_beef);
    let samples: Vec<String> = corpus::BASES.iter().map(|(_, t)| t.to_string()).collect();
    for _ in 0..400 {
        let mut s = samples[rng.index(samples.len())].clone().into_bytes();
        for _ in 0..1 + rng.below(20) {
            if s.is_empty() {
                break;
            }
            let i = rng.index(s.len());
            match rng.below(3) {
                0 => s[i] = b"{}[],:\"0a-/."[rng.index(12)],
                1 => {
                    s.truncate(i);
                }
                _ => s.insert(i, b"\"x\"0"[rng.index(4)]),
            }
        }
        let text = String::from_utf8_lossy(&s).into_owned();
        let _ = aws::import(&[("f.json".into(), text.clone())]);
        let _ = native::read("f.json", &text);
    }
}
