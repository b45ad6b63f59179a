//! All-pairs reachability over 10,000 ENIs. Budget: ≤ 2 s native (BENCHMARKS.md).
//!
//! The import benchmark's generated account at 100 VPCs (4 subnets × 25 instances each), made two-tier:
//! subnets 0–1 keep the VPC's default group (443 from anywhere), subnets 2–3 get an `app` group that admits
//! 443 from the default group's members (R3.7) and from an admin /28 inside subnet 0, so that /28 cuts subnet 0
//! into two classes; VPCs 2k and 2k+1 are peered with routes both ways (R7.x).

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use vpc_core::formats::aws;
use vpc_core::model::{
    PeeringStatus, Route, RouteDestination, RouteOrigin, RouteState, RulePeer, SecurityGroup, SecurityGroupRule,
    VpcPeeringConnection,
};
use vpc_core::packet::{Protocol, RuleProtocol};
use vpc_core::reach::{reach, Query};
use vpc_core::Topology;

mod generated;
use generated::snapshot;

const VPCS: usize = 100;

fn rule(peer: RulePeer) -> SecurityGroupRule {
    SecurityGroupRule {
        security_group_rule_id: None,
        ip_protocol: RuleProtocol::One(Protocol::TCP),
        from_port: Some(443),
        to_port: Some(443),
        peer,
        description: None,
    }
}

fn topology() -> Topology {
    let mut t = aws::import(&snapshot(VPCS)).expect("generated snapshot imports").topology;
    let mut apps = Vec::new();
    for (i, sg) in t.security_groups.iter().enumerate() {
        let (a, b) = (10 + i / 250, i % 250);
        apps.push(SecurityGroup {
            group_id: format!("sg-app{i:05}"),
            group_name: "app".into(),
            vpc_id: sg.vpc_id.clone(),
            owner_id: sg.owner_id.clone(),
            ip_permissions: vec![
                rule(RulePeer::ReferencedGroupId(sg.group_id.clone())),
                rule(RulePeer::CidrIpv4(format!("{a}.{b}.0.0/28").parse().expect("cidr"))),
            ],
            ip_permissions_egress: sg.ip_permissions_egress.clone(),
        });
    }
    for eni in &mut t.network_interfaces {
        // Subnet ids end in the subnet's number (generated.rs).
        if eni.subnet_id.ends_with('2') || eni.subnet_id.ends_with('3') {
            let vpc = eni.groups[0].trim_start_matches("sg-");
            let i = usize::from_str_radix(vpc, 16).expect("generated id");
            eni.groups = vec![apps[i].group_id.clone()];
        }
    }
    t.security_groups.extend(apps);
    for k in 0..VPCS / 2 {
        let (x, y) = (2 * k, 2 * k + 1);
        let pcx = format!("pcx-{k:08x}");
        t.vpc_peering_connections.push(VpcPeeringConnection {
            vpc_peering_connection_id: pcx.clone(),
            name: None,
            requester_vpc_id: t.vpcs[x].vpc_id.clone(),
            accepter_vpc_id: t.vpcs[y].vpc_id.clone(),
            status: PeeringStatus::Active,
            allow_dns_resolution_from_remote_vpc: false,
            expiration_time: None,
        });
        for (from, to) in [(x, y), (y, x)] {
            let dest = t.vpcs[to].cidr_blocks[0];
            let vpc = t.vpcs[from].vpc_id.clone();
            let rt = t.route_tables.iter_mut().find(|r| r.vpc_id == vpc).expect("main table");
            rt.routes.push(Route {
                destination: RouteDestination::Cidr(dest.into()),
                target: pcx.clone(),
                state: RouteState::Active,
                origin: RouteOrigin::CreateRoute,
            });
        }
    }
    t
}

fn bench(c: &mut Criterion) {
    let t = topology();
    let q = Query::new(Protocol::TCP, 443);
    let r = reach(t.clone(), &q).expect("reach");
    eprintln!(
        "{} ENIs in {} classes, {} class pairs traced; {} of {} pairs reachable",
        r.interfaces,
        r.classes.len(),
        r.results.len(),
        r.pairs.reachable,
        r.pairs.total
    );
    // Where the time goes, roughly: compiling, and classifying every ENI plus one row of sends.
    let start = std::time::Instant::now();
    black_box(vpc_core::Simulator::new(t.clone()).expect("compiles"));
    let compile = start.elapsed();
    let one_row = Query { from: vec![t.network_interfaces[0].network_interface_id.clone()], ..q.clone() };
    let start = std::time::Instant::now();
    let row = reach(t.clone(), &one_row).expect("reach");
    eprintln!(
        "compile {:.1} ms; compile + classes + one source class ({} sends) {:.1} ms",
        compile.as_secs_f64() * 1e3,
        row.results.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let mut g = c.benchmark_group("reach");
    g.sample_size(10);
    g.bench_function(format!("all-pairs tcp/443 over {} ENIs", r.interfaces), |b| {
        // The copy of the topology is set-up, not measured; compiling it (`Simulator::new`) is.
        b.iter_batched(|| t.clone(), |t| black_box(reach(t, &q).expect("reach")), BatchSize::LargeInput)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
