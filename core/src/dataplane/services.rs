//! Link-local services answered on the instance's own host (R10.x, R11.x): IMDS, the Route 53 Resolver and
//! Amazon Time Sync. Security groups and NACLs do not filter them (R3.8, R4.9), flow logs do not record them
//! (R13.6), and no other host can reach them (R10.1).

use alloc::format;
use alloc::string::String;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::forward::{Endpoint, Step, Walk};
use super::ProbeOptions;
use crate::model::*;
use crate::packet::Header;
use crate::trace::{Action, ComponentKind, Reason};

pub(crate) const IMDS: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 254);
const DNS: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 253);
const NTP: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 123);
const IMDS6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
const DNS6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x253);
const NTP6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x123);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Service {
    Metadata,
    Dns,
    Time,
}

/// Which local service, if any, answers `dst` for an instance in `vpc` (R10.1, R10.8, R11.1: DNS at the
/// primary CIDR's base + 2).
pub(crate) fn service_at(vpc: Option<&Vpc>, dst: IpAddr) -> Option<Service> {
    let vpc_dns =
        vpc.and_then(|v| v.cidr_blocks.first()).map(|n| u32::from(n.network()).saturating_add(2)).map(Ipv4Addr::from);
    match dst {
        IpAddr::V4(a) if a == IMDS => Some(Service::Metadata),
        IpAddr::V4(a) if a == DNS || Some(a) == vpc_dns => Some(Service::Dns),
        IpAddr::V4(a) if a == NTP => Some(Service::Time),
        IpAddr::V6(a) if a == IMDS6 => Some(Service::Metadata),
        IpAddr::V6(a) if a == DNS6 => Some(Service::Dns),
        IpAddr::V6(a) if a == NTP6 => Some(Service::Time),
        _ => None,
    }
}

fn header<'h>(opts: &'h ProbeOptions, name: &str) -> Option<&'h str> {
    opts.http.as_ref()?.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The request leg: the instance sends, the service answers (or refuses). Returns the endpoint for the reply.
pub(crate) fn request(
    w: &mut Walk,
    eni: usize,
    instance: Option<&Instance>,
    vpc: Option<&Vpc>,
    service: Service,
    h: &Header,
    opts: &ProbeOptions,
) -> Step {
    let id = instance.map(|i| i.instance_id.clone()).unwrap_or_default();
    w.record(
        ComponentKind::Instance,
        &id,
        Action::Sent,
        String::from("link-local: not filtered by security groups or NACLs (R3.8, R4.9)"),
        h,
    );
    match service {
        Service::Dns => {
            if vpc.is_some_and(|v| !v.enable_dns_support) {
                w.record(
                    ComponentKind::DnsResolver,
                    "dns",
                    Action::Dropped,
                    String::from("enableDnsSupport is false"),
                    h,
                );
                return Err(Reason::BadState); // R11.2
            }
            w.record(ComponentKind::DnsResolver, "dns", Action::Answered, String::from("Route 53 Resolver answers"), h);
        }
        Service::Time => w.record(
            ComponentKind::MetadataService,
            "time",
            Action::Answered,
            String::from("Amazon Time Sync answers"),
            h,
        ),
        Service::Metadata => {
            let opts_i = instance.map(|i| i.metadata_options).unwrap_or_default();
            let method =
                opts.http.as_ref().map(|r| r.method.to_ascii_uppercase()).unwrap_or_else(|| String::from("GET"));
            let path = opts.http.as_ref().map(|r| r.path.clone()).unwrap_or_else(|| String::from("/latest/meta-data/"));
            let imds = "imds";
            if opts_i.http_endpoint == Toggle::Disabled {
                w.record(
                    ComponentKind::MetadataService,
                    imds,
                    Action::Dropped,
                    String::from("HttpEndpoint=disabled: 403 Forbidden"),
                    h,
                );
                return Err(Reason::ImdsDisabled); // R10.5
            }
            if method == "PUT" && path.starts_with("/latest/api/token") {
                if header(opts, "X-Forwarded-For").is_some() {
                    w.record(
                        ComponentKind::MetadataService,
                        imds,
                        Action::Dropped,
                        String::from("token PUT with X-Forwarded-For is refused"),
                        h,
                    );
                    return Err(Reason::ImdsForwardedFor); // R10.3
                }
                let text =
                    format!("IMDSv2 token issued; response IP TTL = hop limit {}", opts_i.http_put_response_hop_limit);
                w.record(ComponentKind::MetadataService, imds, Action::Answered, text, h);
            } else {
                let has_token = header(opts, "X-aws-ec2-metadata-token").is_some();
                if opts_i.http_tokens == HttpTokens::Required && !has_token {
                    w.record(
                        ComponentKind::MetadataService,
                        imds,
                        Action::Dropped,
                        String::from("HttpTokens=required and no token: 401 Unauthorized"),
                        h,
                    );
                    return Err(Reason::ImdsTokenRequired); // R10.3
                }
                w.record(
                    ComponentKind::MetadataService,
                    imds,
                    Action::Answered,
                    format!("{method} {path}: 200 OK ({})", if has_token { "IMDSv2" } else { "IMDSv1" }),
                    h,
                );
            }
        }
    }
    Ok(Endpoint::LinkLocal(eni))
}

/// The answer leg: back to the instance — or, for an IMDSv2 token, only as far as the hop limit lets it (R10.4).
pub(crate) fn answer(
    w: &mut Walk,
    instance: Option<&Instance>,
    service: Service,
    h: &Header,
    opts: &ProbeOptions,
) -> Result<(), Reason> {
    let id = instance.map(|i| i.instance_id.clone()).unwrap_or_default();
    let put_token =
        service == Service::Metadata && opts.http.as_ref().is_some_and(|r| r.method.eq_ignore_ascii_case("PUT"));
    let from = match service {
        Service::Dns => ComponentKind::DnsResolver,
        _ => ComponentKind::MetadataService,
    };
    let mut out = *h;
    if put_token {
        let limit = instance.map(|i| i.metadata_options.http_put_response_hop_limit).unwrap_or(1);
        out.ttl = limit;
        let hops_needed = if opts.from_container { 2 } else { 1 };
        w.record(from, "imds", Action::Sent, format!("response sent with IP TTL {limit}"), &out);
        if limit < hops_needed {
            let text = format!("TTL {limit} runs out at the container bridge ({hops_needed} hops needed)");
            w.record(ComponentKind::Instance, &id, Action::Dropped, text, &out);
            return Err(Reason::ImdsHopLimit);
        }
    } else {
        w.record(from, "local", Action::Sent, String::from("answer"), &out);
    }
    w.record(ComponentKind::Instance, &id, Action::Delivered, String::from("answer received"), &out);
    Ok(())
}
