//! All-pairs reachability (`vpc_core::reach`): the class-based result equals sending every pair on a fresh
//! simulator (the naive oracle) on generated topologies, and a readable table on the lesson topology.

use serde_json::{json, Value};
use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::packet::Protocol;
use vpc_core::reach::{self, Leg, Outcome, Query};
use vpc_core::reason::Reason;
use vpc_core::{Simulator, Topology};
use vpcsim_tests::{corpus, Rng};

/// A small random network: 2–3 VPCs (the third sometimes overlapping the first), two subnets each, a few
/// ENIs per subnet that often share groups, and rules, routes and NACL entries whose prefixes cut subnets.
fn topology(rng: &mut Rng) -> Topology {
    let nvpc = 2 + rng.below(2) as usize;
    // The third VPC sometimes reuses the first one's CIDR (overlapping addresses, two ENIs per address).
    let overlap = rng.chance(40);
    let second = |v: usize| if v == 2 && overlap { 0 } else { v };
    let (mut vpcs, mut subnets, mut rts, mut sgs, mut acls, mut enis, mut insts, mut igws) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut pcx = vec![];
    let peered = rng.chance(70);
    if peered {
        let status = if rng.chance(85) { "active" } else { "pending-acceptance" };
        pcx.push(json!({"VpcPeeringConnectionId": "pcx-01", "RequesterVpcId": "vpc-0", "AccepterVpcId": "vpc-1", "Status": status}));
    }
    // Prefixes that cut the subnets: halves, quarters, single addresses.
    let cut = |rng: &mut Rng, b: usize| -> String {
        let s = rng.below(2);
        match rng.below(6) {
            0 => "0.0.0.0/0".to_string(),
            1 => format!("10.{b}.0.0/16"),
            2 => format!("10.{b}.{s}.0/25"),
            3 => format!("10.{b}.{s}.128/26"),
            4 => format!("10.{b}.{s}.{}/32", 10 + rng.below(8) * 16),
            _ => format!("10.{b}.{s}.{}/28", rng.below(16) * 16),
        }
    };
    for v in 0..nvpc {
        let b = second(v);
        let vpc = format!("vpc-{v}");
        vpcs.push(json!({"VpcId": vpc, "OwnerId": "111111111111", "Region": "us-east-1", "CidrBlocks": [format!("10.{b}.0.0/16")]}));
        if rng.chance(70) {
            igws.push(json!({"InternetGatewayId": format!("igw-{v}"), "VpcId": vpc}));
        }
        let mut routes = vec![];
        if rng.chance(60) {
            routes.push(json!({"DestinationCidrBlock": "0.0.0.0/0", "Target": format!("igw-{v}")}));
        }
        if peered && v < 2 {
            let other = 1 - v;
            let dest = if rng.chance(75) { format!("10.{other}.0.0/16") } else { cut(rng, other) };
            routes.push(json!({"DestinationCidrBlock": dest, "Target": "pcx-01"}));
        }
        if rng.chance(30) {
            let o = rng.below(nvpc as u64) as usize;
            routes
                .push(json!({"DestinationCidrBlock": cut(rng, second(o)), "Target": "igw-gone", "State": "blackhole"}));
        }
        if rng.chance(20) {
            // An appliance route: the named ENI becomes a class of its own.
            routes.push(json!({"DestinationCidrBlock": "192.168.0.0/16", "Target": format!("eni-{v}-0-0")}));
        }
        rts.push(json!({"RouteTableId": format!("rtb-{v}"), "VpcId": vpc, "Main": true, "Routes": routes}));
        for g in 0..3 {
            let mut ingress = vec![];
            for _ in 0..rng.below(3) {
                let proto = rng.pick(&["tcp", "udp", "-1", "icmp"]).unwrap().to_string();
                let mut rule = json!({"IpProtocol": proto});
                if proto == "tcp" || proto == "udp" {
                    let p = *rng.pick(&[22, 53, 443]).unwrap();
                    rule["FromPort"] = json!(p);
                    rule["ToPort"] = json!(if rng.chance(30) { 1024 } else { p });
                } else if proto == "icmp" {
                    rule["FromPort"] = json!(-1);
                    rule["ToPort"] = json!(-1);
                }
                if rng.chance(30) {
                    rule["ReferencedGroupId"] = json!(format!("sg-{}-{}", rng.below(nvpc as u64), rng.below(3)));
                } else {
                    let o = rng.below(nvpc as u64) as usize;
                    rule["CidrIpv4"] = json!(cut(rng, second(o)));
                }
                ingress.push(rule);
            }
            let egress = if rng.chance(80) {
                vec![json!({"IpProtocol": "-1", "CidrIpv4": "0.0.0.0/0"})]
            } else {
                vec![json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv4": cut(rng, b)})]
            };
            sgs.push(json!({"GroupId": format!("sg-{v}-{g}"), "GroupName": if g == 0 { "default".to_string() } else { format!("g{g}") },
                "VpcId": vpc, "IpPermissions": ingress, "IpPermissionsEgress": egress}));
        }
        acls.push(json!({"NetworkAclId": format!("acl-{v}"), "VpcId": vpc, "IsDefault": true, "Entries": [
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}));
        for s in 0..2 {
            let subnet = format!("subnet-{v}-{s}");
            subnets.push(json!({"SubnetId": subnet, "VpcId": vpc, "AvailabilityZone": "us-east-1a", "CidrBlock": format!("10.{b}.{s}.0/24")}));
            if rng.chance(40) {
                // A NACL of its own with entries that cut the address space.
                let mut entries = vec![];
                for n in 0..1 + rng.below(3) {
                    let o = rng.below(nvpc as u64) as usize;
                    entries.push(json!({"RuleNumber": 10 + n * 10, "Egress": rng.chance(30), "RuleAction": if rng.chance(50) { "deny" } else { "allow" },
                        "Protocol": rng.pick(&["-1", "tcp", "udp"]).unwrap().to_string(), "CidrBlock": cut(rng, second(o))}));
                }
                entries.push(json!({"RuleNumber": 200, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}));
                if rng.chance(80) {
                    entries.push(json!({"RuleNumber": 200, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}));
                }
                acls.push(json!({"NetworkAclId": format!("acl-{v}-{s}"), "VpcId": vpc, "Associations": [subnet], "Entries": entries}));
            }
            for k in 0..3 + rng.below(6) {
                let id = format!("{v}-{s}-{k}");
                // Addresses in a few clusters over the /24, so the cuts above fall between some of them.
                let host = 10 + rng.below(2) * 100 + k;
                let mut groups = vec![format!("sg-{v}-{}", u64::from(rng.chance(15)))];
                if rng.chance(10) {
                    groups.push(format!("sg-{v}-2"));
                }
                let mut eni = json!({"NetworkInterfaceId": format!("eni-{id}"), "SubnetId": subnet,
                    "PrivateIpAddresses": [format!("10.{b}.{s}.{host}")], "Groups": groups, "InstanceId": format!("i-{id}")});
                if rng.chance(15) {
                    eni["PublicIp"] = json!(format!("54.0.{}.{host}", v * 10 + s));
                }
                if rng.chance(5) {
                    eni["SourceDestCheck"] = json!(false);
                }
                enis.push(eni);
                let state = if rng.chance(5) { "stopped" } else { "running" };
                insts.push(json!({"InstanceId": format!("i-{id}"), "State": state, "NetworkInterfaces": [format!("eni-{id}")]}));
            }
        }
    }
    let t = json!({"Vpcs": vpcs, "Subnets": subnets, "RouteTables": rts, "InternetGateways": igws, "SecurityGroups": sgs,
        "NetworkAcls": acls, "NetworkInterfaces": enis, "Instances": insts, "VpcPeeringConnections": pcx});
    serde_json::from_value(t).expect("generated topology")
}

fn probe(from: &str, to: &str, protocol: Protocol, port: u16) -> Probe {
    Probe {
        from: from.into(),
        to: to.into(),
        protocol,
        src_port: None,
        dst_port: port,
        options: ProbeOptions::default(),
    }
}

/// The oracle: every ordered pair of distinct ENIs, each on a simulator of its own.
fn oracle(t: &Topology, protocol: Protocol, port: u16) -> Vec<(String, String, Outcome)> {
    let ids: Vec<&str> = t
        .network_interfaces
        .iter()
        .filter(|e| e.primary_ip().is_some())
        .map(|e| e.network_interface_id.as_str())
        .collect();
    let mut out = vec![];
    for s in &ids {
        for d in &ids {
            if s == d {
                continue;
            }
            let mut sim = Simulator::new(t.clone()).unwrap();
            let outcome = match sim.send(&probe(s, d, protocol, port)) {
                Ok(ex) => Outcome::of(&ex),
                Err(error) => Outcome::Refused { error },
            };
            out.push((s.to_string(), d.to_string(), outcome));
        }
    }
    out
}

/// Every ENI with an IPv4 address, named by id so that NAT gateway, load balancer and endpoint ENIs take part.
fn everyone(t: &Topology) -> Query {
    let ids: Vec<String> = t
        .network_interfaces
        .iter()
        .filter(|e| e.primary_ip().is_some())
        .map(|e| e.network_interface_id.clone())
        .collect();
    Query { from: ids.clone(), to: ids, ..Query::new(Protocol::TCP, 443) }
}

fn expanded(r: &reach::Reach) -> Vec<(String, String, Outcome)> {
    let mut v: Vec<_> = r.pairs().map(|(s, d, o)| (s.to_string(), d.to_string(), o.clone())).collect();
    let order = |id: &str| id.to_string();
    v.sort_by_key(|(s, d, _)| (order(s), order(d)));
    v
}

#[test]
fn classes_agree_with_tracing_every_pair() {
    let mut rng = Rng(0x5eac_4a11_0f20_2026);
    let (mut members, mut classes, mut multi) = (0, 0, 0);
    for round in 0..80 {
        let t = topology(&mut rng);
        let (protocol, port) =
            *rng.pick(&[(Protocol::TCP, 443), (Protocol::TCP, 22), (Protocol::UDP, 53), (Protocol::ICMP, 0)]).unwrap();
        let r = reach::reach(t.clone(), &Query::new(protocol, port)).unwrap();
        let mut want = oracle(&t, protocol, port);
        want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let got = expanded(&r);
        assert_eq!(got.len(), want.len(), "round {round}: pair count");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(
                g,
                w,
                "round {round}: {protocol}/{port} {} → {}\n{}",
                w.0,
                w.1,
                serde_json::to_string(&t).unwrap()
            );
        }
        assert_eq!(r.pairs.total as usize, want.len());
        assert_eq!(r.pairs.reachable as usize, want.iter().filter(|p| p.2.is_reachable()).count());
        members += r.interfaces;
        classes += r.classes.len();
        multi += r.classes.iter().filter(|c| c.members.len() > 1).count();
    }
    // The generator must give the classes something to merge, or this test proves nothing.
    eprintln!("{classes} classes over {members} ENIs, {multi} with several members");
    assert!(classes * 10 < members * 8, "{classes} classes over {members} ENIs");
    assert!(multi > 100, "{multi} classes with several members");
}

/// The corpus's bases and the Batfish reference snapshots (NAT gateways, TGWs, load balancers, PrivateLink,
/// overlapping VPCs), every ENI taking part.
#[test]
fn classes_agree_with_tracing_every_pair_on_the_corpus() {
    let mut bases: Vec<Topology> = corpus::BASES.iter().map(|(_, t)| serde_json::from_str(t).unwrap()).collect();
    for dir in ["test-nat-gateway", "test-transit-gateway", "test-load-balancer", "test-vpc-peering"] {
        let path = vpcsim_tests::shared_dir().join("testdata/batfish").join(dir);
        bases.push(vpc_core::formats::files::load(&path).unwrap().0);
    }
    for (i, t) in bases.iter().enumerate() {
        for (protocol, port) in [(Protocol::TCP, 443), (Protocol::TCP, 22), (Protocol::UDP, 53), (Protocol::ICMP, 0)] {
            let q = Query { protocol, port, ..everyone(t) };
            let r = reach::reach(t.clone(), &q).unwrap();
            let mut want = oracle(t, protocol, port);
            want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            assert_eq!(expanded(&r), want, "base {i}, {protocol}/{port}");
        }
    }
}

#[test]
fn a_filter_is_the_full_result_restricted_and_output_is_deterministic() {
    let mut rng = Rng(0x00f1_17e2);
    for _ in 0..20 {
        let t = topology(&mut rng);
        let q = Query::new(Protocol::TCP, 443);
        let full = reach::reach(t.clone(), &q).unwrap();
        assert_eq!(full, reach::reach(t.clone(), &q).unwrap(), "same input, same output");
        let filtered = Query { from: vec!["vpc-0".into()], to: vec!["subnet-1-0".into(), "eni-0-1-0".into()], ..q };
        let part = reach::reach(t.clone(), &filtered).unwrap();
        let want: Vec<_> = expanded(&full)
            .into_iter()
            .filter(|(s, d, _)| s.starts_with("eni-0-") && (d.starts_with("eni-1-0-") || d == "eni-0-1-0"))
            .collect();
        assert_eq!(expanded(&part), want);
    }
    let t = topology(&mut rng);
    let err = reach::reach(t, &Query { from: vec!["vpc-nope".into()], ..Query::new(Protocol::TCP, 443) }).unwrap_err();
    assert!(err.message.contains("vpc-nope") && err.field == "from", "{err}");
}

fn lab() -> Topology {
    let (_, text) = corpus::BASES.iter().find(|(n, _)| *n == "lab.json").unwrap();
    serde_json::from_str(text).unwrap()
}

/// The lesson topology (tests/scenarios/topologies/lab.json), TCP 8080: only sg-app admits 8080, and only from
/// members of sg-web (R3.7). The NAT gateway's ENI is not a host and takes no part.
#[test]
fn the_lab_at_tcp_8080_reads_as_a_table() {
    use Outcome::*;
    let sg = Unreachable { leg: Leg::Forward, reason: Some(Reason::EniSgRulesMismatch) };
    let table: &[(&str, &str, Outcome)] = &[
        ("eni-web", "eni-app", Reachable),
        ("eni-web", "eni-db", sg.clone()),
        ("eni-web", "eni-worker", Reachable),
        ("eni-app", "eni-web", sg.clone()),
        ("eni-app", "eni-db", sg.clone()),
        ("eni-app", "eni-worker", sg.clone()),
        ("eni-db", "eni-web", sg.clone()),
        ("eni-db", "eni-app", sg.clone()),
        ("eni-db", "eni-worker", sg.clone()),
        ("eni-worker", "eni-web", sg.clone()),
        ("eni-worker", "eni-app", sg.clone()),
        ("eni-worker", "eni-db", sg.clone()),
    ];
    let r = reach::reach(lab(), &Query::new(Protocol::TCP, 8080)).unwrap();
    assert_eq!(r.interfaces, 4);
    let got: Vec<(&str, &str, Outcome)> = r.pairs().map(|(s, d, o)| (s, d, o.clone())).collect();
    assert_eq!(got, table);
    assert_eq!((r.pairs.total, r.pairs.reachable, r.pairs.unreachable), (12, 2, 10));
    assert_eq!(r.outcome("eni-web", "eni-worker"), Some(&Reachable));
    assert_eq!(r.outcome("eni-web", "eni-web"), None, "self pairs are left out");
}

/// The `--json` shape README.md documents.
#[test]
fn the_json_shape_is_stable() {
    let r = reach::reach(lab(), &Query::new(Protocol::TCP, 8080)).unwrap();
    let v: Value = serde_json::to_value(&r).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["classes", "interfaces", "pairs", "port", "protocol", "results", "skipped"]);
    assert_eq!(v["protocol"], "tcp");
    assert_eq!(
        v["classes"][0],
        json!({"id": 0, "vpc": "vpc-a", "subnet": "subnet-pub", "groups": ["sg-web"],
        "source": true, "destination": true, "members": ["eni-web"]})
    );
    assert_eq!(
        v["results"][0],
        json!({"from": 0, "to": 1, "pairs": 1, "verdict": "reachable",
        "traced": {"from": "eni-web", "to": "eni-app"}})
    );
    assert_eq!(
        v["results"][1],
        json!({"from": 0, "to": 2, "pairs": 1, "verdict": "unreachable", "leg": "forward",
        "reason": "ENI_SG_RULES_MISMATCH", "traced": {"from": "eni-web", "to": "eni-db"}})
    );
    assert_eq!(v["pairs"], json!({"total": 12, "reachable": 2, "unreachable": 10}));
    let back: reach::Reach = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}
