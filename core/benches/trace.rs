//! One trace (forward + reply) on a lesson-sized topology. Budget: ≤ 2 µs native (BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::packet::Protocol;
use vpc_core::{Simulator, Topology};

const LAB: &str = include_str!("../../tests/scenarios/topologies/lab.json");

fn probe(from: &str, to: &str, port: u16) -> Probe {
    Probe {
        from: from.into(),
        to: to.into(),
        protocol: Protocol::TCP,
        src_port: Some(40000),
        dst_port: port,
        options: ProbeOptions::default(),
    }
}

fn bench(c: &mut Criterion) {
    let topology: Topology = serde_json::from_str(LAB).expect("lab topology");
    let mut sim = Simulator::new(topology.clone()).expect("compiles");
    let cases = [
        ("trace/intra-vpc web→app", probe("i-web", "10.0.1.11", 8080)),
        ("trace/cross-subnet app→db", probe("i-app", "i-db", 5432)),
        ("trace/nat-gateway db→internet", probe("i-db", "93.184.216.34", 443)),
        ("trace/internet→web", probe("198.51.100.7", "54.0.0.10", 443)),
    ];
    for (name, p) in &cases {
        c.bench_function(name, |b| b.iter(|| black_box(sim.send(black_box(p)))));
    }
    c.bench_function("compile/lab", |b| b.iter(|| black_box(Simulator::new(black_box(topology.clone())))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
