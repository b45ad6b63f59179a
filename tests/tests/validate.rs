//! Whole-topology validation: each finding is named by code, resource, field and rule, and a clean lab
//! built through the edit path has no error findings. One line per rule: a mutation of the clean lab and the
//! one finding it must add.

use ipnet::{IpNet, Ipv4Net};
use vpc_core::edit::{apply, Edit};
use vpc_core::model::*;
use vpc_core::packet::RuleProtocol;
use vpc_core::validate::{validate, Finding, Severity};
use vpc_core::Topology;

fn ok(t: &mut Topology, e: Edit) -> Vec<String> {
    apply(t, &e).unwrap_or_else(|err| panic!("{e:?}: {err}")).created
}

fn v4(s: &str) -> Ipv4Net {
    s.parse().unwrap()
}

/// A VPC 10.0.0.0/16 with a public subnet (IGW route, auto public IP), a private one (NAT GW route), a web
/// and a db instance; and a second VPC 10.1.0.0/16 with one subnet.
struct Lab {
    t: Topology,
    vpc: String,
    vpc_b: String,
    public: String,
    public_rtb: String,
    main_rtb: String,
    sg: String,
    db_eni: String,
    nat: String,
}

fn lab() -> Lab {
    let mut t = Topology::default();
    let v = ok(&mut t, Edit::CreateVpc { cidr_block: v4("10.0.0.0/16"), name: None, region: Some("eu-west-1".into()) });
    let (vpc, main_rtb, sg) = (v[0].clone(), v[1].clone(), v[3].clone());
    let vpc_b = ok(&mut t, Edit::CreateVpc { cidr_block: v4("10.1.0.0/16"), name: None, region: None })[0].clone();
    let subnet = |t: &mut Topology, vpc: &str, c: &str| {
        ok(
            t,
            Edit::CreateSubnet {
                vpc_id: vpc.into(),
                cidr_block: v4(c),
                availability_zone: "eu-west-1a".into(),
                name: None,
            },
        )[0]
        .clone()
    };
    let public = subnet(&mut t, &vpc, "10.0.0.0/24");
    let private = subnet(&mut t, &vpc, "10.0.1.0/24");
    subnet(&mut t, &vpc_b, "10.1.0.0/24");
    ok(&mut t, Edit::ModifySubnetAttribute { subnet_id: public.clone(), map_public_ip_on_launch: true });
    let public_rtb = ok(&mut t, Edit::CreateRouteTable { vpc_id: vpc.clone(), name: None })[0].clone();
    ok(&mut t, Edit::AssociateRouteTable { route_table_id: public_rtb.clone(), subnet_id: public.clone() });
    let igw = ok(&mut t, Edit::CreateInternetGateway { name: None })[0].clone();
    ok(&mut t, Edit::AttachInternetGateway { internet_gateway_id: igw.clone(), vpc_id: vpc.clone() });
    ok(
        &mut t,
        Edit::CreateRoute {
            route_table_id: public_rtb.clone(),
            destination: "0.0.0.0/0".parse().unwrap(),
            target: igw,
        },
    );
    let eip = ok(&mut t, Edit::AllocateAddress { region: None })[0].clone();
    let nat = ok(
        &mut t,
        Edit::CreateNatGateway {
            subnet_id: public.clone(),
            connectivity_type: ConnectivityType::Public,
            allocation_id: Some(eip),
        },
    )[0]
    .clone();
    ok(
        &mut t,
        Edit::CreateRoute {
            route_table_id: main_rtb.clone(),
            destination: "0.0.0.0/0".parse().unwrap(),
            target: nat.clone(),
        },
    );
    ok(&mut t, Edit::RunInstance { subnet_id: public.clone(), name: Some("web".into()) });
    let db_eni = ok(&mut t, Edit::RunInstance { subnet_id: private, name: Some("db".into()) })[1].clone();
    Lab { t, vpc, vpc_b, public, public_rtb, main_rtb, sg, db_eni, nat }
}

fn new_findings(before: &Topology, after: &Topology) -> Vec<Finding> {
    let old = validate(before);
    validate(after).into_iter().filter(|f| !old.contains(f)).collect()
}

fn sg_rule(c: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        security_group_rule_id: None,
        ip_protocol: RuleProtocol::One(vpc_core::packet::Protocol::TCP),
        from_port: Some(443),
        to_port: Some(443),
        peer: RulePeer::CidrIpv4(v4(c)),
        description: None,
    }
}

