//! Property tests against naive oracles, with a deterministic generator: NACL first match, NAT port maps are
//! injective, replies mirror their requests, and traces are deterministic.

use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::model::{NetworkAcl, NetworkAclEntry, PortRange, RuleAction};
use vpc_core::packet::{Protocol, RuleProtocol};
use vpc_core::trace::{Action, ComponentKind, Verdict};
use vpc_core::{Simulator, Topology};
use vpcsim_tests::{corpus, Rng};

fn lab() -> Topology {
    let (_, text) = corpus::BASES.iter().find(|(n, _)| *n == "lab.json").unwrap();
    serde_json::from_str(text).unwrap()
}

/// The oracle: sort by rule number, take the first entry that matches protocol, CIDR and port.
fn oracle(entries: &[NetworkAclEntry], src: std::net::IpAddr, proto: Protocol, port: u16) -> (bool, String) {
    let mut inbound: Vec<&NetworkAclEntry> = entries.iter().filter(|e| !e.egress).collect();
    inbound.sort_by_key(|e| e.rule_number);
    for e in inbound {
        let proto_ok = e.protocol == RuleProtocol::All || e.protocol == RuleProtocol::One(proto);
        let port_ok = e.port_range.is_none_or(|r| r.from <= port && port <= r.to);
        if proto_ok && e.cidr_block.contains(&src) && port_ok {
            return (e.rule_action == RuleAction::Allow, e.rule_number.to_string());
        }
    }
    (false, "*".into())
}

#[test]
fn nacl_first_match_agrees_with_a_naive_oracle() {
    let mut rng = Rng(0x0ac1_1234_5678_u64);
    for round in 0..300 {
        let mut t = lab();
        let mut entries = vec![NetworkAclEntry {
            rule_number: 32000,
            egress: true,
            rule_action: RuleAction::Allow,
            protocol: RuleProtocol::All,
            cidr_block: "0.0.0.0/0".parse().unwrap(),
            port_range: None,
            icmp_type_code: None,
        }];
        let mut used = std::collections::BTreeSet::new();
        for _ in 0..1 + rng.below(8) {
            let n = 1 + rng.below(300) as u16;
            if !used.insert(n) {
                continue;
            }
            let len = rng.below(33) as u8;
            let from = rng.below(1024) as u16;
            entries.push(NetworkAclEntry {
                rule_number: n,
                egress: false,
                rule_action: if rng.below(2) == 0 { RuleAction::Allow } else { RuleAction::Deny },
                protocol: [RuleProtocol::All, RuleProtocol::One(Protocol::TCP), RuleProtocol::One(Protocol::UDP)]
                    [rng.below(3) as usize],
                cidr_block: ipnet::IpNet::new(
                    std::net::IpAddr::V4((198 << 24 | 51 << 16 | rng.below(65536) as u32).into()),
                    len,
                )
                .unwrap()
                .trunc(),
                port_range: (rng.below(2) == 0).then_some(PortRange { from, to: from + rng.below(600) as u16 }),
                icmp_type_code: None,
            });
        }
        t.network_acls.push(NetworkAcl {
            network_acl_id: "acl-p".into(),
            name: None,
            vpc_id: "vpc-a".into(),
            is_default: false,
            associations: vec!["subnet-pub".into()],
            entries: entries.clone(),
        });
        let src: std::net::IpAddr = std::net::Ipv4Addr::from(198 << 24 | 51 << 16 | rng.below(65536) as u32).into();
        let proto = if rng.below(2) == 0 { Protocol::TCP } else { Protocol::UDP };
        let port = rng.below(1500) as u16;
        let mut sim = Simulator::new(t).unwrap();
        let probe = Probe {
            from: src.to_string(),
            to: "54.0.0.10".into(),
            protocol: proto,
            src_port: Some(40000),
            dst_port: port,
            options: ProbeOptions::default(),
        };
        let ex = sim.send(&probe).unwrap();
        let hop = ex
            .forward
            .hops
            .iter()
            .find(|h| h.component.kind == ComponentKind::NetworkAcl)
            .expect("the NACL is evaluated");
        let (allow, key) = oracle(&entries, src, proto, port);
        assert_eq!(hop.action == Action::Permitted, allow, "round {round}: {:?}", hop.rule);
        assert_eq!(hop.rule.as_ref().unwrap().key, key, "round {round}");
    }
}

