//! Round trips: describe-* import → export → import is the identity on the model; native export → import
//! too; and every error class names the file, the JSON path and the problem.

use vpc_core::formats::{aws, files::load, native};
use vpcsim_tests::shared_dir;

fn snapshots() -> Vec<std::path::PathBuf> {
    let root = shared_dir().join("testdata/batfish");
    let mut v: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("aws_configs").is_dir())
        .collect();
    v.sort();
    assert!(v.len() >= 7, "the shared Batfish snapshots");
    v
}

#[test]
fn aws_import_export_import_is_the_identity() {
    for snap in snapshots() {
        let (first, _) = load(&snap).unwrap();
        let exported = aws::export(&first).unwrap();
        let second = aws::import(&exported).unwrap().topology;
        assert_eq!(first, second, "{}", snap.display());
    }
}

#[test]
fn native_export_import_is_the_identity() {
    for snap in snapshots() {
        let (t, _) = load(&snap).unwrap();
        let mut view = native::View::default();
        view.positions.insert("vpc-x".into(), (12.5, 40.0));
        let text = native::write(&t, &view).unwrap();
        let doc = native::read("x.json", &text).unwrap();
        assert_eq!((doc.topology, doc.view), (t, view), "{}", snap.display());
    }
}

#[test]
fn errors_name_the_file_the_path_and_the_problem() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33"}]}"#, "$.Vpcs[0].CidrBlock", "10.0.0.0/33"),
        (
            r#"{"Subnets": [{"SubnetId": "s-1", "VpcId": "vpc-1", "CidrBlock": 7}]}"#,
            "$.Subnets[0].CidrBlock",
            "expected a string",
        ),
        (
            r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"GatewayId": "igw-1"}]}]}"#,
            "$.RouteTables[0].Routes[0]",
            "Destination",
        ),
        (
            r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "v", "Entries": [{"RuleNumber": 5, "Protocol": "-1", "RuleAction": "maybe", "CidrBlock": "0.0.0.0/0"}]}]}"#,
            "$.NetworkAcls[0].Entries[0].RuleAction",
            "maybe",
        ),
        (
            r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "bogus"}]}]}"#,
            "$.SecurityGroups[0].IpPermissions[0].IpProtocol",
            "bogus",
        ),
        (r#"{"Vpcs": "#, "line", "not valid JSON"),
    ];
    for (text, path, problem) in cases {
        let e = aws::import(&[("acct/us-east-1/file.json".into(), text.to_string())]).unwrap_err();
        assert_eq!(e.resource, "acct/us-east-1/file.json");
        assert!(e.field.contains(path) || e.field.starts_with(path), "{path} in {e}");
        assert!(e.to_string().contains(problem), "{problem} in {e}");
    }
    let e = native::read("mine.json", r#"{"vpcsim": 99, "topology": {}}"#).unwrap_err();
    assert!(e.to_string().contains("newer"), "{e}");
    let e = native::read("mine.json", r#"{"vpcsim": 1, "topology": {"Vpcs": [{"VpcId": 3}]}}"#).unwrap_err();
    assert_eq!(e.resource, "mine.json");
}

#[test]
fn unknown_keys_are_warnings_not_errors() {
    let imported = aws::import(&[("x/Thing.json".into(), r#"{"Widgets": [], "Vpcs": []}"#.into())]).unwrap();
    assert!(imported.warnings.iter().any(|w| w.message.contains("Widgets")), "{:?}", imported.warnings);
}

/// Topologies written by hand for the scenario corpus: describe-* export → import keeps every verdict of the
/// scenarios built on them (interface endpoints, endpoint services and their NLBs — R9.7, R9.8 — and TGW
/// peering attachments, R8.1), and a second round trip changes nothing.
#[test]
fn scenario_bases_survive_an_aws_round_trip_with_their_verdicts() {
    let root = vpcsim_tests::workspace_root().join("tests/scenarios");
    for base in ["privatelink.json", "tgw-peering.json"] {
        let path = root.join("topologies").join(base);
        let Ok(text) = std::fs::read_to_string(&path) else { panic!("{}", path.display()) };
        let t: vpc_core::Topology = serde_json::from_str(&text).unwrap();
        let once = aws::import(&aws::export(&t).unwrap()).unwrap().topology;
        let twice = aws::import(&aws::export(&once).unwrap()).unwrap().topology;
        assert_eq!(once, twice, "{base}: a second round trip changes the model");
        let regions = |x: &vpc_core::Topology| x.transit_gateways.iter().map(|g| g.region.clone()).collect::<Vec<_>>();
        assert_eq!(regions(&once), regions(&t), "{base}: a TGW's Region (R8.1 inter-Region peering)");
        let round_tripped = serde_json::to_string(&once).unwrap();
        let mut files = 0;
        for entry in std::fs::read_dir(&root).unwrap() {
            let file = entry.unwrap().path();
            let Ok(scenario) = std::fs::read_to_string(&file) else { continue };
            if !scenario.contains(&format!("\"base\": \"{base}\"")) {
                continue;
            }
            files += 1;
            let load = |_: &str| Ok(round_tripped.clone());
            if let Err(e) = vpcsim_tests::scenario::run(&scenario, load) {
                panic!("{} on the round-tripped {base}: {e}", file.display());
            }
        }
        assert!(files > 0, "no scenario uses {base}");
    }
}

/// R8.1: `describe-transit-gateway-peering-attachments` gives a peering attachment a side on each TGW, and each
/// account's `describe-transit-gateway-attachments` adds that side's own association (R8.2) and state.
#[test]
fn a_tgw_peering_attachment_imports_as_one_side_per_tgw() {
    let peering = r#"{"TransitGatewayPeeringAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-p",
        "RequesterTgwInfo": {"TransitGatewayId": "tgw-e", "OwnerId": "111111111111", "Region": "us-east-1"},
        "AccepterTgwInfo": {"TransitGatewayId": "tgw-w", "OwnerId": "222222222222", "Region": "eu-west-1"},
        "Status": {"Code": "pendingAcceptance"}, "State": "pendingAcceptance"}]}"#;
    let west = r#"{"TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-p", "TransitGatewayId": "tgw-w",
        "ResourceType": "peering", "ResourceId": "tgw-e", "State": "available",
        "Association": {"TransitGatewayRouteTableId": "tgw-rtb-w", "State": "associated"}}]}"#;
    let files = vec![
        ("accounts/111111111111/us-east-1/TransitGatewayPeeringAttachments.json".to_string(), peering.to_string()),
        ("accounts/222222222222/eu-west-1/TransitGatewayAttachments.json".to_string(), west.to_string()),
    ];
    let t = aws::import(&files).unwrap().topology;
    let sides: Vec<_> = t
        .transit_gateway_attachments
        .iter()
        .map(|a| {
            (
                a.transit_gateway_id.as_str(),
                a.resource_id.as_str(),
                a.state.as_str(),
                a.association_route_table_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        sides,
        vec![("tgw-e", "tgw-w", "pendingAcceptance", None), ("tgw-w", "tgw-e", "available", Some("tgw-rtb-w"))]
    );
    let again = aws::import(&aws::export(&t).unwrap()).unwrap().topology;
    assert_eq!(again.transit_gateway_attachments, t.transit_gateway_attachments);
}

/// R14.7: Direct Connect VIFs go out in `describe-virtual-interfaces`' shape and come back unchanged (public and
/// private, on a VGW or a DX gateway, with the customer's prefixes).
#[test]
fn direct_connect_vifs_survive_the_round_trip() {
    use vpc_core::model::{VifType, VirtualInterface};
    let t = vpc_core::Topology {
        virtual_interfaces: vec![
            VirtualInterface {
                virtual_interface_id: "dxvif-pub".into(),
                name: Some("public".into()),
                virtual_interface_type: VifType::Public,
                gateway_id: None,
                advertised_routes: vec!["198.51.100.0/24".parse().unwrap()],
            },
            VirtualInterface {
                virtual_interface_id: "dxvif-priv".into(),
                name: None,
                virtual_interface_type: VifType::Private,
                gateway_id: Some("vgw-a".into()),
                advertised_routes: vec!["192.168.0.0/16".parse().unwrap()],
            },
            VirtualInterface {
                virtual_interface_id: "dxvif-transit".into(),
                name: None,
                virtual_interface_type: VifType::Transit,
                gateway_id: Some("dxgw-1".into()),
                advertised_routes: vec![],
            },
        ],
        ..Default::default()
    };
    let again = aws::import(&aws::export(&t).unwrap()).unwrap().topology;
    assert_eq!(again.virtual_interfaces, t.virtual_interfaces);
}