fn acl_entry(n: u16, egress: bool) -> NetworkAclEntry {
    NetworkAclEntry {
        rule_number: n,
        egress,
        rule_action: RuleAction::Allow,
        protocol: RuleProtocol::One(vpc_core::packet::Protocol::TCP),
        cidr_block: "0.0.0.0/0".parse().unwrap(),
        port_range: Some(PortRange { from: 443, to: 443 }),
        icmp_type_code: None,
    }
}

#[test]
fn the_clean_lab_has_no_errors_and_only_expected_warnings() {
    let l = lab();
    let f = validate(&l.t);
    assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:#?}");
    // No designer warning fires on a correct lab either.
    assert!(f.is_empty(), "{f:#?}");
}

type Mutation = Box<dyn Fn(&mut Topology, &Lab)>;

#[test]
fn each_rule_reports_one_finding_naming_code_resource_field_rule() {
    let cases: Vec<(&str, Mutation, Severity, &str, &str, &str)> = vec![
        (
            "VPC_CIDR_SIZE",
            Box::new(|t, l| {
                t.vpcs.iter_mut().find(|v| v.vpc_id == l.vpc_b).unwrap().cidr_blocks[0] = v4("10.1.0.0/15")
            }),
            Severity::Error,
            "vpc-0002",
            "CidrBlock",
            "R1.1",
        ),
        (
            "CIDR_NOT_CANONICAL",
            Box::new(|t, l| {
                t.vpcs.iter_mut().find(|v| v.vpc_id == l.vpc_b).unwrap().cidr_blocks[0] = v4("10.1.0.7/16")
            }),
            Severity::Error,
            "vpc-0002",
            "CidrBlock",
            "R1.4",
        ),
        (
            "SECONDARY_CIDR",
            Box::new(|t, l| {
                t.vpcs.iter_mut().find(|v| v.vpc_id == l.vpc).unwrap().cidr_blocks.push(v4("172.16.0.0/16"))
            }),
            Severity::Error,
            "vpc-0001",
            "CidrBlock",
            "R1.5",
        ),
        (
            "SUBNET_OUTSIDE_VPC",
            Box::new(|t, _| t.subnets[2].cidr_block = v4("10.7.0.0/24")),
            Severity::Error,
            "subnet-0003",
            "CidrBlock",
            "R1.2",
        ),
        (
            "SUBNET_OVERLAP",
            Box::new(|t, _| t.subnets[1].cidr_block = v4("10.0.0.0/23")),
            Severity::Error,
            "subnet-0002",
            "CidrBlock",
            "R1.2",
        ),
        (
            "RESERVED_ADDRESS",
            Box::new(|t, l| {
                t.network_interfaces
                    .iter_mut()
                    .find(|e| e.network_interface_id == l.db_eni)
                    .unwrap()
                    .private_ip_addresses[0] = "10.0.1.3".parse().unwrap()
            }),
            Severity::Error,
            "eni-0003",
            "PrivateIpAddresses",
            "R1.3",
        ),
        (
            "MULTIPLE_IGW",
            Box::new(|t, l| {
                t.internet_gateways.push(InternetGateway {
                    internet_gateway_id: "igw-x".into(),
                    name: None,
                    vpc_id: Some(l.vpc.clone()),
                })
            }),
            Severity::Error,
            "vpc-0001",
            "InternetGateways",
            "R5.1",
        ),
        (
            "MULTIPLE_VGW",
            Box::new(|t, l| {
                for k in 0..2 {
                    t.vpn_gateways.push(VpnGateway {
                        vpn_gateway_id: format!("vgw-{k}"),
                        name: None,
                        vpc_id: Some(l.vpc.clone()),
                    })
                }
            }),
            Severity::Error,
            "vpc-0001",
            "VpnGateways",
            "R14.1",
        ),
        (
            "RESERVED_DESTINATION",
            Box::new(|t, l| push_route(t, &l.public_rtb, "169.254.168.0/24", "igw-0001")),
            Severity::Error,
            "rtb-0003",
            "169.254.168.0/24",
            "R2.9",
        ),
        (
            "MORE_SPECIFIC_THAN_LOCAL",
            Box::new(|t, l| push_route(t, &l.public_rtb, "10.0.1.0/25", &l.nat)),
            Severity::Error,
            "rtb-0003",
            "10.0.1.0/25",
            "R2.3",
        ),
        (
            "ROUTE_QUOTA",
            Box::new(|t, l| {
                for k in 0..50 {
                    push_route(t, &l.public_rtb, &format!("100.{k}.0.0/16"), "igw-0001")
                }
            }),
            Severity::Error,
            "rtb-0003",
            "Routes",
            "R2.14",
        ),
        (
            "SG_RULE_QUOTA",
            Box::new(|t, l| {
                for k in 0..61 {
                    t.security_groups
                        .iter_mut()
                        .find(|g| g.group_id == l.sg)
                        .unwrap()
                        .ip_permissions
                        .push(sg_rule(&format!("100.{k}.0.0/16")))
                }
            }),
            Severity::Error,
            "sg-0001",
            "IpPermissions",
            "R3.11",
        ),
        (
            "SG_PER_ENI_QUOTA",
            Box::new(|t, l| {
                let e = t.network_interfaces.iter_mut().find(|e| e.network_interface_id == l.db_eni).unwrap();
                e.groups = vec![l.sg.clone(); 6];
            }),
            Severity::Error,
            "eni-0003",
            "Groups",
            "R3.11",
        ),
        (
            "NACL_RULE_NUMBER",
            Box::new(|t, _| t.network_acls[0].entries.push(acl_entry(40000, false))),
            Severity::Error,
            "acl-0001",
            "RuleNumber",
            "R4.2",
        ),
        (
            "NACL_DUPLICATE_RULE",
            Box::new(|t, _| t.network_acls[0].entries.push(acl_entry(100, true))),
            Severity::Error,
            "acl-0001",
            "RuleNumber",
            "R4.2",
        ),
        (
            "NACL_RULE_QUOTA",
            Box::new(|t, _| {
                for k in 1..=19 {
                    t.network_acls[0].entries.push(acl_entry(k, false))
                }
            }),
            Severity::Error,
            "acl-0001",
            "Entries",
            "R4.12",
        ),
        (
            "PLACEMENT_CLUSTER_AZ",
            Box::new(|t, _| {
                t.placement_groups.push(PlacementGroup {
                    group_name: "c".into(),
                    strategy: PlacementStrategy::Cluster,
                    partition_count: None,
                });
                t.subnets[1].availability_zone = "eu-west-1b".into();
                for i in t.instances.iter_mut() {
                    i.placement_group = Some("c".into())
                }
            }),
            Severity::Error,
            "c",
            "Instances",
            "R12.1",
        ),
        (
            "PARTITION_COUNT",
            Box::new(|t, _| {
                t.placement_groups.push(PlacementGroup {
                    group_name: "p".into(),
                    strategy: PlacementStrategy::Partition,
                    partition_count: Some(9),
                })
            }),
            Severity::Error,
            "p",
            "PartitionCount",
            "R12.2",
        ),
        (
            "PEERING_CIDR_OVERLAP",
            Box::new(|t, l| {
                t.vpcs.iter_mut().find(|v| v.vpc_id == l.vpc_b).unwrap().cidr_blocks[0] = v4("10.0.0.0/16");
                t.subnets[2].cidr_block = v4("10.0.0.0/24");
                t.vpc_peering_connections.push(VpcPeeringConnection {
                    vpc_peering_connection_id: "pcx-1".into(),
                    name: None,
                    requester_vpc_id: l.vpc.clone(),
                    accepter_vpc_id: l.vpc_b.clone(),
                    status: PeeringStatus::Active,
                    allow_dns_resolution_from_remote_vpc: false,
                    expiration_time: None,
                })
            }),
            Severity::Error,
            "pcx-1",
            "AccepterVpcId",
            "R7.3",
        ),
        (
            "NATGW_WITHOUT_IGW_ROUTE",
            Box::new(|t, l| {
                t.route_tables
                    .iter_mut()
                    .find(|r| r.route_table_id == l.public_rtb)
                    .unwrap()
                    .routes
                    .retain(|r| r.target == "local")
            }),
            Severity::Warning,
            "nat-0001",
            "SubnetId",
            "R6.2",
        ),
        (
            "PUBLIC_SUBNET_PRIVATE_INSTANCE",
            Box::new(|t, l| {
                for e in t.network_interfaces.iter_mut().filter(|e| e.subnet_id == l.public && e.instance_id.is_some())
                {
                    e.public_ip = None
                }
            }),
            Severity::Warning,
            "eni-0002",
            "PublicIp",
            "R5.4",
        ),
        (
            "NACL_NO_EPHEMERAL_RETURN",
            Box::new(|t, _| {
                let a = &mut t.network_acls[0];
                a.entries = vec![acl_entry(100, true), acl_entry(100, false)];
            }),
            Severity::Warning,
            "acl-0001",
            "Entries",
            "R4.10",
        ),
        (
            "UNUSED_EIP",
            Box::new(|t, _| {
                t.addresses.push(ElasticIp {
                    allocation_id: "eipalloc-x".into(),
                    public_ip: "3.5.9.9".parse().unwrap(),
                    region: "eu-west-1".into(),
                    network_interface_id: None,
                    private_ip_address: None,
                })
            }),
            Severity::Warning,
            "eipalloc-x",
            "NetworkInterfaceId",
            "R1.8",
        ),
        (
            "STALE_SG_REFERENCE",
            Box::new(|t, l| {
                t.security_groups.iter_mut().find(|g| g.group_id == l.sg).unwrap().ip_permissions.push(
                    SecurityGroupRule { peer: RulePeer::ReferencedGroupId("sg-gone".into()), ..sg_rule("10.0.0.0/8") },
                )
            }),
            Severity::Warning,
            "sg-0001",
            "ReferencedGroupId",
            "R3.7",
        ),
        (
            "STALE_SG_REFERENCE",
            Box::new(|t, l| {
                // A group of the second VPC, which is not peered: the reference cannot be honoured (R7.8).
                let other = t.security_groups.iter().find(|g| g.vpc_id == l.vpc_b).unwrap().group_id.clone();
                t.security_groups
                    .iter_mut()
                    .find(|g| g.group_id == l.sg)
                    .unwrap()
                    .ip_permissions
                    .push(SecurityGroupRule { peer: RulePeer::ReferencedGroupId(other), ..sg_rule("10.0.0.0/8") })
            }),
            Severity::Warning,
            "sg-0001",
            "ReferencedGroupId",
            "R3.7",
        ),
        (
            "MISSING_SECURITY_GROUP",
            Box::new(|t, l| {
                t.network_interfaces.iter_mut().find(|e| e.network_interface_id == l.db_eni).unwrap().groups =
                    vec!["sg-gone".into()]
            }),
            Severity::Warning,
            "eni-0003",
            "Groups",
            "R3.4",
        ),
        (
            "ROUTE_TARGET_UNAVAILABLE",
            Box::new(|t, l| push_route(t, &l.main_rtb, "192.0.2.0/24", "pcx-gone")),
            Severity::Warning,
            "rtb-0001",
            "192.0.2.0/24",
            "R2.11",
        ),
        (
            "SG_RULES_PER_ENI",
            Box::new(|t, l| {
                let g = t.security_groups.iter_mut().find(|g| g.group_id == l.sg).unwrap();
                for k in 0..1001u32 {
                    g.ip_permissions.push(sg_rule(&format!("100.{}.{}.0/24", k / 256, k % 256)));
                }
            }),
            Severity::Error,
            "eni-0002",
            "Groups",
            "R3.11",
        ),
        (
            "ROUTE_TARGET_MISFIT",
            Box::new(|t, _| push_route(t, "rtb-0002", "8.8.8.0/24", "igw-0001")),
            Severity::Warning,
            "rtb-0002",
            "8.8.8.0/24",
            "R2.10",
        ),
        (
            "MISSING_PLACEMENT_GROUP",
            Box::new(|t, _| t.instances[0].placement_group = Some("nowhere".into())),
            Severity::Warning,
            "i-0001",
            "PlacementGroup",
            "R12.4",
        ),
    ];
    for (code, mutate, severity, resource, field, rule) in cases {
        let l = lab();
        let mut t = l.t.clone();
        mutate(&mut t, &l);
        let new = new_findings(&l.t, &t);
        let f = new.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code} not reported: {new:#?}"));
        assert_eq!(
            (f.severity, f.resource.as_str(), f.field.as_str(), f.rule.as_str()),
            (severity, resource, field, rule),
            "{code}: {}",
            f.message
        );
        assert!(!f.message.is_empty());
    }
}

