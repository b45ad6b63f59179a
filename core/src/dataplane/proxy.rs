//! An explicit proxy instance (R6.13 role `proxy`, seed 000 "Proxy 인스턴스"): the client connects to the proxy's
//! address and listen port, and the proxy opens a new connection from its own interface to the real
//! destination — so the destination sees the proxy's address (then the IGW's or a NAT's translation as usual).
//! The reply comes back to the proxy, which answers the client on the first connection. Both legs show in the
//! trace, as for an ALB (balancer.rs).
//!
//! A probe names the proxy with `ProbeOptions::via_proxy` (instance or ENI id) and the port the client talks
//! to with `ProbeOptions::proxy_port` (default 3128, Squid's): both are client settings
//! (`HTTPS_PROXY=http://proxy:3128`), not AWS configuration.

use alloc::boxed::Box;
use alloc::format;
use core::net::IpAddr;

use super::forward::{Step, Walk};
use crate::packet::Header;
use crate::trace::{Action, ComponentKind, RuleKind, RuleRef, Text};

/// The port a client talks to when the probe names none.
pub const DEFAULT_PROXY_PORT: u16 = 3128;

/// What the proxy does once the client's request reaches it: open a connection to `dst:dst_port` from `src_port`.
#[derive(Clone, Debug)]
pub(crate) struct ProxyRequest {
    pub eni: usize,
    pub dst: IpAddr,
    pub dst_port: u16,
    pub src_port: u16,
}

/// The proxy's state in one walk: the request to relay (forward), the client's leg as the proxy received it
/// (kept for the reply), and while playing the reply what the proxy answers the client.
/// Boxed, so a walk that meets no proxy carries three pointers rather than three headers.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProxyState {
    pub pending: Option<Box<ProxyRequest>>,
    pub leg: Option<Box<(usize, Header)>>,
    pub back: Option<Box<(usize, Header)>>,
}

impl ProxyState {
    /// Whether a packet for `eni`'s own address is the proxy's business in this walk.
    pub fn wants(&self, eni: usize) -> bool {
        self.pending.as_ref().is_some_and(|p| p.eni == eni) || self.back.as_ref().is_some_and(|b| b.0 == eni)
    }
}

/// A packet addressed to the proxy's own interface: relay the client's request as a new connection, or hand the
/// destination's reply back to the client on the first connection.
pub(crate) fn arrive(w: &mut Walk, eni: usize, h: Header, id: &str) -> Step {
    if let Some(b) = w.proxy.back.take() {
        let (back_eni, back) = *b;
        // The destination's reply reached the proxy: it answers the client from its listen port (R6.13).
        let text =
            format!("{}:{} → {}:{} (reply on the client's connection)", h.dst, h.dst_port, back.dst, back.dst_port);
        let rule =
            RuleRef { kind: RuleKind::Translation, owner: id.into(), key: Text::lit("proxy-reply"), text: text.into() };
        w.record_rule(ComponentKind::Proxy, id, Action::Translated, rule, &h);
        if let Some(last) = w.hops.last_mut() {
            last.header_out = back;
        }
        return w.leave_eni(back_eni, back, false);
    }
    let Some(req) = w.proxy.pending.take() else {
        return Err(crate::trace::Reason::BadState);
    };
    let own = match req.dst {
        IpAddr::V4(_) => w.t.network_interfaces.get(eni).and_then(|e| e.primary_ip()).map(IpAddr::V4),
        IpAddr::V6(_) => w.t.network_interfaces.get(eni).and_then(|e| e.ipv6_addresses.first()).map(|a| IpAddr::V6(*a)),
    };
    let Some(own) = own else {
        w.record(ComponentKind::Proxy, id, Action::Dropped, format!("no address of {}'s IP version", req.dst), &h);
        return Err(crate::trace::Reason::BadState);
    };
    // R6.13 (proxy): a new connection from the proxy's own address and an ephemeral port; a fresh SYN, TTL 64.
    let mut out = h;
    out.src = own;
    out.src_port = req.src_port;
    out.dst = req.dst;
    out.dst_port = req.dst_port;
    out.ttl = 64;
    let text = format!(
        "CONNECT {}:{} from {}:{} → new connection {}:{} → {}:{}",
        req.dst, req.dst_port, h.src, h.src_port, own, req.src_port, req.dst, req.dst_port
    );
    let rule = RuleRef {
        kind: RuleKind::Translation,
        owner: id.into(),
        key: format!("{}", h.dst_port).into(),
        text: text.into(),
    };
    w.record_rule(ComponentKind::Proxy, id, Action::Translated, rule, &h);
    if let Some(last) = w.hops.last_mut() {
        last.header_out = out;
    }
    w.proxy.leg = Some(Box::new((eni, h)));
    w.leave_eni(eni, out, false)
}
