//! Edits through the core's edit path: AWS's API rules, and a refused edit changes nothing.

use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::edit::{apply, Edit};
use vpc_core::model::PeeringStatus;
use vpc_core::packet::Protocol;
use vpc_core::{Simulator, Topology};
use vpcsim_tests::{corpus, Rng};

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
            "RouteAlreadyExists",
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
    // Every note has a Korean form (the UI and `--lang ko` show it); addresses and ids stay as they are.
    let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    for u in ex.forward.hops.iter().chain(&ex.reply.as_ref().unwrap().hops).filter_map(|h| h.underlay.as_ref()) {
        for n in &u.notes {
            let ko = vpc_core::dataplane::note_in(n, vpc_core::reason::Lang::Ko);
            assert!(hangul(&ko), "{n} has no Korean form");
        }
    }
    let mapping = ex.forward.hops[0].underlay.as_ref().unwrap().notes[1].clone();
    let ko = vpc_core::dataplane::note_in(&mapping, vpc_core::reason::Lang::Ko);
    assert!(ko.starts_with("매핑 서비스: ") && ko.ends_with(mapping.split_once(": ").unwrap().1), "{ko}");
}

// ── The typed edit path built out (issue 3): a lab through edits only, one refused edit per rule ─────────

use vpc_core::edit::{apply_at, Applied};
use vpc_core::model::{
    ConnectivityType, EndpointType, NetworkAclEntry, PlacementStrategy, RouteDestination, RuleAction, RulePeer,
    SecurityGroupRule,
};
use vpc_core::packet::RuleProtocol;
use vpc_core::Error;

fn ok(t: &mut Topology, e: Edit) -> Applied {
    match apply(t, &e) {
        Ok(a) => a,
        Err(err) => panic!("{e:?} refused: {err}"),
    }
}

fn cidr(s: &str) -> ipnet::Ipv4Net {
    s.parse().unwrap()
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse().unwrap()
}

fn allow_from(c: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        security_group_rule_id: None,
        ip_protocol: RuleProtocol::All,
        from_port: None,
        to_port: None,
        peer: RulePeer::CidrIpv4(cidr(c)),
        description: None,
    }
}

/// Ids of one VPC of the lab.
struct Side {
    vpc: String,
    main_rtb: String,
    sg: String,
    public: String,
    private: String,
    public_rtb: String,
}

/// A subnet created through the edit path: its id.
fn subnet_in(t: &mut Topology, vpc: &str, block: &str, az: &str) -> String {
    let edit =
        Edit::CreateSubnet { vpc_id: vpc.into(), cidr_block: cidr(block), availability_zone: az.into(), name: None };
    ok(t, edit).created[0].clone()
}

fn side(t: &mut Topology, block: &str, octet: u8) -> Side {
    let v = ok(t, Edit::CreateVpc { cidr_block: cidr(block), name: None, region: Some("us-east-1".into()) }).created;
    let (vpc, main_rtb, sg) = (v[0].clone(), v[1].clone(), v[3].clone());
    let public = ok(
        t,
        Edit::CreateSubnet {
            vpc_id: vpc.clone(),
            cidr_block: cidr(&format!("10.{octet}.0.0/24")),
            availability_zone: "us-east-1a".into(),
            name: Some("public".into()),
        },
    )
    .created[0]
        .clone();
    let private = ok(
        t,
        Edit::CreateSubnet {
            vpc_id: vpc.clone(),
            cidr_block: cidr(&format!("10.{octet}.1.0/24")),
            availability_zone: "us-east-1a".into(),
            name: Some("private".into()),
        },
    )
    .created[0]
        .clone();
    let public_rtb = ok(t, Edit::CreateRouteTable { vpc_id: vpc.clone(), name: None }).created[0].clone();
    ok(t, Edit::AssociateRouteTable { route_table_id: public_rtb.clone(), subnet_id: public.clone() });
    ok(t, Edit::ModifySubnetAttribute { subnet_id: public.clone(), map_public_ip_on_launch: true });
    Side { vpc, main_rtb, sg, public, private, public_rtb }
}

/// Seed 004's peering lab, entirely through edits: two VPCs with public/private subnets, IGW, NAT GW,
/// instances, a peering requested and accepted, routes on both sides.
fn lab_through_edits() -> (Topology, Side, Side, String, String, String, String) {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    let b = side(&mut t, "10.1.0.0/16", 1);
    let igw = ok(&mut t, Edit::CreateInternetGateway { name: None }).created[0].clone();
    ok(&mut t, Edit::AttachInternetGateway { internet_gateway_id: igw.clone(), vpc_id: a.vpc.clone() });
    ok(&mut t, Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("0.0.0.0/0"), target: igw });
    let eip = ok(&mut t, Edit::AllocateAddress { region: None }).created[0].clone();
    let nat = ok(
        &mut t,
        Edit::CreateNatGateway {
            subnet_id: a.public.clone(),
            connectivity_type: ConnectivityType::Public,
            allocation_id: Some(eip),
        },
    )
    .created[0]
        .clone();
    ok(&mut t, Edit::CreateRoute { route_table_id: a.main_rtb.clone(), destination: net("0.0.0.0/0"), target: nat });
    let web =
        ok(&mut t, Edit::RunInstance { subnet_id: a.public.clone(), name: Some("web".into()) }).created[0].clone();
    let db = ok(&mut t, Edit::RunInstance { subnet_id: a.private.clone(), name: Some("db".into()) }).created[0].clone();
    let peer =
        ok(&mut t, Edit::RunInstance { subnet_id: b.private.clone(), name: Some("b".into()) }).created[0].clone();
    let pcx = ok(
        &mut t,
        Edit::CreateVpcPeeringConnection { requester_vpc_id: a.vpc.clone(), accepter_vpc_id: b.vpc.clone() },
    )
    .created[0]
        .clone();
    ok(&mut t, Edit::AcceptVpcPeeringConnection { vpc_peering_connection_id: pcx.clone() });
    ok(
        &mut t,
        Edit::CreateRoute { route_table_id: a.main_rtb.clone(), destination: net("10.1.0.0/16"), target: pcx.clone() },
    );
    ok(
        &mut t,
        Edit::CreateRoute { route_table_id: b.main_rtb.clone(), destination: net("10.0.0.0/16"), target: pcx.clone() },
    );
    ok(&mut t, Edit::AuthorizeSecurityGroupIngress { group_id: b.sg.clone(), rule: allow_from("10.0.0.0/16") });
    (t, a, b, web, db, peer, pcx)
}

fn probe(from: &str, to: &str, protocol: Protocol, port: u16) -> Probe {
    Probe {
        from: from.into(),
        to: to.into(),
        protocol,
        src_port: (protocol != Protocol::ICMP).then_some(40000),
        dst_port: port,
        options: ProbeOptions::default(),
    }
}

#[test]
fn seed004_lab_built_entirely_through_edits_forwards_as_designed() {
    let (t, a, _b, web, db, peer, _pcx) = lab_through_edits();
    // AWS defaults on creation.
    let vpc = t.vpcs.iter().find(|v| v.vpc_id == a.vpc).unwrap();
    assert_eq!(vpc.vpc_id, "vpc-0001", "deterministic, AWS-shaped ids");
    let main = t.route_tables.iter().find(|r| r.route_table_id == a.main_rtb).unwrap();
    assert!(main.main && main.routes.iter().any(|r| r.target == "local"), "R2.1/R2.3: main table with local route");
    let default_acl = t.network_acls.iter().find(|n| n.vpc_id == a.vpc && n.is_default).unwrap();
    assert_eq!(default_acl.entries.len(), 2, "R4.3: rule 100 allows all, in and out");
    let sg = t.security_groups.iter().find(|g| g.group_id == a.sg).unwrap();
    assert!(sg.is_default() && matches!(&sg.ip_permissions[0].peer, RulePeer::ReferencedGroupId(g) if g == &a.sg));
    // R1.3 and R1.7: first free unreserved address (.10 in lab numbering), public IP only in the public subnet.
    let eni = |i: &str| t.network_interfaces.iter().find(|e| e.instance_id.as_deref() == Some(i)).unwrap();
    assert!(eni(&web).public_ip.is_some() && eni(&db).public_ip.is_none());
    assert_eq!(eni(&db).private_ip_addresses[0].to_string(), "10.0.1.10");
    assert_eq!(eni(&db).groups, vec![a.sg.clone()], "R3.3: the default SG when none is given");

    let send = |p: &Probe| Simulator::new(t.clone()).unwrap().send(p).unwrap();
    let out = send(&probe(&db, "1.1.1.1", Protocol::TCP, 443));
    assert!(
        out.forward.reason.is_none(),
        "private instance reaches the internet through the NAT GW: {:?}",
        out.forward.reason
    );
    let over_peering = send(&probe(&db, &peer, Protocol::TCP, 5432));
    // TCP, not ICMP: an ICMP echo reply is not matched to its tracked request yet (dataplane conntrack keys
    // swap the ICMP identifier like a port), reported to the dataplane owner.
    assert!(over_peering.forward.reason.is_none() && over_peering.reply.is_some_and(|r| r.reason.is_none()));
    // The accepter's default SG admits only itself and 10.0.0.0/16: the reverse direction is refused by A's SG.
    let back = send(&probe(&peer, &db, Protocol::TCP, 22));
    assert!(back.forward.reason.is_some(), "A's default SG does not admit B (R3.3)");
}

