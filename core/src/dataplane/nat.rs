//! Port address translation tables of NAT gateways and NAT instances (R6.3, R6.5, R6.6, R6.13).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;
use serde::{Deserialize, Serialize};

use crate::packet::Header;

/// R6.5: "55,000 simultaneous connections to each unique destination" (IP + port + protocol).
pub(crate) const PORTS_PER_DESTINATION: usize = 55_000;
/// R6.6: idle TCP connections time out after 350 s.
pub(crate) const NATGW_IDLE_TIMEOUT: u64 = 350;
const FIRST_PORT: u16 = 1024; // R6.5, R4.10: NAT gateways use source ports 1024–65535

/// A destination as R6.5 counts it.
type Destination = (u8, IpAddr, u16);

#[derive(Clone, Debug)]
struct Mapping {
    inside: (IpAddr, u16),
    outside: (IpAddr, u16),
    destination: Destination,
    last_seen: u64,
}

/// Outcome of looking up an inside flow.
pub(crate) enum Outbound {
    /// Translated to this source port (new or existing mapping).
    Port(u16),
    /// An existing TCP mapping idled out (R6.6): the NAT gateway answers with RST.
    IdledOut,
    /// No source port left for this destination (R6.5).
    Exhausted,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct NatTables {
    /// Per translator (a `nat-…` or `i-…` id): its mappings.
    tables: BTreeMap<String, Vec<Mapping>>,
}

impl NatTables {
    /// Translates an inside flow, allocating a port for a new one. Port choice is deterministic (seed 000's
    /// table): keep the inside source port when it is free for that destination, else try port + 10000
    /// (wrapping inside 1024–65535), then the next free port upward. AWS does not document its choice.
    #[allow(clippy::too_many_arguments)]
    pub fn outbound(
        &mut self,
        translator: &str,
        outside_ip: IpAddr,
        inside: (IpAddr, u16),
        destination: Destination,
        new_connection: bool,
        idle_timeout: Option<u64>,
        now: u64,
    ) -> Outbound {
        // Looked up before inserting: an existing table costs no key allocation per packet.
        if !self.tables.contains_key(translator) {
            self.tables.insert(String::from(translator), Vec::new());
        }
        let Some(table) = self.tables.get_mut(translator) else {
            return Outbound::Exhausted;
        };
        if let Some(pos) = table.iter().position(|m| m.inside == inside && m.destination == destination) {
            let idle = now.saturating_sub(table[pos].last_seen);
            if idle_timeout.is_some_and(|limit| idle > limit) {
                table.remove(pos);
                if !new_connection {
                    return Outbound::IdledOut;
                }
            } else {
                table[pos].last_seen = now;
                return Outbound::Port(table[pos].outside.1);
            }
        } else if !new_connection && idle_timeout.is_some() {
            // A mid-connection TCP segment with no mapping at all: the gateway resets it as well (R6.6).
            return Outbound::IdledOut;
        }
        let mut used = BTreeSet::new(); // inserted, not collected: no sort instantiated (compile.rs `map_of`)
        for m in table.iter().filter(|m| m.destination == destination) {
            used.insert(m.outside.1);
        }
        if used.len() >= PORTS_PER_DESTINATION {
            return Outbound::Exhausted;
        }
        let span = u32::from(u16::MAX - FIRST_PORT) + 1;
        let wrap = |p: u32| FIRST_PORT + ((p.saturating_sub(u32::from(FIRST_PORT))) % span) as u16;
        let preferred = inside.1.max(FIRST_PORT);
        let candidates = core::iter::once(preferred).chain((0..span).map(|i| wrap(u32::from(preferred) + 10_000 + i)));
        let Some(port) = candidates.into_iter().find(|p| !used.contains(p)) else {
            return Outbound::Exhausted;
        };
        table.push(Mapping { inside, outside: (outside_ip, port), destination, last_seen: now });
        Outbound::Port(port)
    }

    /// The inside address and port of a reply `h` arriving at the translator's outside address (R6.3: only
    /// replies are let in).
    pub fn inbound(&mut self, translator: &str, h: &Header, now: u64) -> Option<(IpAddr, u16)> {
        let (outside_port, remote_port) = h.receiver_ports();
        let destination = (h.protocol.0, h.src, remote_port);
        let m = self
            .tables
            .get_mut(translator)?
            .iter_mut()
            .find(|m| m.outside == (h.dst, outside_port) && m.destination == destination)?;
        m.last_seen = now;
        Some(m.inside)
    }

    /// The tables as the UI shows them.
    pub fn entries(&self, now: u64) -> Vec<NatEntry> {
        let mut out = Vec::new();
        for (translator, table) in &self.tables {
            for m in table {
                out.push(NatEntry {
                    translator: translator.clone(),
                    protocol: m.destination.0,
                    inside: m.inside.0,
                    inside_port: m.inside.1,
                    outside: m.outside.0,
                    outside_port: m.outside.1,
                    destination: m.destination.1,
                    destination_port: m.destination.2,
                    idle_seconds: now.saturating_sub(m.last_seen),
                });
            }
        }
        out
    }
}

/// A NAT port-map entry, for the state panels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatEntry {
    pub translator: String,
    pub protocol: u8,
    pub inside: IpAddr,
    pub inside_port: u16,
    pub outside: IpAddr,
    pub outside_port: u16,
    pub destination: IpAddr,
    pub destination_port: u16,
    pub idle_seconds: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn seed_000_port_overloading_table() {
        let mut t = NatTables::default();
        let dst = (6, ip("93.184.216.34"), 443);
        let a = t.outbound("nat-1", ip("10.20.1.100"), (ip("10.40.2.101"), 40001), dst, true, Some(350), 0);
        let b = t.outbound("nat-1", ip("10.20.1.100"), (ip("10.40.2.201"), 40001), dst, true, Some(350), 0);
        assert!(matches!(a, Outbound::Port(40001)));
        assert!(matches!(b, Outbound::Port(50001)));
    }

    #[test]
    fn mappings_are_injective_per_destination() {
        let mut t = NatTables::default();
        let dst = (17, ip("8.8.8.8"), 53);
        let mut seen = BTreeSet::new();
        for i in 0..2000u16 {
            let inside =
                (IpAddr::V4(core::net::Ipv4Addr::new(10, 0, (i / 200) as u8, (i % 200) as u8)), 1024 + (i % 7));
            match t.outbound("nat-1", ip("1.2.3.4"), inside, dst, true, None, 0) {
                Outbound::Port(p) => assert!(seen.insert(p), "port {p} handed out twice"),
                _ => panic!("allocation failed"),
            }
        }
    }

    #[test]
    fn idle_tcp_mapping_resets() {
        let mut t = NatTables::default();
        let dst = (6, ip("1.1.1.1"), 443);
        assert!(matches!(
            t.outbound("nat-1", ip("1.2.3.4"), (ip("10.0.0.5"), 40000), dst, true, Some(350), 0),
            Outbound::Port(_)
        ));
        assert!(matches!(
            t.outbound("nat-1", ip("1.2.3.4"), (ip("10.0.0.5"), 40000), dst, false, Some(350), 400),
            Outbound::IdledOut
        ));
    }
}
