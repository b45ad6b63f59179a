//! Edits through the core's edit path: AWS's API rules, and a refused edit changes nothing.

use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::edit::{apply, Edit};
use vpc_core::model::PeeringStatus;
use vpc_core::packet::Protocol;
use vpc_core::{Simulator, Topology};
use vpcsim_tests::corpus;

fn base(name: &str) -> Topology {
    serde_json::from_str(corpus::BASES.iter().find(|(n, _)| *n == name).unwrap().1).unwrap()
}

#[test]
fn s08_overlapping_vpcs_cannot_peer() {
    let mut t = base("overlap.json");
    let created = apply(
        &mut t,
        &Edit::CreateVpcPeeringConnection { requester_vpc_id: "vpc-a".into(), accepter_vpc_id: "vpc-b".into() },
    )
    .unwrap();
    let p = t.vpc_peering_connections.iter().find(|p| p.vpc_peering_connection_id == created.created[0]).unwrap();
    assert_eq!(p.status, PeeringStatus::Failed, "R7.3: overlapping CIDRs (10.0.0.0/16 on both sides)");
    let accept = Edit::SetPeeringStatus {
        vpc_peering_connection_id: p.vpc_peering_connection_id.clone(),
        status: PeeringStatus::Active,
    };
    assert_eq!(apply(&mut t, &accept).unwrap_err().rule, "R7.1", "a failed request cannot be accepted");
}

#[test]
fn seed004_request_accept_route_and_delete() {
    // Two VPCs A 10.0.0.0/16 and B 10.1.0.0/16 (three-vpcs base): request, accept, route both sides, trace.
    let mut t = base("three-vpcs.json");
    let before = t.clone();
    let pcx = apply(
        &mut t,
        &Edit::CreateVpcPeeringConnection { requester_vpc_id: "vpc-a".into(), accepter_vpc_id: "vpc-b".into() },
    )
    .unwrap()
    .created[0]
        .clone();
    let again = apply(
        &mut t,
        &Edit::CreateVpcPeeringConnection { requester_vpc_id: "vpc-b".into(), accepter_vpc_id: "vpc-a".into() },
    )
    .unwrap_err();
    assert_eq!(again.rule, "R7.4");
    apply(
        &mut t,
        &Edit::CreateRoute {
            route_table_id: "rtb-a".into(),
            destination: "10.1.0.0/16".parse().unwrap(),
            target: pcx.clone(),
        },
    )
    .unwrap();
    apply(
        &mut t,
        &Edit::CreateRoute {
            route_table_id: "rtb-b".into(),
            destination: "10.0.0.0/16".parse().unwrap(),
            target: pcx.clone(),
        },
    )
    .unwrap();
    let probe = Probe {
        from: "i-aa".into(),
        to: "i-ba".into(),
        protocol: Protocol::ICMP,
        src_port: None,
        dst_port: 0,
        options: ProbeOptions::default(),
    };
    let send = |t: &Topology| Simulator::new(t.clone()).unwrap().send(&probe).unwrap();
    assert_eq!(
        send(&t).forward.reason.map(|r| r.code()),
        Some("BAD_STATE_ROUTE"),
        "pending-acceptance: blackhole (S12)"
    );
    apply(&mut t, &Edit::SetPeeringStatus { vpc_peering_connection_id: pcx.clone(), status: PeeringStatus::Active })
        .unwrap();
    let ex = send(&t);
    assert!(ex.forward.reason.is_none() && ex.reply.is_some_and(|r| r.reason.is_none()), "active and routed both ways");
    assert_eq!(ex.forward.traceroute.len(), 1, "seed 004 test 2: one hop over the peering");
    apply(&mut t, &Edit::SetPeeringStatus { vpc_peering_connection_id: pcx, status: PeeringStatus::Deleted }).unwrap();
    assert_eq!(
        send(&t).forward.reason.map(|r| r.code()),
        Some("BAD_STATE_ROUTE"),
        "seed 004 test 2 after deleting the peering"
    );
    assert_ne!(t, before);
}

#[test]
fn refused_edits_change_nothing_and_name_resource_field_rule() {
    let mut t = base("lab.json");
    let before = t.clone();
    let cases = [
        (
            Edit::CreateRoute {
                route_table_id: "rtb-pub".into(),
                destination: "10.0.1.128/25".parse().unwrap(),
                target: "eni-web".into(),
            },
            "rtb-pub",
            "R2.3",
        ),
        (
            Edit::CreateRoute {
                route_table_id: "rtb-pub".into(),
                destination: "169.254.168.0/22".parse().unwrap(),
                target: "igw-a".into(),
            },
            "rtb-pub",
            "R2.9",
        ),
        (
            Edit::CreateRoute {
                route_table_id: "rtb-pub".into(),
                destination: "0.0.0.0/0".parse().unwrap(),
                target: "eigw-a".into(),
            },
            "rtb-pub",
            "CreateRoute",
        ),
        (
            Edit::CreateRoute {
                route_table_id: "rtb-pub".into(),
                destination: "1.0.0.0/8".parse().unwrap(),
                target: "eigw-a".into(),
            },
            "rtb-pub",
            "R5.11",
        ),
        (
            Edit::CreateRoute {
                route_table_id: "rtb-pub".into(),
                destination: "1.0.0.0/8".parse().unwrap(),
                target: "bogus".into(),
            },
            "rtb-pub",
            "R2.10",
        ),
        (
            Edit::DeleteRoute { route_table_id: "rtb-pub".into(), destination: "10.0.0.0/16".parse().unwrap() },
            "rtb-pub",
            "R2.3",
        ),
        (Edit::RunInstance { subnet_id: "subnet-none".into(), name: None }, "subnet-none", "RunInstances"),
        (Edit::TerminateInstance { instance_id: "i-none".into() }, "i-none", "TerminateInstances"),
    ];
    for (edit, resource, rule) in cases {
        let e = apply(&mut t, &edit).unwrap_err();
        assert_eq!((e.resource.as_str(), e.rule.as_str()), (resource, rule), "{edit:?}: {e}");
        assert!(!e.field.is_empty() && !e.message.is_empty(), "{e}");
        assert_eq!(t, before, "{edit:?} changed the topology");
    }
}

#[test]
fn the_underlay_view_is_opt_in_and_marked_as_a_teaching_model() {
    let t = base("lab.json");
    let mut probe = Probe {
        from: "i-db".into(),
        to: "1.1.1.1".into(),
        protocol: Protocol::TCP,
        src_port: Some(40000),
        dst_port: 443,
        options: ProbeOptions::default(),
    };
    let plain = Simulator::new(t.clone()).unwrap().send(&probe).unwrap();
    assert!(plain.forward.hops.iter().all(|h| h.underlay.is_none()));
    probe.options.underlay = true;
    let ex = Simulator::new(t).unwrap().send(&probe).unwrap();
    let devices: Vec<&str> =
        ex.forward.hops.iter().filter_map(|h| h.underlay.as_ref()).map(|u| u.device.as_str()).collect();
    assert!(devices.contains(&"Hyperplane") && devices.contains(&"Blackfoot edge"), "{devices:?}");
    assert!(devices.iter().any(|d| d.starts_with("host-")), "the sender's host");
    let igw = ex.forward.hops.iter().find(|h| h.component.id == "igw-a").unwrap().underlay.as_ref().unwrap();
    assert!(igw.notes[0].contains("teaching model") && igw.notes[1].contains("1:1 NAT"));
}