#[test]
fn peering_expires_after_seven_days_and_blocks_requester_cidrs_while_pending() {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    let b = side(&mut t, "10.1.0.0/16", 1);
    let create = Edit::CreateVpcPeeringConnection { requester_vpc_id: a.vpc.clone(), accepter_vpc_id: b.vpc.clone() };
    let pcx = apply_at(&mut t, &create, 1_000).unwrap().created[0].clone();
    // R1.5: the requester of a pending peering cannot add CIDRs.
    let add = Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("10.2.0.0/16") };
    let before = t.clone();
    let e = apply_at(&mut t, &add, 2_000).unwrap_err();
    assert_eq!((e.resource.as_str(), e.field.as_str(), e.rule.as_str()), (a.vpc.as_str(), "CidrBlock", "R1.5"));
    assert_eq!(t, before);
    // R7.2: one second before 7 days it is still pending; at 7 days it expires.
    let rename = Edit::Rename { id: pcx.clone(), name: "ab".into() };
    let week = 7 * 24 * 3600;
    assert!(apply_at(&mut t, &rename, 1_000 + week - 1).unwrap().expired.is_empty());
    let a2 = apply_at(&mut t, &rename, 1_000 + week).unwrap();
    assert_eq!(a2.expired, vec![pcx.clone()]);
    assert_eq!(t.vpc_peering_connections[0].status, PeeringStatus::Expired);
    let accept = Edit::AcceptVpcPeeringConnection { vpc_peering_connection_id: pcx };
    assert_eq!(apply(&mut t, &accept).unwrap_err().rule, "R7.1", "an expired request cannot be accepted");
    // Ended peerings do not count for R7.4: a new request is allowed, and now the CIDR can be added.
    apply_at(&mut t, &add, 1_000 + week).unwrap();
    ok(&mut t, create);
}

#[test]
fn accepter_adding_an_overlapping_secondary_cidr_fails_the_request() {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    let b = side(&mut t, "10.1.0.0/16", 1);
    ok(&mut t, Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("10.5.0.0/16") });
    // R1.5: a new block gets a local route in every table of the VPC.
    for rt in t.route_tables.iter().filter(|r| r.vpc_id == a.vpc) {
        assert!(rt
            .routes
            .iter()
            .any(|r| r.destination == RouteDestination::Cidr(net("10.5.0.0/16")) && r.target == "local"));
    }
    let pcx = ok(
        &mut t,
        Edit::CreateVpcPeeringConnection { requester_vpc_id: a.vpc.clone(), accepter_vpc_id: b.vpc.clone() },
    )
    .created[0]
        .clone();
    ok(&mut t, Edit::AssociateVpcCidrBlock { vpc_id: b.vpc.clone(), cidr_block: cidr("10.5.0.0/16") });
    let p = t.vpc_peering_connections.iter().find(|p| p.vpc_peering_connection_id == pcx).unwrap();
    assert_eq!(p.status, PeeringStatus::Failed, "R1.5/R7.3: the accepter's overlapping CIDR fails the request");
    // R7.3 with a secondary CIDR: a fresh request between overlapping VPCs fails at once.
    let c = ok(
        &mut t,
        Edit::CreateVpcPeeringConnection { requester_vpc_id: b.vpc.clone(), accepter_vpc_id: a.vpc.clone() },
    );
    let p = t.vpc_peering_connections.iter().find(|p| p.vpc_peering_connection_id == c.created[0]).unwrap();
    assert_eq!(p.status, PeeringStatus::Failed);
}

fn entry(n: u16, egress: bool) -> NetworkAclEntry {
    NetworkAclEntry {
        rule_number: n,
        egress,
        rule_action: RuleAction::Allow,
        protocol: RuleProtocol::All,
        cidr_block: net("0.0.0.0/0"),
        port_range: None,
        icmp_type_code: None,
    }
}

