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
