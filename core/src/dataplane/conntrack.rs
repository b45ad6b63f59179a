//! Security-group connection tracking (R3.5, R3.9, R3.10): per ENI, flows the SGs admitted, so that replies
//! pass whatever the rules of the other direction say.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;
use serde::{Deserialize, Serialize};

use crate::packet::Header;

/// One flow as seen from an ENI: its own side and the remote side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    eni: usize,
    protocol: u8,
    local: (IpAddr, u16),
    remote: (IpAddr, u16),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    tracked: bool,
    last_seen: u64,
}

/// R3.10 default idle timeouts: TCP established 5 days, UDP 30 s (180 s once a stream), others 30 s here.
fn timeout(protocol: u8) -> u64 {
    match protocol {
        6 => 432_000,
        17 => 180,
        _ => 30,
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ConnTrack {
    flows: BTreeMap<Key, Entry>,
    /// Flows a stateful appliance saw start, keyed without direction (S17).
    appliance: BTreeMap<Key, Entry>,
}

fn key(eni: usize, h: &Header, leaving: bool) -> Key {
    // ICMP has no ports: the echo identifier (carried in `src_port`) is the same in the request and its reply,
    // so it keys the flow on both sides instead of being swapped like a port.
    let (src_port, dst_port) = if h.protocol.is_icmp() { (h.src_port, h.src_port) } else { (h.src_port, h.dst_port) };
    let (local, remote) =
        if leaving { ((h.src, src_port), (h.dst, dst_port)) } else { ((h.dst, dst_port), (h.src, src_port)) };
    Key { eni, protocol: h.protocol.0, local, remote }
}

impl ConnTrack {
    /// A live entry for this packet's flow at this ENI (either direction), if any: `Some(tracked)`.
    pub fn find(&self, eni: usize, h: &Header, leaving: bool, now: u64) -> Option<bool> {
        let e = self.flows.get(&key(eni, h, leaving))?;
        (now.saturating_sub(e.last_seen) <= timeout(h.protocol.0)).then_some(e.tracked)
    }

    pub fn record(&mut self, eni: usize, h: &Header, leaving: bool, tracked: bool, now: u64) {
        self.flows.insert(key(eni, h, leaving), Entry { tracked, last_seen: now });
    }

    /// A stateful appliance on `eni` forwards a packet: a new flow (TCP SYN, or any UDP/ICMP) is remembered;
    /// anything else passes only if the flow was seen starting here. Returns whether it may pass.
    pub fn appliance(&mut self, eni: usize, h: &Header, starts: bool, now: u64) -> bool {
        let k = key(eni, h, true);
        let (a, b) = (k.local, k.remote);
        let k = Key { eni, protocol: h.protocol.0, local: a.min(b), remote: a.max(b) };
        let live = self.appliance.get(&k).is_some_and(|e| now.saturating_sub(e.last_seen) <= timeout(h.protocol.0));
        if starts || live {
            self.appliance.insert(k, Entry { tracked: true, last_seen: now });
        }
        starts || live
    }

    /// The table as the UI shows it.
    pub fn entries(&self, eni_ids: &[String], now: u64) -> Vec<ConnEntry> {
        self.flows
            .iter()
            .map(|(k, e)| ConnEntry {
                interface_id: eni_ids.get(k.eni).cloned().unwrap_or_default(),
                protocol: k.protocol,
                local: k.local.0,
                local_port: k.local.1,
                remote: k.remote.0,
                remote_port: k.remote.1,
                tracked: e.tracked,
                idle_seconds: now.saturating_sub(e.last_seen),
            })
            .collect()
    }
}

/// A connection-tracking entry, for the state panels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnEntry {
    pub interface_id: String,
    pub protocol: u8,
    pub local: IpAddr,
    pub local_port: u16,
    pub remote: IpAddr,
    pub remote_port: u16,
    pub tracked: bool,
    pub idle_seconds: u64,
}