fn push_route(t: &mut Topology, rtb: &str, dest: &str, target: &str) {
    t.route_tables.iter_mut().find(|r| r.route_table_id == rtb).unwrap().routes.push(Route {
        destination: RouteDestination::Cidr(dest.parse::<IpNet>().unwrap()),
        target: target.into(),
        state: RouteState::Active,
        origin: RouteOrigin::CreateRoute,
    });
}

#[test]
fn the_edit_path_refuses_exactly_what_the_validator_reports() {
    // One implementation, two callers: an edit that would add an error finding is refused with that finding.
    let l = lab();
    let mut t = l.t.clone();
    let edit = Edit::CreateSubnet {
        vpc_id: l.vpc.clone(),
        cidr_block: v4("10.9.0.0/24"),
        availability_zone: "eu-west-1a".into(),
        name: None,
    };
    let e = apply(&mut t, &edit).unwrap_err();
    let mut after = l.t.clone();
    after.subnets.push(Subnet {
        subnet_id: "subnet-0004".into(),
        name: None,
        vpc_id: l.vpc.clone(),
        availability_zone: "eu-west-1a".into(),
        cidr_block: v4("10.9.0.0/24"),
        ipv6_cidr_block: None,
        map_public_ip_on_launch: false,
    });
    let f = new_findings(&l.t, &after);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (e.resource, e.field, e.rule, e.message),
        (f[0].resource.clone(), f[0].field.clone(), f[0].rule.clone(), f[0].message.clone())
    );
    assert_eq!(t, l.t);
}