#[test]
fn every_rule_refuses_its_edit_and_changes_nothing() {
    let (mut t, a, b, web, db, _peer, pcx) = lab_through_edits();
    let custom_acl = ok(&mut t, Edit::CreateNetworkAcl { vpc_id: a.vpc.clone(), name: None }).created[0].clone();
    for n in 1..=19 {
        ok(&mut t, Edit::CreateNetworkAclEntry { network_acl_id: custom_acl.clone(), entry: entry(n, false) });
    }
    for _ in 0..4 {
        ok(&mut t, Edit::AllocateAddress { region: None }); // 5 EIPs with the NAT GW's
    }
    let spread = "spread".to_string();
    ok(
        &mut t,
        Edit::CreatePlacementGroup {
            group_name: spread.clone(),
            strategy: PlacementStrategy::Spread,
            partition_count: None,
        },
    );
    let mut spread_members = Vec::new();
    for _ in 0..7 {
        let i = ok(&mut t, Edit::RunInstance { subnet_id: b.public.clone(), name: None }).created[0].clone();
        ok(&mut t, Edit::ModifyInstancePlacement { instance_id: i.clone(), group_name: Some(spread.clone()) });
        spread_members.push(i);
    }
    let eighth = ok(&mut t, Edit::RunInstance { subnet_id: b.public.clone(), name: None }).created[0].clone();
    let cluster = "cluster".to_string();
    ok(
        &mut t,
        Edit::CreatePlacementGroup {
            group_name: cluster.clone(),
            strategy: PlacementStrategy::Cluster,
            partition_count: None,
        },
    );
    let other_az = subnet_in(&mut t, &a.vpc, "10.0.2.0/24", "us-east-1b");
    let far = ok(&mut t, Edit::RunInstance { subnet_id: other_az.clone(), name: None }).created[0].clone();
    ok(&mut t, Edit::ModifyInstancePlacement { instance_id: web.clone(), group_name: Some(cluster.clone()) });
    let sgs: Vec<String> = (0..5)
        .map(|k| {
            ok(&mut t, Edit::CreateSecurityGroup { vpc_id: a.vpc.clone(), group_name: format!("g{k}") }).created[0]
                .clone()
        })
        .collect();
    let extra_sg =
        ok(&mut t, Edit::CreateSecurityGroup { vpc_id: a.vpc.clone(), group_name: "extra".into() }).created[0].clone();
    let web_eni = t
        .network_interfaces
        .iter()
        .find(|e| e.instance_id.as_deref() == Some(web.as_str()))
        .unwrap()
        .network_interface_id
        .clone();
    let vgw1 = ok(&mut t, Edit::CreateVpnGateway { name: None }).created[0].clone();
    let vgw2 = ok(&mut t, Edit::CreateVpnGateway { name: None }).created[0].clone();
    ok(&mut t, Edit::AttachVpnGateway { vpn_gateway_id: vgw1, vpc_id: a.vpc.clone() });
    let igw2 = ok(&mut t, Edit::CreateInternetGateway { name: None }).created[0].clone();
    let b_eip =
        ok(&mut t, Edit::CreateVpc { cidr_block: cidr("10.9.0.0/16"), name: None, region: None }).created[0].clone();
    let b_igw_less_subnet = b.public.clone();
    let igw_a = t.internet_gateways[0].internet_gateway_id.clone();
    let default_acl = t.network_acls.iter().find(|n| n.vpc_id == a.vpc && n.is_default).unwrap().network_acl_id.clone();

    let s = |x: &str| x.to_string();
    // A VPC peered with nobody: its groups cannot be referenced from A (R7.8).
    let lonely = ok(&mut t, Edit::CreateVpc { cidr_block: "10.9.0.0/16".parse().unwrap(), name: None, region: None });
    let lonely_sg = lonely.created[3].clone();
    #[rustfmt::skip]
    let cases: Vec<(Edit, String, &str, &str)> = vec![
        (Edit::CreateVpc { cidr_block: cidr("10.0.0.0/8"), name: None, region: None }, s("vpc-0005"), "CidrBlock", "R1.1"),
        (Edit::CreateVpc { cidr_block: cidr("10.0.0.0/29"), name: None, region: None }, s("vpc-0005"), "CidrBlock", "R1.1"),
        (Edit::CreateSubnet { vpc_id: a.vpc.clone(), cidr_block: cidr("10.1.0.0/24"), availability_zone: s("us-east-1a"), name: None }, s("subnet-0006"), "CidrBlock", "R1.2"),
        (Edit::CreateSubnet { vpc_id: a.vpc.clone(), cidr_block: cidr("10.0.0.128/25"), availability_zone: s("us-east-1a"), name: None }, s("subnet-0006"), "CidrBlock", "R1.2"),
        (Edit::CreateSubnet { vpc_id: a.vpc.clone(), cidr_block: cidr("10.0.9.0/29"), availability_zone: s("us-east-1a"), name: None }, s("subnet-0006"), "CidrBlock", "R1.2"),
        (Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("192.168.0.0/16") }, a.vpc.clone(), "CidrBlock", "R1.5"),
        (Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("10.0.128.0/17") }, a.vpc.clone(), "CidrBlock", "R1.5"),
        (Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("169.254.0.0/16") }, a.vpc.clone(), "CidrBlock", "R1.5"),
        (Edit::AssociateVpcCidrBlock { vpc_id: a.vpc.clone(), cidr_block: cidr("10.1.0.0/16") }, a.vpc.clone(), "CidrBlock", "R1.5"),
        (Edit::AllocateAddress { region: None }, s("us-east-1"), "Addresses", "R1.8"),
        (Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("10.0.1.0/25"), target: s("nat-0001") }, a.public_rtb.clone(), "10.0.1.0/25", "R2.3"),
        (Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("10.0.1.0/24"), target: igw_a.clone() }, a.public_rtb.clone(), "10.0.1.0/24", "R2.3"),
        (Edit::DeleteRoute { route_table_id: a.main_rtb.clone(), destination: net("10.0.0.0/16") }, a.main_rtb.clone(), "DestinationCidrBlock", "R2.3"),
        (Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("169.254.169.0/24"), target: igw_a.clone() }, a.public_rtb.clone(), "169.254.169.0/24", "R2.9"),
        (Edit::CreateRoute { route_table_id: b.main_rtb.clone(), destination: net("8.8.8.0/24"), target: igw_a.clone() }, b.main_rtb.clone(), "Target", "R2.10"),
        (Edit::CreateRoute { route_table_id: b_rtb_of(&t, &b_eip), destination: net("8.8.8.0/24"), target: pcx.clone() }, b_rtb_of(&t, &b_eip), "Target", "R2.10"),
        (Edit::CreateRoute { route_table_id: a.main_rtb.clone(), destination: net("8.8.8.0/24"), target: s("bogus-1") }, a.main_rtb.clone(), "Target", "R2.10"),
        (Edit::AuthorizeSecurityGroupIngress { group_id: a.sg.clone(), rule: SecurityGroupRule { peer: RulePeer::ReferencedGroupId(s("sg-none")), ..allow_from("1.0.0.0/8") } }, a.sg.clone(), "IpPermissions", "R3.7"),
        (Edit::AuthorizeSecurityGroupIngress { group_id: a.sg.clone(), rule: SecurityGroupRule { peer: RulePeer::ReferencedGroupId(lonely_sg.clone()), ..allow_from("1.0.0.0/8") } }, a.sg.clone(), "IpPermissions", "R7.8"),
        (Edit::ModifyNetworkInterfaceAttribute { network_interface_id: web_eni.clone(), source_dest_check: None, groups: Some(sgs.iter().cloned().chain([extra_sg.clone()]).collect()) }, web_eni.clone(), "Groups", "R3.11"),
        (Edit::DeleteSecurityGroup { group_id: a.sg.clone() }, a.sg.clone(), "GroupId", "R3.3"),
        (Edit::CreateNetworkAclEntry { network_acl_id: custom_acl.clone(), entry: entry(0, true) }, custom_acl.clone(), "RuleNumber", "R4.2"),
        (Edit::CreateNetworkAclEntry { network_acl_id: custom_acl.clone(), entry: entry(32767, true) }, custom_acl.clone(), "RuleNumber", "R4.2"),
        (Edit::CreateNetworkAclEntry { network_acl_id: custom_acl.clone(), entry: entry(5, false) }, custom_acl.clone(), "RuleNumber", "R4.2"),
        (Edit::CreateNetworkAclEntry { network_acl_id: custom_acl.clone(), entry: entry(20, false) }, custom_acl.clone(), "Entries", "R4.12"),
        (Edit::DeleteNetworkAcl { network_acl_id: default_acl.clone() }, default_acl.clone(), "NetworkAclId", "R4.5"),
        (Edit::AttachInternetGateway { internet_gateway_id: igw2.clone(), vpc_id: a.vpc.clone() }, a.vpc.clone(), "InternetGatewayId", "R5.1"),
        (Edit::DetachInternetGateway { internet_gateway_id: igw_a.clone() }, igw_a.clone(), "VpcId", "R5.7"),
        (Edit::CreateNatGateway { subnet_id: b_igw_less_subnet.clone(), connectivity_type: ConnectivityType::Public, allocation_id: Some(s("eipalloc-0002")) }, b_igw_less_subnet.clone(), "SubnetId", "R6.2"),
        (Edit::CreateVpcPeeringConnection { requester_vpc_id: b.vpc.clone(), accepter_vpc_id: a.vpc.clone() }, b.vpc.clone(), "AccepterVpcId", "R7.4"),
        (Edit::AcceptVpcPeeringConnection { vpc_peering_connection_id: pcx.clone() }, pcx.clone(), "Status", "R7.1"),
        (Edit::ModifyInstancePlacement { instance_id: eighth.clone(), group_name: Some(spread.clone()) }, spread.clone(), "Instances", "R12.3"),
        (Edit::ModifyInstancePlacement { instance_id: far.clone(), group_name: Some(cluster.clone()) }, cluster.clone(), "Instances", "R12.1"),
        (Edit::CreatePlacementGroup { group_name: s("p8"), strategy: PlacementStrategy::Partition, partition_count: Some(8) }, s("p8"), "PartitionCount", "R12.2"),
        (Edit::AttachVpnGateway { vpn_gateway_id: vgw2.clone(), vpc_id: a.vpc.clone() }, a.vpc.clone(), "VpnGatewayId", "R14.1"),
        (Edit::DeleteRouteTable { route_table_id: a.main_rtb.clone() }, a.main_rtb.clone(), "RouteTableId", "R2.1"),
        (Edit::DeleteRouteTable { route_table_id: a.public_rtb.clone() }, a.public_rtb.clone(), "Associations", "R2.2"),
        (Edit::DeleteSubnet { subnet_id: a.private.clone() }, a.private.clone(), "SubnetId", "DependencyViolation"),
        (Edit::DeleteVpc { vpc_id: a.vpc.clone() }, a.vpc.clone(), "VpcId", "DependencyViolation"),
        (Edit::CreateVpcEndpoint { vpc_id: a.vpc.clone(), service_name: s("com.amazonaws.us-east-1.sqs"), vpc_endpoint_type: EndpointType::Gateway, route_table_ids: vec![a.main_rtb.clone()], subnet_ids: vec![] }, s("com.amazonaws.us-east-1.sqs"), "ServiceName", "R9.1"),
        (Edit::TerminateInstance { instance_id: db.replace('i', "x") }, db.replace('i', "x"), "InstanceId", "TerminateInstances"),
    ];
    for (edit, resource, field, rule) in cases {
        let before = serde_json::to_string(&t).unwrap();
        let e: Error = apply(&mut t, &edit).unwrap_err();
        assert_eq!(
            (e.resource.as_str(), e.field.as_str(), e.rule.as_str()),
            (resource.as_str(), field, rule),
            "{edit:?}: {e}"
        );
        assert!(!e.message.is_empty());
        assert_eq!(serde_json::to_string(&t).unwrap(), before, "{edit:?} changed the topology");
    }
    let _ = spread_members;
}

/// The main route table of a VPC.
fn b_rtb_of(t: &Topology, vpc: &str) -> String {
    t.route_tables.iter().find(|r| r.vpc_id == vpc && r.main).unwrap().route_table_id.clone()
}

