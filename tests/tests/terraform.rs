//! Terraform `show -json` import: a state with a child module, and a plan whose ids are unknown.

use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::formats::files::load;
use vpc_core::packet::Protocol;
use vpc_core::trace::Verdict;
use vpc_core::Simulator;
use vpcsim_tests::workspace_root;

fn send(t: &vpc_core::Topology, from: &str, to: &str, port: u16) -> vpc_core::trace::Exchange {
    let probe = Probe {
        from: from.into(),
        to: to.into(),
        protocol: Protocol::TCP,
        src_port: Some(41000),
        dst_port: port,
        options: ProbeOptions::default(),
    };
    Simulator::new(t.clone()).unwrap().send(&probe).unwrap()
}

#[test]
fn a_state_imports_and_traces() {
    let (t, warnings) = load(&workspace_root().join("tests/fixtures/terraform/state.json")).unwrap();
    assert_eq!((t.vpcs.len(), t.subnets.len(), t.instances.len()), (1, 2, 2));
    assert_eq!(t.vpcs[0].region, "eu-west-1");
    assert!(
        warnings.iter().any(|w| w.message.contains("aws_s3_bucket")),
        "unmodelled resources are reported: {warnings:?}"
    );
    // app (private) → internet through the NAT gateway, seen as the EIP
    let ex = send(&t, "i-0app000000000001", "1.1.1.1", 443);
    assert_eq!(ex.forward.verdict, Verdict::Delivered, "{:?}", ex.forward.reason);
    assert_eq!(ex.forward.hops.last().unwrap().header_out.src.to_string(), "52.16.0.10");
    // web → app:8080 admitted by the SG reference from aws_vpc_security_group_ingress_rule
    assert_eq!(send(&t, "i-0web000000000001", "i-0app000000000001", 8080).forward.verdict, Verdict::Delivered);
    // internet → app's private IP never enters
    assert_eq!(send(&t, "8.8.8.8", "10.20.2.10", 443).forward.verdict, Verdict::Dropped);
    assert_eq!(t.instances[0].metadata_options.http_put_response_hop_limit, 2);
}

#[test]
fn a_plan_names_unknown_ids_by_address_and_reports_unknown_values() {
    let (t, warnings) = load(&workspace_root().join("tests/fixtures/terraform/plan.json")).unwrap();
    assert_eq!(t.vpcs[0].vpc_id, "aws_vpc.new", "unknown id: named by its address, not guessed");
    assert_eq!(t.subnets[0].vpc_id, "aws_vpc.new", "reference resolved through the configuration");
    assert_eq!(t.network_interfaces[0].subnet_id, "aws_subnet.new");
    assert!(
        warnings.iter().any(|w| w.path == "aws_instance.new.public_ip"),
        "unknown values are reported: {warnings:?}"
    );
}