#[test]
fn findings_are_deterministic_and_serialize_with_lowercase_severity() {
    let l = lab();
    let mut t = l.t.clone();
    t.subnets[2].cidr_block = v4("10.7.0.0/24");
    push_route(&mut t, &l.main_rtb, "192.0.2.0/24", "pcx-gone");
    let a = validate(&t);
    assert_eq!(a, validate(&t));
    assert_eq!(a[0].severity, Severity::Error, "errors come first");
    let json = serde_json::to_value(&a[0]).unwrap();
    assert_eq!(json["severity"], "error");
    assert_eq!(json["code"], "SUBNET_OUTSIDE_VPC");
}

/// R8.1, R8.10, R9.7, R9.8: the scenario bases for TGW peering and PrivateLink are clean; one mutation each adds its
/// finding.
#[test]
fn peering_and_privatelink_findings() {
    let base = |name: &str| -> Topology {
        let path = vpcsim_tests::workspace_root().join("tests/scenarios/topologies").join(name);
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (tgw, pl) = (base("tgw-peering.json"), base("privatelink.json"));
    assert!(validate(&tgw).is_empty(), "{:#?}", validate(&tgw));
    assert!(validate(&pl).is_empty(), "{:#?}", validate(&pl));
    type Case<'a> = (&'a Topology, Mutate, &'a str, Severity, &'a str, &'a str, &'a str);
    type Mutate = Box<dyn Fn(&mut Topology)>;
    let cases: Vec<Case> = vec![
        (
            &tgw,
            Box::new(|t| t.transit_gateway_route_tables[1].propagations.push("tgw-attach-peer".into())),
            "TGW_PEERING_PROPAGATION",
            Severity::Error,
            "tgw-rtb-west",
            "Propagations",
            "R8.1",
        ),
        (
            &tgw,
            Box::new(|t| {
                t.transit_gateway_attachments.remove(3);
            }),
            "TGW_PEERING_ONE_SIDED",
            Severity::Warning,
            "tgw-attach-peer",
            "ResourceId",
            "R8.1",
        ),
        (
            &tgw,
            Box::new(|t| {
                let mut second = t.transit_gateway_attachments[2].clone();
                second.transit_gateway_attachment_id = "tgw-attach-peer2".into();
                t.transit_gateway_attachments.push(second);
            }),
            "TGW_PEERING_PAIR",
            Severity::Error,
            "tgw-attach-peer2",
            "PeerTransitGatewayId",
            "R8.10",
        ),
        (
            &pl,
            Box::new(|t| {
                let mut third = t.subnets[0].clone();
                third.subnet_id = "subnet-c3".into();
                third.cidr_block = "10.0.3.0/24".parse().unwrap();
                t.subnets.push(third);
                t.vpc_endpoints[0].subnet_ids.push("subnet-c3".into());
            }),
            "VPCE_SUBNETS_PER_AZ",
            Severity::Error,
            "vpce-svc1",
            "SubnetIds",
            "R9.7",
        ),
        (
            &pl,
            Box::new(|t| t.network_interfaces.retain(|n| n.network_interface_id != "eni-vpce-sqs")),
            "VPCE_ENI_MISSING",
            Severity::Warning,
            "vpce-sqs",
            "NetworkInterfaceIds",
            "R9.7",
        ),
        (
            &pl,
            Box::new(|t| t.load_balancers.clear()),
            "VPCE_SERVICE_NO_NLB",
            Severity::Warning,
            "vpce-svc-0abc",
            "NetworkLoadBalancerArns",
            "R9.8",
        ),
    ];
    for (before, mutate, code, severity, resource, field, rule) in cases {
        let mut t = before.clone();
        mutate(&mut t);
        let new = new_findings(before, &t);
        let f = new.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code} not reported: {new:#?}"));
        assert_eq!(
            (f.severity, f.resource.as_str(), f.field.as_str(), f.rule.as_str()),
            (severity, resource, field, rule)
        );
    }
}