/// Ids present in the topology, plus a few that are not, for the generator to draw from.
fn ids(t: &Topology) -> Vec<String> {
    let v = serde_json::to_value(t).unwrap();
    let mut out = vec!["vpc-9999".to_string(), "bogus".to_string(), String::new()];
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.contains('-') && s.len() < 40 => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&v, &mut out);
    out.sort();
    out.dedup();
    out
}

fn random_edit(r: &mut Rng, t: &Topology) -> Edit {
    use vpc_core::model::{LoadBalancerType, Scheme, TargetType};
    let ids = ids(t);
    let mut id = || r.pick(&ids).cloned().unwrap_or_default();
    let (a, b, c) = (id(), id(), id());
    let o = (r.next_u64() % 200) as u8;
    let len = 8 + (r.next_u64() % 24) as u8;
    let block = ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(10, o, (r.next_u64() % 4) as u8 * 64, 0), len).unwrap();
    let dest = ipnet::IpNet::V4(block);
    match r.next_u64() % 55 {
        0 => Edit::CreateVpc { cidr_block: block, name: None, region: None },
        1 => Edit::CreateSubnet { vpc_id: a, cidr_block: block, availability_zone: "us-east-1a".into(), name: None },
        2 => Edit::AssociateVpcCidrBlock { vpc_id: a, cidr_block: block },
        3 => Edit::CreateRoute { route_table_id: a, destination: dest, target: b },
        4 => Edit::DeleteRoute { route_table_id: a, destination: dest },
        5 => Edit::RunInstance { subnet_id: a, name: None },
        6 => Edit::TerminateInstance { instance_id: a },
        7 => Edit::MoveInstance { instance_id: a, subnet_id: b },
        8 => Edit::CreateInternetGateway { name: None },
        9 => Edit::AttachInternetGateway { internet_gateway_id: a, vpc_id: b },
        10 => Edit::DetachInternetGateway { internet_gateway_id: a },
        11 => Edit::AllocateAddress { region: None },
        12 => {
            Edit::CreateNatGateway { subnet_id: a, connectivity_type: ConnectivityType::Public, allocation_id: Some(b) }
        }
        13 => Edit::CreateVpcPeeringConnection { requester_vpc_id: a, accepter_vpc_id: b },
        14 => Edit::AcceptVpcPeeringConnection { vpc_peering_connection_id: a },
        15 => Edit::DeleteVpc { vpc_id: a },
        16 => Edit::DeleteSubnet { subnet_id: a },
        17 => Edit::CreateNetworkAclEntry {
            network_acl_id: a,
            entry: entry((r.next_u64() % 40000) as u16, o.is_multiple_of(2)),
        },
        18 => Edit::AssociateRouteTable { route_table_id: a, subnet_id: b },
        19 => Edit::CreateSecurityGroup { vpc_id: a, group_name: c },
        20 => Edit::AuthorizeSecurityGroupIngress { group_id: a, rule: allow_from("10.0.0.0/8") },
        21 => Edit::CreateTransitGateway { name: None, region: None },
        22 => Edit::CreateTransitGatewayVpcAttachment { transit_gateway_id: a, vpc_id: b, subnet_ids: vec![c] },
        24 => Edit::DeleteNatGateway { nat_gateway_id: a },
        25 => Edit::ReleaseAddress { allocation_id: a },
        26 => Edit::AssociateAddress { allocation_id: a, network_interface_id: b },
        27 => Edit::DisassociateAddress { allocation_id: a },
        28 => Edit::DeleteRouteTable { route_table_id: a },
        29 => Edit::ReplaceMainRouteTable { vpc_id: a, route_table_id: b },
        30 => Edit::ReplaceNetworkAclAssociation { subnet_id: a, network_acl_id: b },
        31 => Edit::DeleteNetworkAcl { network_acl_id: a },
        32 => Edit::DeleteSecurityGroup { group_id: a },
        33 => Edit::RevokeSecurityGroupEgress {
            group_id: a,
            rule: SecurityGroupRule { peer: RulePeer::CidrIpv4(ipnet::Ipv4Net::default()), ..allow_from("0.0.0.0/0") },
        },
        34 => Edit::ModifyNetworkInterfaceAttribute {
            network_interface_id: a,
            source_dest_check: Some(o.is_multiple_of(3)),
            groups: Some(vec![b, c]),
        },
        35 => Edit::DeleteInternetGateway { internet_gateway_id: a },
        36 => Edit::RejectVpcPeeringConnection { vpc_peering_connection_id: a },
        37 => Edit::DeleteVpcPeeringConnection { vpc_peering_connection_id: a },
        38 => Edit::AssociateVpcIpv6CidrBlock { vpc_id: a },
        39 => Edit::DisassociateVpcCidrBlock { vpc_id: a, cidr_block: block },
        40 => Edit::CreatePlacementGroup { group_name: c, strategy: PlacementStrategy::Spread, partition_count: None },
        41 => Edit::ModifyInstancePlacement { instance_id: a, group_name: Some(b) },
        42 => Edit::Rename { id: a, name: c },
        44 => Edit::CreateLoadBalancer {
            name: c,
            kind: if o.is_multiple_of(2) { LoadBalancerType::Application } else { LoadBalancerType::Network },
            scheme: if o.is_multiple_of(3) { Scheme::Internal } else { Scheme::InternetFacing },
            subnet_ids: vec![a, b],
            security_groups: vec![],
        },
        45 => Edit::CreateTargetGroup {
            name: c,
            protocol: ["HTTP", "TCP", "udp", "bogus"][usize::from(o % 4)].into(),
            port: u16::from(o),
            target_type: if o.is_multiple_of(2) { TargetType::Instance } else { TargetType::Ip },
            vpc_id: a,
        },
        46 => Edit::RegisterTargets { target_group: a, targets: vec![(b, None), (c, Some(u16::from(o)))] },
        47 => Edit::DeregisterTargets { target_group: a, targets: vec![(b, None)] },
        48 => Edit::CreateListener {
            load_balancer: a,
            protocol: ["HTTP", "TCP", "HTTPS", "TLS"][usize::from(o % 4)].into(),
            port: u16::from(o),
            target_group: b,
        },
        49 => Edit::DeleteListener { load_balancer: a, port: u16::from(o) },
        50 => Edit::DeleteTargetGroup { target_group: a },
        51 => Edit::DeleteLoadBalancer { name: a },
        52 => Edit::ModifyTransitGatewayVpcAttachment {
            transit_gateway_attachment_id: a,
            appliance_mode_support: None,
            add_subnet_ids: vec![b],
            remove_subnet_ids: vec![c],
        },
        54 => Edit::AssignIpv6Addresses { network_interface_id: a },
        53 => Edit::ModifyVpcEndpoint {
            vpc_endpoint_id: a,
            add_route_table_ids: vec![b],
            remove_route_table_ids: vec![],
            add_subnet_ids: vec![],
            remove_subnet_ids: vec![c],
        },
        _ => Edit::CreateVpcEndpoint {
            vpc_id: a,
            service_name: "com.amazonaws.us-east-1.s3".into(),
            vpc_endpoint_type: EndpointType::Gateway,
            route_table_ids: vec![b],
            subnet_ids: vec![],
        },
    }
}

#[test]
fn random_edit_sequences_never_panic_and_refused_edits_change_nothing() {
    let mut accepted = 0;
    for seed in 1..=60u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut t = if seed.is_multiple_of(2) { lab_through_edits().0 } else { base("lab.json") };
        for step in 0..60u64 {
            let edit = random_edit(&mut r, &t);
            // The web sends edits as JSON: every edit round-trips.
            let wire = serde_json::to_string(&edit).unwrap();
            assert_eq!(serde_json::from_str::<Edit>(&wire).unwrap(), edit);
            let before = t.clone();
            match apply_at(&mut t, &edit, step * 86_400) {
                Ok(_) => {
                    accepted += 1;
                    // An accepted edit adds no error finding (the transaction's guarantee, checked independently).
                    let old = vpc_core::validate::validate(&before);
                    let added: Vec<_> = vpc_core::validate::validate(&t)
                        .into_iter()
                        .filter(|f| f.severity == vpc_core::validate::Severity::Error && !old.contains(f))
                        .collect();
                    assert!(added.is_empty(), "seed {seed} step {step}: {edit:?} added {added:?}");
                }
                Err(e) => {
                    assert!(!e.resource.is_empty() || !e.message.is_empty(), "{edit:?}");
                    assert_eq!(t, before, "seed {seed} step {step}: refused {edit:?} changed the topology");
                }
            }
        }
    }
    assert!(accepted > 100, "the generator should also produce accepted edits ({accepted})");
}