#[test]
fn replies_mirror_their_requests_and_traces_are_deterministic() {
    let t = lab();
    let ends = ["i-web", "i-app", "i-db", "i-worker", "8.8.8.8", "54.0.0.10", "203.0.113.9", "10.0.1.11", "3.80.0.100"];
    let mut rng = Rng(0x0dec_1de5);
    let mut probes = Vec::new();
    for _ in 0..200 {
        let protocol = [Protocol::TCP, Protocol::UDP, Protocol::ICMP][rng.below(3) as usize];
        probes.push(Probe {
            from: ends[rng.below(ends.len() as u64) as usize].into(),
            to: ends[rng.below(ends.len() as u64) as usize].into(),
            protocol,
            src_port: None,
            dst_port: [22, 80, 443, 5432, 8080][rng.below(5) as usize],
            options: ProbeOptions::default(),
        });
    }
    let run = || {
        let mut sim = Simulator::new(t.clone()).unwrap();
        probes.iter().map(|p| sim.send(p).ok()).collect::<Vec<_>>()
    };
    let (a, b) = (run(), run());
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap(),
        "same topology, probes and state ⇒ identical traces"
    );
    let mut mirrored = 0;
    for ex in a.into_iter().flatten() {
        let (Some(reply), true) = (&ex.reply, ex.forward.verdict == Verdict::Delivered) else { continue };
        let (Some(rx), Some(first)) = (ex.forward.hops.last(), reply.hops.first()) else { continue };
        let (got, back) = (&rx.header_out, &first.header_in);
        assert_eq!((back.src, back.dst), (got.dst, got.src), "the reply leaves from what the request reached");
        if got.protocol.has_ports() {
            assert_eq!((back.src_port, back.dst_port), (got.dst_port, got.src_port));
        }
        if reply.verdict == Verdict::Delivered {
            let sent = &ex.forward.hops[0].header_in;
            let home = &reply.hops.last().unwrap().header_out;
            assert_eq!(home.dst, sent.src, "un-translated on the way back");
            if sent.protocol.has_ports() {
                assert_eq!((home.src_port, home.dst_port), (sent.dst_port, sent.src_port));
            } else {
                assert_eq!(home.src_port, sent.src_port, "ICMP echo identifier");
            }
        }
        mirrored += 1;
    }
    assert!(mirrored > 20, "only {mirrored} delivered exchanges");
}

/// R6.5 PAT: the NAT port map is injective. Many flows from inside hosts (including clashing source ports) to a
/// few destinations never share an outside (address, port) towards the same destination, and every inside flow
/// keeps exactly one outside mapping.
#[test]
fn nat_port_map_is_injective() {
    let mut rng = Rng(0x9a7_0000_beef_u64);
    let mut sim = Simulator::new(lab()).unwrap();
    let sources = ["i-db", "i-worker", "i-app"];
    let destinations = ["93.184.216.34", "8.8.8.8"];
    for _ in 0..400 {
        let probe = Probe {
            from: sources[rng.below(sources.len() as u64) as usize].into(),
            to: destinations[rng.below(destinations.len() as u64) as usize].into(),
            protocol: Protocol::TCP,
            // A narrow port range so that different hosts clash on the same source port.
            src_port: Some(40000 + rng.below(16) as u16),
            dst_port: 443,
            options: ProbeOptions::default(),
        };
        sim.send(&probe).unwrap();
    }
    let entries = sim.translations();
    assert!(entries.len() >= 16, "expected many NAT entries, got {}", entries.len());
    let mut outside = std::collections::BTreeSet::new();
    let mut inside = std::collections::BTreeMap::new();
    for e in &entries {
        let out_key = (e.translator.clone(), e.protocol, e.outside, e.outside_port, e.destination, e.destination_port);
        assert!(outside.insert(out_key), "outside tuple reused: {e:?}");
        let in_key = (e.translator.clone(), e.protocol, e.inside, e.inside_port, e.destination, e.destination_port);
        let mapped = (e.outside, e.outside_port);
        assert_eq!(*inside.entry(in_key).or_insert(mapped), mapped, "inside flow mapped twice: {e:?}");
    }
}