#[test]
fn a_broken_state_names_the_resource_and_field() {
    let e = vpc_core::formats::terraform::import("bad.json", r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_vpc.x", "mode": "managed", "type": "aws_vpc", "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/99"}}]}}}"#).unwrap_err();
    assert_eq!(e.resource, "bad.json");
    assert_eq!(e.field, "aws_vpc.x.cidr_block");
}

/// R8.1 and R9.8 resources: a TGW peering attachment and its accepter (one side per TGW, each associated with
/// its own TGW's table), an endpoint service with an allowed principal, and an interface endpoint's DNS names.
#[test]
fn peering_attachments_endpoint_services_and_endpoint_names_import() {
    let state = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
      {"address": "aws_ec2_transit_gateway.e", "mode": "managed", "type": "aws_ec2_transit_gateway", "values": {"id": "tgw-e"}},
      {"address": "aws_ec2_transit_gateway.w", "mode": "managed", "type": "aws_ec2_transit_gateway", "values": {"id": "tgw-w"}},
      {"address": "aws_ec2_transit_gateway_route_table.e", "mode": "managed", "type": "aws_ec2_transit_gateway_route_table", "values": {"id": "tgw-rtb-e", "transit_gateway_id": "tgw-e"}},
      {"address": "aws_ec2_transit_gateway_route_table.w", "mode": "managed", "type": "aws_ec2_transit_gateway_route_table", "values": {"id": "tgw-rtb-w", "transit_gateway_id": "tgw-w"}},
      {"address": "aws_ec2_transit_gateway_peering_attachment.p", "mode": "managed", "type": "aws_ec2_transit_gateway_peering_attachment",
       "values": {"id": "tgw-attach-p", "transit_gateway_id": "tgw-e", "peer_transit_gateway_id": "tgw-w", "peer_region": "eu-west-1"}},
      {"address": "aws_ec2_transit_gateway_peering_attachment_accepter.p", "mode": "managed", "type": "aws_ec2_transit_gateway_peering_attachment_accepter",
       "values": {"id": "tgw-attach-p", "transit_gateway_attachment_id": "tgw-attach-p", "transit_gateway_id": "tgw-w", "peer_transit_gateway_id": "tgw-e"}},
      {"address": "aws_ec2_transit_gateway_route_table_association.w", "mode": "managed", "type": "aws_ec2_transit_gateway_route_table_association",
       "values": {"id": "x", "transit_gateway_attachment_id": "tgw-attach-p", "transit_gateway_route_table_id": "tgw-rtb-w"}},
      {"address": "aws_ec2_transit_gateway_route_table_association.e", "mode": "managed", "type": "aws_ec2_transit_gateway_route_table_association",
       "values": {"id": "y", "transit_gateway_attachment_id": "tgw-attach-p", "transit_gateway_route_table_id": "tgw-rtb-e"}},
      {"address": "aws_dx_public_virtual_interface.p", "mode": "managed", "type": "aws_dx_public_virtual_interface",
       "values": {"id": "dxvif-1", "name": "pub", "route_filter_prefixes": ["198.51.100.0/24"]}},
      {"address": "aws_dx_private_virtual_interface.q", "mode": "managed", "type": "aws_dx_private_virtual_interface",
       "values": {"id": "dxvif-2", "vpn_gateway_id": "vgw-1", "dx_gateway_id": ""}},
      {"address": "aws_vpc_endpoint_service.s", "mode": "managed", "type": "aws_vpc_endpoint_service",
       "values": {"id": "vpce-svc-1", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "acceptance_required": true,
                  "network_load_balancer_arns": ["arn:aws:elasticloadbalancing:us-east-1:2:loadbalancer/net/n/1"], "private_dns_name": ""}},
      {"address": "aws_vpc_endpoint_service_allowed_principal.a", "mode": "managed", "type": "aws_vpc_endpoint_service_allowed_principal",
       "values": {"id": "z", "vpc_endpoint_service_id": "vpce-svc-1", "principal_arn": "arn:aws:iam::111111111111:root"}},
      {"address": "aws_vpc_endpoint.i", "mode": "managed", "type": "aws_vpc_endpoint",
       "values": {"id": "vpce-1", "vpc_id": "vpc-1", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "vpc_endpoint_type": "Interface",
                  "state": "pendingAcceptance", "dns_entry": [{"dns_name": "vpce-1-ab.vpce-svc-1.us-east-1.vpce.amazonaws.com", "hosted_zone_id": "Z1"}]}}
    ]}}}"#;
    let t = vpc_core::formats::terraform::import("state.json", state).unwrap().topology;
    let sides: Vec<_> = t
        .transit_gateway_attachments
        .iter()
        .map(|a| (a.transit_gateway_id.as_str(), a.resource_id.as_str(), a.association_route_table_id.as_deref()))
        .collect();
    assert_eq!(sides, vec![("tgw-e", "tgw-w", Some("tgw-rtb-e")), ("tgw-w", "tgw-e", Some("tgw-rtb-w"))]);
    let s = &t.vpc_endpoint_services[0];
    assert_eq!(s.allowed_principals, vec!["arn:aws:iam::111111111111:root".to_string()]);
    assert!(s.acceptance_required && s.private_dns_name.is_none() && s.network_load_balancer_arns.len() == 1);
    let vifs: Vec<_> = t
        .virtual_interfaces
        .iter()
        .map(|v| (v.virtual_interface_type, v.gateway_id.as_deref(), v.advertised_routes.len()))
        .collect();
    use vpc_core::model::VifType;
    assert_eq!(vifs, vec![(VifType::Public, None, 1), (VifType::Private, Some("vgw-1"), 0)]);
    let e = &t.vpc_endpoints[0];
    assert_eq!(
        (e.state.as_str(), e.dns_entries[0].dns_name.as_str()),
        ("pendingAcceptance", "vpce-1-ab.vpce-svc-1.us-east-1.vpce.amazonaws.com")
    );
}