#[test]
fn transit_vpn_and_endpoint_edits_follow_r8_r9_r14() {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    let b = side(&mut t, "10.1.0.0/16", 1);
    // R9.1: a gateway endpoint adds `pl-… → vpce-…` to its tables, and the route goes with it.
    let s3 = "com.amazonaws.us-east-1.s3".to_string();
    let vpce = ok(
        &mut t,
        Edit::CreateVpcEndpoint {
            vpc_id: a.vpc.clone(),
            service_name: s3.clone(),
            vpc_endpoint_type: EndpointType::Gateway,
            route_table_ids: vec![a.main_rtb.clone()],
            subnet_ids: vec![],
        },
    )
    .created[0]
        .clone();
    let main = |t: &Topology| t.route_tables.iter().find(|r| r.route_table_id == a.main_rtb).unwrap().clone();
    assert!(
        main(&t)
            .routes
            .iter()
            .any(|r| matches!(&r.destination, RouteDestination::PrefixList(p) if p.starts_with("pl-"))
                && r.target == vpce)
    );
    let by_hand = Edit::CreateRoute {
        route_table_id: a.public_rtb.clone(),
        destination: net("52.216.0.0/15"),
        target: vpce.clone(),
    };
    assert_eq!(apply(&mut t, &by_hand).unwrap_err().rule, "R9.1", "endpoint routes are not added by hand");
    ok(&mut t, Edit::DeleteVpcEndpoint { vpc_endpoint_id: vpce.clone() });
    assert!(!main(&t).routes.iter().any(|r| r.target == vpce));

    // R8.3 default table, R8.6 one subnet per AZ, R8.8 appliance mode.
    let tg = ok(&mut t, Edit::CreateTransitGateway { name: None, region: None }).created;
    let (tgw, tgw_rtb) = (tg[0].clone(), tg[1].clone());
    let two_in_one_az = Edit::CreateTransitGatewayVpcAttachment {
        transit_gateway_id: tgw.clone(),
        vpc_id: a.vpc.clone(),
        subnet_ids: vec![a.public.clone(), a.private.clone()],
    };
    let before = t.clone();
    let e = apply(&mut t, &two_in_one_az).unwrap_err();
    assert_eq!((e.field.as_str(), e.rule.as_str()), ("SubnetIds", "R8.6"));
    assert_eq!(t, before);
    let att_a = ok(
        &mut t,
        Edit::CreateTransitGatewayVpcAttachment {
            transit_gateway_id: tgw.clone(),
            vpc_id: a.vpc.clone(),
            subnet_ids: vec![a.private.clone()],
        },
    )
    .created[0]
        .clone();
    let att = t.transit_gateway_attachments.iter().find(|x| x.transit_gateway_attachment_id == att_a).unwrap();
    assert_eq!(att.association_route_table_id.as_deref(), Some(tgw_rtb.as_str()));
    assert!(t.transit_gateway_route_tables[0].propagations.contains(&att_a));
    ok(
        &mut t,
        Edit::ModifyTransitGatewayVpcAttachment {
            transit_gateway_attachment_id: att_a.clone(),
            appliance_mode_support: Some(true),
            add_subnet_ids: vec![],
            remove_subnet_ids: vec![],
        },
    );
    // R2.10: a route to a TGW needs an attachment of this VPC.
    let e = apply(
        &mut t,
        &Edit::CreateRoute { route_table_id: b.main_rtb.clone(), destination: net("10.0.0.0/16"), target: tgw.clone() },
    )
    .unwrap_err();
    assert_eq!(e.rule, "R2.10");
    ok(
        &mut t,
        Edit::CreateRoute { route_table_id: a.main_rtb.clone(), destination: net("10.1.0.0/16"), target: tgw.clone() },
    );
    ok(
        &mut t,
        Edit::CreateTransitGatewayRoute {
            transit_gateway_route_table_id: tgw_rtb.clone(),
            destination_cidr_block: net("10.9.0.0/16"),
            transit_gateway_attachment_id: None,
        },
    );
    assert!(t.transit_gateway_route_tables[0].routes[0].blackhole);
    let e = apply(&mut t, &Edit::DeleteTransitGateway { transit_gateway_id: tgw.clone() }).unwrap_err();
    assert_eq!(e.rule, "DependencyViolation");

    // R14.1 two tunnels, R14.2 propagation only into the VGW's own VPC.
    let vgw = ok(&mut t, Edit::CreateVpnGateway { name: None }).created[0].clone();
    ok(&mut t, Edit::AttachVpnGateway { vpn_gateway_id: vgw.clone(), vpc_id: a.vpc.clone() });
    let cgw = ok(&mut t, Edit::CreateCustomerGateway { ip_address: "203.0.113.9".parse().unwrap(), bgp_asn: 65000 })
        .created[0]
        .clone();
    let vpn = ok(
        &mut t,
        Edit::CreateVpnConnection {
            customer_gateway_id: cgw.clone(),
            vpn_gateway_id: Some(vgw.clone()),
            transit_gateway_id: None,
            static_routes_only: true,
            routes: vec![net("192.168.0.0/16")],
        },
    )
    .created[0]
        .clone();
    assert_eq!(t.vpn_connections[0].tunnels_up, 2);
    let e = apply(
        &mut t,
        &Edit::SetVgwRoutePropagation {
            route_table_id: b.main_rtb.clone(),
            vpn_gateway_id: vgw.clone(),
            enabled: true,
        },
    )
    .unwrap_err();
    assert_eq!(e.rule, "R14.2");
    ok(
        &mut t,
        Edit::SetVgwRoutePropagation { route_table_id: a.main_rtb.clone(), vpn_gateway_id: vgw.clone(), enabled: true },
    );
    assert_eq!(main(&t).propagating_vgws, vec![vgw.clone()]);
    // R14.2: the VPN's static route is now a propagated route of the table: an instance there reaches
    // on-premises through the VGW and the VPN; with propagation off it has no route.
    let host = ok(&mut t, Edit::RunInstance { subnet_id: a.private.clone(), name: None }).created[0].clone();
    let probe = Probe {
        from: host,
        to: "192.168.1.10".into(),
        protocol: Protocol::TCP,
        src_port: None,
        dst_port: 443,
        options: ProbeOptions::default(),
    };
    let ex = Simulator::new(t.clone()).unwrap().send(&probe).unwrap();
    assert_eq!(ex.forward.reason, None, "{:?}", ex.forward.hops);
    let route = ex.forward.hops.iter().find_map(|h| h.rule.as_ref().filter(|r| r.owner == a.main_rtb)).unwrap();
    assert_eq!(route.text, format!("192.168.0.0/16 → {vgw}"));
    assert!(ex.forward.hops.iter().any(|h| h.component.id == vpn));
    let mut off = t.clone();
    let disable = Edit::SetVgwRoutePropagation {
        route_table_id: a.main_rtb.clone(),
        vpn_gateway_id: vgw.clone(),
        enabled: false,
    };
    ok(&mut off, disable);
    let ex = Simulator::new(off).unwrap().send(&probe).unwrap();
    assert!(ex.forward.reason.is_some() && !ex.forward.hops.iter().any(|h| h.component.id == vpn));
    assert_eq!(
        apply(&mut t, &Edit::DeleteCustomerGateway { customer_gateway_id: cgw.clone() }).unwrap_err().rule,
        "DependencyViolation"
    );
    ok(&mut t, Edit::DeleteVpnConnection { vpn_connection_id: vpn.clone() });
    ok(&mut t, Edit::DeleteCustomerGateway { customer_gateway_id: cgw });

    // R1.5: the primary CIDR stays; a secondary one goes with its local routes.
    let e = apply(&mut t, &Edit::DisassociateVpcCidrBlock { vpc_id: b.vpc.clone(), cidr_block: cidr("10.1.0.0/16") })
        .unwrap_err();
    assert_eq!(e.rule, "R1.5");
    ok(&mut t, Edit::AssociateVpcCidrBlock { vpc_id: b.vpc.clone(), cidr_block: cidr("10.3.0.0/16") });
    ok(&mut t, Edit::DisassociateVpcCidrBlock { vpc_id: b.vpc.clone(), cidr_block: cidr("10.3.0.0/16") });
    assert!(!t
        .route_tables
        .iter()
        .any(|r| r.routes.iter().any(|x| x.destination == RouteDestination::Cidr(net("10.3.0.0/16")))));
}

