//! Longest-prefix match with AWS's tie-breaks (R2.4–R2.7).

use core::net::IpAddr;

use super::compile::CompiledRoute;
use crate::model::{RouteOrigin, TargetKind};

/// Rank of a route among routes of equal prefix length; lower wins.
/// R2.5/R2.7: local, then a static CIDR route, then a static prefix-list route, then a propagated route.
fn rank(r: &CompiledRoute) -> u8 {
    match (r.kind, r.origin, r.prefix_list.is_some()) {
        (TargetKind::Local, _, _) => 0,
        (_, RouteOrigin::EnableVgwRoutePropagation, _) => 3,
        (_, _, true) => 2,
        _ => 1,
    }
}

/// The route a packet to `dst` takes, from routes sorted longest prefix first.
/// R2.4: IPv4 and IPv6 are separate (an `IpNet` of the other family never contains `dst`).
/// R2.6: a propagated route inside a `local` range never wins, however specific.
/// R2.7: two overlapping prefix lists with different targets — AWS picks one at random and keeps it; we pick
/// the lexicographically smallest prefix-list id, deterministically.
pub(crate) fn lookup(routes: &[CompiledRoute], dst: IpAddr) -> Option<&CompiledRoute> {
    let shadowed_by_local = |r: &CompiledRoute| {
        r.origin == RouteOrigin::EnableVgwRoutePropagation
            && routes.iter().any(|l| l.kind == TargetKind::Local && l.dest.contains(&r.dest))
    };
    let mut best: Option<&CompiledRoute> = None;
    for r in routes.iter().filter(|r| r.dest.contains(&dst) && !shadowed_by_local(r)) {
        match best {
            None => best = Some(r),
            Some(b) if r.dest.prefix_len() < b.dest.prefix_len() => break, // sorted: nothing longer follows
            Some(b) => {
                let better = (rank(r), r.prefix_list.as_deref()) < (rank(b), b.prefix_list.as_deref());
                if better {
                    best = Some(r);
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;
    use ipnet::IpNet;

    fn route(dest: &str, target: &str, origin: RouteOrigin, pl: Option<&str>) -> CompiledRoute {
        CompiledRoute {
            dest: dest.parse().unwrap(),
            prefix_list: pl.map(String::from),
            target: String::from(target),
            kind: TargetKind::of(target),
            nat: None,
            blackhole: false,
            origin,
            rule: crate::trace::RuleRef {
                kind: crate::trace::RuleKind::Route,
                owner: "rtb".into(),
                key: dest.into(),
                text: target.into(),
            },
        }
    }

    fn sorted(mut v: Vec<CompiledRoute>) -> Vec<CompiledRoute> {
        v.sort_by_key(|r| core::cmp::Reverse(r.dest.prefix_len()));
        v
    }

    #[test]
    fn s14_static_beats_propagated_and_local_beats_propagated() {
        let routes = sorted(alloc::vec![
            route("10.0.0.0/16", "local", RouteOrigin::CreateRouteTable, None),
            route("172.31.0.0/24", "vgw-1", RouteOrigin::EnableVgwRoutePropagation, None),
            route("172.31.0.0/24", "igw-1", RouteOrigin::CreateRoute, None),
            route("10.0.5.0/24", "vgw-1", RouteOrigin::EnableVgwRoutePropagation, None),
        ]);
        assert_eq!(lookup(&routes, "172.31.0.9".parse().unwrap()).unwrap().target, "igw-1");
        assert_eq!(lookup(&routes, "10.0.5.9".parse().unwrap()).unwrap().target, "local");
    }

    #[test]
    fn r2_7_static_cidr_beats_prefix_list_beats_propagated() {
        let routes = sorted(alloc::vec![
            route("54.0.0.0/8", "vgw-1", RouteOrigin::EnableVgwRoutePropagation, None),
            route("54.0.0.0/8", "vpce-1", RouteOrigin::CreateRouteTable, Some("pl-1")),
        ]);
        assert_eq!(lookup(&routes, "54.1.2.3".parse().unwrap()).unwrap().target, "vpce-1");
        let mut with_static = routes.clone();
        with_static.push(route("54.0.0.0/8", "igw-1", RouteOrigin::CreateRoute, None));
        assert_eq!(lookup(&sorted(with_static), "54.1.2.3".parse().unwrap()).unwrap().target, "igw-1");
    }

    #[test]
    fn families_are_separate() {
        let routes = sorted(alloc::vec![route("0.0.0.0/0", "igw-1", RouteOrigin::CreateRoute, None)]);
        assert!(lookup(&routes, "2606:4700::1111".parse().unwrap()).is_none());
    }

    #[test]
    fn longest_prefix_matches_a_naive_oracle() {
        // Deterministic pseudo-random routes and addresses; the oracle scans every route.
        let mut seed = 0x9e37_79b9_u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for _ in 0..200 {
            let mut routes = Vec::new();
            for i in 0..12 {
                let len = (next() % 33) as u8;
                let net = IpNet::new(IpAddr::V4(next().into()), len).unwrap().trunc();
                routes.push(route(
                    &alloc::format!("{net}"),
                    &alloc::format!("eni-{i}"),
                    RouteOrigin::CreateRoute,
                    None,
                ));
            }
            let routes = sorted(routes);
            for _ in 0..20 {
                let dst = IpAddr::V4(next().into());
                let oracle = routes.iter().filter(|r| r.dest.contains(&dst)).map(|r| r.dest.prefix_len()).max();
                assert_eq!(lookup(&routes, dst).map(|r| r.dest.prefix_len()), oracle);
            }
        }
    }
}