#[test]
fn ipv6_blocks_follow_r1_6_with_local_routes_default_nacl_and_sg_updates() {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    ok(&mut t, Edit::AssociateVpcIpv6CidrBlock { vpc_id: a.vpc.clone() });
    let block = t.vpcs[0].ipv6_cidr_blocks[0];
    assert_eq!(block.prefix_len(), 56, "R1.6: a fixed /56");
    for rt in t.route_tables.iter().filter(|r| r.vpc_id == a.vpc) {
        assert!(rt
            .routes
            .iter()
            .any(|r| r.destination == RouteDestination::Cidr(ipnet::IpNet::V6(block)) && r.target == "local"));
    }
    let acl = t.network_acls.iter().find(|n| n.vpc_id == a.vpc && n.is_default).unwrap();
    assert_eq!(acl.entries.iter().filter(|e| e.rule_number == 101).count(), 2, "R4.3: rule 101 in and out");
    let sg = t.security_groups.iter().find(|g| g.group_id == a.sg).unwrap();
    assert!(sg.ip_permissions_egress.iter().any(|r| matches!(r.peer, RulePeer::CidrIpv6(n) if n.prefix_len() == 0)));
    // R1.6: a subnet takes a /64 of the VPC's block.
    let sixty_four: ipnet::Ipv6Net = format!("{}/64", block.network()).parse().unwrap();
    ok(&mut t, Edit::AssociateSubnetIpv6CidrBlock { subnet_id: a.public.clone(), ipv6_cidr_block: sixty_four });
    let before = t.clone();
    let wide: ipnet::Ipv6Net = format!("{}/60", block.network()).parse().unwrap();
    let e = apply(&mut t, &Edit::AssociateSubnetIpv6CidrBlock { subnet_id: a.private.clone(), ipv6_cidr_block: wide })
        .unwrap_err();
    assert_eq!((e.resource.as_str(), e.field.as_str(), e.rule.as_str()), (a.private.as_str(), "Ipv6CidrBlock", "R1.6"));
    let e = apply(
        &mut t,
        &Edit::AssociateSubnetIpv6CidrBlock { subnet_id: a.private.clone(), ipv6_cidr_block: sixty_four },
    )
    .unwrap_err();
    assert_eq!(e.rule, "R1.6", "siblings cannot share a /64");
    assert_eq!(t, before);
    // R5.11: IPv6 egress through an egress-only internet gateway.
    let eigw = ok(&mut t, Edit::CreateEgressOnlyInternetGateway { vpc_id: a.vpc.clone() }).created[0].clone();
    ok(
        &mut t,
        Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("::/0"), target: eigw.clone() },
    );
    let e = apply(
        &mut t,
        &Edit::CreateRoute { route_table_id: a.public_rtb.clone(), destination: net("0.0.0.0/0"), target: eigw },
    )
    .unwrap_err();
    assert_eq!(e.rule, "R5.11");
    // R1.6: an interface's IPv6 address comes from its subnet's /64, past the reserved first four; none
    // without a /64.
    let eni_in = |t: &mut Topology, subnet: &str| {
        let i = ok(t, Edit::RunInstance { subnet_id: subnet.to_string(), name: None }).created[0].clone();
        t.instances.iter().find(|x| x.instance_id == i).unwrap().network_interfaces[0].clone()
    };
    let (public, private) = (eni_in(&mut t, &a.public), eni_in(&mut t, &a.private));
    for _ in 0..2 {
        ok(&mut t, Edit::AssignIpv6Addresses { network_interface_id: public.clone() });
    }
    let held = t.network_interfaces.iter().find(|e| e.network_interface_id == public).unwrap().ipv6_addresses.clone();
    assert_eq!(held.len(), 2);
    assert!(held[0] != held[1] && held.iter().all(|ip| sixty_four.contains(ip) && u128::from(*ip) & 0xffff >= 0x10));
    let e = apply(&mut t, &Edit::AssignIpv6Addresses { network_interface_id: private.clone() }).unwrap_err();
    assert_eq!((e.resource.as_str(), e.rule.as_str()), (private.as_str(), "R1.6"));
}

fn tcp(from: &str, to: &str, port: u16) -> Probe {
    Probe {
        from: from.into(),
        to: to.into(),
        protocol: Protocol::TCP,
        src_port: Some(47000),
        dst_port: port,
        options: ProbeOptions::default(),
    }
}

fn reason(t: &Topology, p: &Probe) -> String {
    let ex = Simulator::new(t.clone()).unwrap().send(p).unwrap();
    ex.forward.reason.map(|r| r.code().to_string()).unwrap_or_else(|| "delivered".into())
}

/// R9.8 through the edit path: the provider creates the service and allows the consumer's account; the
/// consumer's endpoint waits for acceptance; accepted it carries traffic, rejected it stops again.
#[test]
fn privatelink_lifecycle_through_edits() {
    let mut t = base("privatelink.json");
    t.vpc_endpoint_services.clear();
    t.vpc_endpoints.retain(|e| e.vpc_endpoint_id != "vpce-svc1");
    t.network_interfaces.retain(|e| !e.network_interface_id.starts_with("eni-vpce-1"));
    let nlb = "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/net/nlb-svc/1".to_string();
    let svc = apply(
        &mut t,
        &Edit::CreateVpcEndpointServiceConfiguration {
            network_load_balancer_arns: vec![nlb],
            acceptance_required: true,
            private_dns_name: None,
        },
    )
    .unwrap()
    .created[0]
        .clone();
    let name = t.vpc_endpoint_services[0].service_name.clone();
    let endpoint = Edit::CreateVpcEndpoint {
        vpc_id: "vpc-consumer".into(),
        service_name: name.clone(),
        vpc_endpoint_type: vpc_core::model::EndpointType::Interface,
        route_table_ids: vec![],
        subnet_ids: vec!["subnet-c1".into()],
    };
    let before = t.clone();
    assert_eq!(apply(&mut t, &endpoint).unwrap_err().rule, "R9.8", "only the provider's account until allowed");
    assert_eq!(t, before, "a refused edit changes nothing");
    apply(
        &mut t,
        &Edit::ModifyVpcEndpointServicePermissions {
            service_id: svc.clone(),
            add_allowed_principals: vec!["arn:aws:iam::111111111111:root".into()],
            remove_allowed_principals: vec![],
        },
    )
    .unwrap();
    let created = apply(&mut t, &endpoint).unwrap().created;
    let (vpce, eni) = (created[0].clone(), created[1].clone());
    let ip = t.network_interfaces.iter().find(|e| e.network_interface_id == eni).unwrap().private_ip_addresses[0];
    let probe = tcp("i-client", &ip.to_string(), 443);
    assert_eq!(reason(&t, &probe), "VPC_ENDPOINT_PENDING_ACCEPTANCE");
    let accept = Edit::AcceptVpcEndpointConnections { service_id: svc.clone(), vpc_endpoint_ids: vec![vpce.clone()] };
    apply(&mut t, &accept).unwrap();
    assert_eq!(reason(&t, &probe), "delivered");
    assert_eq!(apply(&mut t, &accept).unwrap_err().rule, "R9.8", "only a pending endpoint can be accepted");
    apply(&mut t, &Edit::RejectVpcEndpointConnections { service_id: svc, vpc_endpoint_ids: vec![vpce] }).unwrap();
    assert_eq!(reason(&t, &probe), "VPC_ENDPOINT_NOT_AVAILABLE");
}

/// R8.1 through the edit path: a peering attachment gets a side on each TGW, static routes and associations on
/// both, carries nothing until accepted; propagation across it and a second peering are refused.
#[test]
fn tgw_peering_through_edits() {
    let mut t = base("tgw-peering.json");
    t.transit_gateway_attachments.retain(|a| a.transit_gateway_attachment_id != "tgw-attach-peer");
    for rt in t.transit_gateway_route_tables.iter_mut() {
        rt.routes.clear();
    }
    let create = Edit::CreateTransitGatewayPeeringAttachment {
        transit_gateway_id: "tgw-east".into(),
        peer_transit_gateway_id: "tgw-west".into(),
    };
    let id = apply(&mut t, &create).unwrap().created[0].clone();
    for (rt, dest) in [("tgw-rtb-east", "10.1.0.0/16"), ("tgw-rtb-west", "10.0.0.0/16")] {
        apply(
            &mut t,
            &Edit::AssociateTransitGatewayRouteTable {
                transit_gateway_route_table_id: rt.into(),
                transit_gateway_attachment_id: id.clone(),
            },
        )
        .unwrap();
        apply(
            &mut t,
            &Edit::CreateTransitGatewayRoute {
                transit_gateway_route_table_id: rt.into(),
                destination_cidr_block: dest.parse().unwrap(),
                transit_gateway_attachment_id: Some(id.clone()),
            },
        )
        .unwrap();
    }
    let probe = tcp("i-east", "i-west", 443);
    assert_eq!(reason(&t, &probe), "BAD_STATE_ATTACHMENT", "pending acceptance");
    apply(&mut t, &Edit::AcceptTransitGatewayPeeringAttachment { transit_gateway_attachment_id: id.clone() }).unwrap();
    let ex = Simulator::new(t.clone()).unwrap().send(&probe).unwrap();
    assert_eq!(ex.reply.map(|r| r.reason), Some(None), "{:?}", ex.forward.reason);
    let propagate = Edit::EnableTransitGatewayRouteTablePropagation {
        transit_gateway_route_table_id: "tgw-rtb-west".into(),
        transit_gateway_attachment_id: id,
    };
    assert_eq!(apply(&mut t, &propagate).unwrap_err().rule, "R8.1", "static routes only across a peering");
    assert_eq!(apply(&mut t, &create).unwrap_err().rule, "R8.10", "one peering between the same two TGWs");
}

// ── Load balancers (elbv2) through the edit path ──────────────────────────────────────────────────────────

fn lb_ip(t: &Topology, lb: &str, subnet: &str) -> std::net::Ipv4Addr {
    let lb = t.load_balancers.iter().find(|l| l.load_balancer_name == lb).unwrap();
    let eni = t
        .network_interfaces
        .iter()
        .find(|e| lb.network_interface_ids.contains(&e.network_interface_id) && e.subnet_id == subnet)
        .unwrap();
    eni.private_ip_addresses[0]
}

/// An internal ALB built through edits (two AZs, a target group with the `db` instance, an HTTP listener)
/// forwards a probe end to end, and the target sees the ALB node's address; every elbv2 refusal names its
/// API error and changes nothing.
#[test]
fn load_balancer_built_through_edits_forwards_and_refusals_change_nothing() {
    use vpc_core::model::{LoadBalancerType, Scheme, TargetType};
    let (mut t, a, b, web, db, peer, _pcx) = lab_through_edits();
    let zone_b = subnet_in(&mut t, &a.vpc, "10.0.2.0/24", "us-east-1b");
    let alb = |subnets: &[&String]| Edit::CreateLoadBalancer {
        name: "web-alb".into(),
        kind: LoadBalancerType::Application,
        scheme: Scheme::Internal,
        subnet_ids: subnets.iter().map(|s| s.to_string()).collect(),
        security_groups: vec![],
    };
    let refused = |t: &mut Topology, e: Edit, resource: &str, field: &str, rule: &str| {
        let before = t.clone();
        let err = apply(t, &e).unwrap_err();
        assert_eq!((err.resource.as_str(), err.field.as_str(), err.rule.as_str()), (resource, field, rule), "{e:?}");
        assert_eq!(*t, before, "a refused edit changes nothing: {e:?}");
    };
    refused(&mut t, alb(&[&a.private]), "web-alb", "Subnets", "InvalidConfigurationRequest"); // one AZ
    refused(&mut t, alb(&[&a.private, &a.public]), &a.public, "Subnets", "InvalidConfigurationRequest"); // same AZ
    refused(&mut t, alb(&[&a.private, &b.public]), &b.public, "Subnets", "InvalidConfigurationRequest"); // two VPCs
    refused(&mut t, alb(&[&a.private, &"subnet-none".into()]), "subnet-none", "Subnets", "SubnetNotFound");
    let created = ok(&mut t, alb(&[&a.private, &zone_b])).created;
    assert_eq!(created.len(), 3, "the LB and one node ENI per subnet");
    refused(&mut t, alb(&[&a.private, &zone_b]), "web-alb", "Name", "DuplicateLoadBalancerName");
    let node = t.network_interfaces.iter().find(|e| e.network_interface_id == created[1]).unwrap();
    assert_eq!(node.groups, vec![a.sg.clone()], "an ALB without groups gets the VPC's default SG");
    assert_eq!(node.public_ip, None, "internal");

    let tg = |name: &str, protocol: &str, vpc: &str| Edit::CreateTargetGroup {
        name: name.into(),
        protocol: protocol.into(),
        port: 80,
        target_type: TargetType::Instance,
        vpc_id: vpc.into(),
    };
    ok(&mut t, tg("db-http", "HTTP", &a.vpc));
    ok(&mut t, tg("db-tcp", "TCP", &a.vpc));
    ok(&mut t, tg("b-http", "HTTP", &b.vpc));
    refused(&mut t, tg("db-http", "HTTP", &a.vpc), "db-http", "Name", "DuplicateTargetGroupName");
    refused(&mut t, tg("bad-proto", "ICMP", &a.vpc), "bad-proto", "Protocol", "ValidationError");
    let register =
        |g: &str, id: &str| Edit::RegisterTargets { target_group: g.into(), targets: vec![(id.into(), None)] };
    refused(&mut t, register("db-http", &peer), &peer, "Targets", "InvalidTarget"); // another VPC
    refused(&mut t, register("nope", &db), "nope", "TargetGroupArn", "TargetGroupNotFound");
    ok(&mut t, register("db-http", &db));
    ok(&mut t, register("db-http", &db)); // idempotent
    assert_eq!(t.target_groups[0].targets.len(), 1);

    let listener = |protocol: &str, port: u16, g: &str| Edit::CreateListener {
        load_balancer: "web-alb".into(),
        protocol: protocol.into(),
        port,
        target_group: g.into(),
    };
    refused(&mut t, listener("TCP", 80, "db-http"), "web-alb", "Protocol", "UnsupportedProtocol");
    refused(&mut t, listener("HTTP", 80, "b-http"), "b-http", "DefaultActions", "InvalidConfigurationRequest");
    refused(&mut t, listener("HTTP", 80, "db-tcp"), "db-tcp", "DefaultActions", "IncompatibleProtocols");
    ok(&mut t, listener("HTTP", 80, "db-http"));
    refused(&mut t, listener("HTTPS", 80, "db-http"), "web-alb", "Port", "DuplicateListener");
    refused(
        &mut t,
        Edit::DeleteTargetGroup { target_group: "db-http".into() },
        "db-http",
        "TargetGroupArn",
        "ResourceInUse",
    );

    // End to end: web → the ALB node in the private subnet's AZ → db, which sees the node's address.
    let node_ip = lb_ip(&t, "web-alb", &a.private);
    let p = tcp(&web, &node_ip.to_string(), 80);
    let ex = Simulator::new(t.clone()).unwrap().send(&p).unwrap();
    assert_eq!(ex.forward.reason.map(|r| r.code()), None, "{:?}", ex.forward.hops);
    assert!(ex.forward.hops.iter().any(|h| h.component.id == "web-alb"), "the ALB is in the hops");
    let last = ex.forward.hops.last().unwrap();
    assert_eq!(last.header_out.src, std::net::IpAddr::V4(node_ip), "the target sees the ALB's address");
    assert_eq!(ex.reply.map(|r| r.reason), Some(None), "the reply goes back through the ALB");

    // Without the listener the ALB drops; deregistered, nothing takes the connection.
    ok(&mut t, Edit::DeleteListener { load_balancer: "web-alb".into(), port: 80 });
    assert_eq!(reason(&t, &p), "ELBV2_LISTENERS_MISMATCH");
    refused(
        &mut t,
        Edit::DeleteListener { load_balancer: "web-alb".into(), port: 80 },
        "web-alb",
        "ListenerArn",
        "ListenerNotFound",
    );
    ok(&mut t, listener("HTTP", 80, "db-http"));
    ok(&mut t, Edit::DeregisterTargets { target_group: "db-http".into(), targets: vec![(db.clone(), Some(80))] });
    assert_ne!(reason(&t, &p), "delivered");
    refused(
        &mut t,
        Edit::DeregisterTargets { target_group: "db-http".into(), targets: vec![(db.clone(), None)] },
        &db,
        "Targets",
        "InvalidTarget",
    );

    // An NLB takes one AZ; internet-facing nodes get public IPs; deleting the ALB removes its node ENIs.
    let nlb = ok(
        &mut t,
        Edit::CreateLoadBalancer {
            name: "edge".into(),
            kind: LoadBalancerType::Network,
            scheme: Scheme::InternetFacing,
            subnet_ids: vec![a.public.clone()],
            security_groups: vec![],
        },
    )
    .created;
    let node = t.network_interfaces.iter().find(|e| e.network_interface_id == nlb[1]).unwrap().clone();
    assert!(node.public_ip.is_some() && node.groups.is_empty(), "{node:?}");
    refused(
        &mut t,
        Edit::CreateListener {
            load_balancer: "edge".into(),
            protocol: "HTTP".into(),
            port: 80,
            target_group: "db-tcp".into(),
        },
        "edge",
        "Protocol",
        "UnsupportedProtocol",
    );
    ok(
        &mut t,
        Edit::CreateListener {
            load_balancer: "edge".into(),
            protocol: "TCP".into(),
            port: 80,
            target_group: "db-tcp".into(),
        },
    );
    // From outside AWS the internet-facing NLB's name gives its node's public address; the node forwards
    // with the client's address (client IP preserved), which R2.15's check does not stop.
    ok(&mut t, Edit::RegisterTargets { target_group: "db-tcp".into(), targets: vec![(db.clone(), Some(80))] });
    let dns = t.load_balancers.iter().find(|l| l.load_balancer_name == "edge").unwrap().dns_name.clone();
    let ex = Simulator::new(t.clone()).unwrap().send(&tcp("198.51.100.7", &dns, 80)).unwrap();
    let node_ip = node.public_ip.map(std::net::IpAddr::V4);
    assert_eq!(ex.forward.hops[0].header_out.dst, node_ip.unwrap(), "{:?}", ex.forward.hops);
    let client = "198.51.100.7".parse::<std::net::IpAddr>().unwrap();
    // The db's group does not admit the internet: the packet gets as far as it, with the client's address.
    let last = ex.forward.hops.last().unwrap();
    assert_eq!((last.component.id.as_str(), last.header_in.src), (a.sg.as_str(), client), "{:?}", ex.forward.hops);
    assert_eq!(ex.forward.reason.map(|r| r.code()), Some("ENI_SG_RULES_MISMATCH"));
    refused(
        &mut t,
        Edit::CreateListener {
            load_balancer: "web-alb".into(),
            protocol: "HTTP".into(),
            port: 8080,
            target_group: "db-tcp".into(),
        },
        "db-tcp",
        "DefaultActions",
        "IncompatibleProtocols",
    );
    ok(&mut t, Edit::DeleteLoadBalancer { name: "web-alb".into() });
    assert!(t.load_balancers.iter().all(|l| l.load_balancer_name != "web-alb"));
    assert!(t
        .network_interfaces
        .iter()
        .all(|e| e.network_interface_id != created[1] && e.network_interface_id != created[2]));
    ok(&mut t, Edit::DeleteTargetGroup { target_group: "db-http".into() });
    refused(
        &mut t,
        Edit::DeleteLoadBalancer { name: "web-alb".into() },
        "web-alb",
        "LoadBalancerArn",
        "LoadBalancerNotFound",
    );
}

#[test]
fn attachment_and_endpoint_subnets_change_after_creation_r8_6_r9_1_r9_7() {
    let mut t = Topology::default();
    let a = side(&mut t, "10.0.0.0/16", 0);
    let b1 = subnet_in(&mut t, &a.vpc, "10.0.2.0/24", "us-east-1b");
    let b2 = subnet_in(&mut t, &a.vpc, "10.0.3.0/24", "us-east-1b");
    let tgw = ok(&mut t, Edit::CreateTransitGateway { name: None, region: None }).created[0].clone();
    let att = ok(
        &mut t,
        Edit::CreateTransitGatewayVpcAttachment {
            transit_gateway_id: tgw,
            vpc_id: a.vpc.clone(),
            subnet_ids: vec![a.private.clone()],
        },
    )
    .created[0]
        .clone();
    let modify = |add: Vec<String>, remove: Vec<String>| Edit::ModifyTransitGatewayVpcAttachment {
        transit_gateway_attachment_id: att.clone(),
        appliance_mode_support: None,
        add_subnet_ids: add,
        remove_subnet_ids: remove,
    };
    let subnets = |t: &Topology| t.transit_gateway_attachments[0].subnet_ids.clone();
    // R8.6: a second AZ is enabled; a second subnet in that AZ, an unknown removal or an empty list are refused.
    ok(&mut t, modify(vec![b1.clone()], vec![]));
    assert_eq!(subnets(&t), vec![a.private.clone(), b1.clone()]);
    let before = t.clone();
    for (edit, field) in [
        (modify(vec![b2.clone()], vec![]), "AddSubnetIds"),
        (modify(vec![], vec![a.public.clone()]), "RemoveSubnetIds"),
        (modify(vec![], vec![a.private.clone(), b1.clone()]), "RemoveSubnetIds"),
    ] {
        let e = apply(&mut t, &edit).unwrap_err();
        assert_eq!((e.field.as_str(), e.rule.as_str()), (field, "R8.6"), "{edit:?}");
        assert_eq!(t, before, "a refused edit changes nothing");
    }
    ok(&mut t, modify(vec![b2.clone()], vec![b1.clone()]));
    assert_eq!(subnets(&t), vec![a.private.clone(), b2.clone()]);

    // R9.1: a gateway endpoint's routes follow its route tables.
    let s3 = "com.amazonaws.us-east-1.s3".to_string();
    let gw = ok(
        &mut t,
        Edit::CreateVpcEndpoint {
            vpc_id: a.vpc.clone(),
            service_name: s3.clone(),
            vpc_endpoint_type: vpc_core::model::EndpointType::Gateway,
            route_table_ids: vec![a.main_rtb.clone()],
            subnet_ids: vec![],
        },
    )
    .created[0]
        .clone();
    let routes_to = |t: &Topology, rtb: &str| {
        t.route_tables
            .iter()
            .find(|r| r.route_table_id == rtb)
            .unwrap()
            .routes
            .iter()
            .filter(|r| r.target == gw)
            .count()
    };
    let tables = |add: Vec<String>, remove: Vec<String>| Edit::ModifyVpcEndpoint {
        vpc_endpoint_id: gw.clone(),
        add_route_table_ids: add,
        remove_route_table_ids: remove,
        add_subnet_ids: vec![],
        remove_subnet_ids: vec![],
    };
    ok(&mut t, tables(vec![a.public_rtb.clone()], vec![a.main_rtb.clone()]));
    assert_eq!((routes_to(&t, &a.main_rtb), routes_to(&t, &a.public_rtb)), (0, 1));
    let e = apply(&mut t, &tables(vec![a.public_rtb.clone()], vec![])).unwrap_err();
    assert_eq!((e.field.as_str(), e.rule.as_str()), ("AddRouteTableIds", "R9.1"));

    // R9.7: an interface endpoint's ENIs follow its subnets, one per AZ.
    let iface = ok(
        &mut t,
        Edit::CreateVpcEndpoint {
            vpc_id: a.vpc.clone(),
            service_name: "com.amazonaws.us-east-1.sqs".into(),
            vpc_endpoint_type: vpc_core::model::EndpointType::Interface,
            route_table_ids: vec![],
            subnet_ids: vec![a.private.clone()],
        },
    )
    .created;
    let subnets_of = |t: &Topology| {
        let e = t.vpc_endpoints.iter().find(|e| e.vpc_endpoint_id == iface[0]).unwrap();
        let enis: Vec<String> = e
            .network_interface_ids
            .iter()
            .map(|n| t.network_interfaces.iter().find(|x| &x.network_interface_id == n).unwrap().subnet_id.clone())
            .collect();
        (e.subnet_ids.clone(), enis)
    };
    let change = |add: Vec<String>, remove: Vec<String>| Edit::ModifyVpcEndpoint {
        vpc_endpoint_id: iface[0].clone(),
        add_route_table_ids: vec![],
        remove_route_table_ids: vec![],
        add_subnet_ids: add,
        remove_subnet_ids: remove,
    };
    let added = ok(&mut t, change(vec![b1.clone()], vec![a.private.clone()])).created;
    assert_eq!(added.len(), 1, "one new ENI");
    assert_eq!(subnets_of(&t), (vec![b1.clone()], vec![b1.clone()]));
    let enis = t.network_interfaces.iter().filter(|n| n.description.ends_with(iface[0].as_str())).count();
    assert_eq!(enis, 1, "the ENI in the removed subnet is gone");
    let e = apply(&mut t, &change(vec![b2.clone()], vec![])).unwrap_err();
    assert_eq!((e.field.as_str(), e.rule.as_str()), ("AddSubnetIds", "R9.7"), "two subnets in us-east-1b");
}
