//! A one-sentence Korean explanation of each rule the engine cites in an [`Error`](crate::Error) or a
//! [`Finding`](crate::validate::Finding): the R-numbers, paraphrased from their definitions in
//! `aws-semantics.md` (the project's compendium of AWS's documented behaviour), and the EC2 / elbv2 API error
//! names the edit path refuses with (`NotFound`, `DependencyViolation`, `DuplicateListener`, …).
//!
//! The engine's own `message` stays English: AWS's API answers in English even in AWS's Korean console, so
//! the Korean UI shows this explanation first and the English detail after it as "AWS 메시지" (secondary).
//! One table keyed by the rule string serves refusals and findings alike. The sentences are short on purpose:
//! the web page's wasm has a size budget.

/// The Korean explanation of `rule`, or `None` for a rule string the engine does not cite.
pub fn summary_ko(rule: &str) -> Option<&'static str> {
    Some(match rule {
        // §1 Subnets and addressing
        "R1.1" => "VPC의 IPv4 CIDR 블록은 /16에서 /28 사이여야 합니다.",
        "R1.2" => "서브넷의 CIDR 블록은 VPC의 CIDR 블록 안에 있어야 하며 서로 겹칠 수 없습니다.",
        "R1.3" => "각 서브넷의 처음 네 개 IP 주소와 마지막 IP 주소는 예약되어 있습니다.",
        "R1.4" => "CIDR 블록은 호스트 비트가 0인 표준 형식으로 저장됩니다.",
        "R1.5" => "보조 IPv4 CIDR 블록은 VPC당 5개까지이며 기존 범위나 제한된 범위와 겹칠 수 없습니다.",
        "R1.6" => "VPC의 IPv6 CIDR 블록은 /56, 서브넷의 IPv6 CIDR 블록은 /64입니다.",
        "R1.8" => "탄력적 IP 주소는 리전당 기본 5개까지 할당할 수 있습니다.",
        // §2 Route tables
        "R2.1" => "기본 라우팅 테이블은 삭제할 수 없고 게이트웨이 라우팅 테이블은 기본이 될 수 없습니다.",
        "R2.2" => "서브넷은 라우팅 테이블 하나와 연결되며, 연결이 남은 테이블은 삭제할 수 없습니다.",
        "R2.3" => "local 경로는 바꾸거나 삭제할 수 없고, 더 구체적인 경로는 서브넷 CIDR와 같아야 합니다.",
        "R2.4" => "IPv4와 IPv6 경로는 따로 조회되며 가장 긴 접두사가 일치하는 경로가 선택됩니다.",
        "R2.9" => "169.254.168.0/22 또는 fd00:ec2::/32 범위로 가는 경로는 만들 수 없습니다.",
        "R2.10" => "경로 대상은 이 VPC에 연결된 게이트웨이, 인터페이스, 피어링 연결 등이어야 합니다.",
        "R2.11" => "대상이 없거나 동작하지 않는 경로는 블랙홀 상태가 되어 트래픽을 버립니다.",
        "R2.14" => "라우팅 테이블은 VPC당 200개, 정적 경로는 테이블당 주소 체계별 50개까지입니다.",
        // §3 Security groups, §4 Network ACLs
        "R3.3" => "기본 보안 그룹은 삭제할 수 없습니다.",
        "R3.4" => "네트워크 인터페이스에는 같은 VPC의 보안 그룹을 하나 이상 연결합니다.",
        "R3.7" => "보안 그룹 참조는 같은 VPC나 활성 피어링된 VPC에 있는 그룹만 가리킬 수 있습니다.",
        "R3.11" => "보안 그룹 규칙은 방향·주소 체계별 60개, 인터페이스당 보안 그룹은 5개까지입니다.",
        "R4.2" => "네트워크 ACL 규칙 번호는 1~32766에서 방향별로 고유하며 * 규칙은 바꿀 수 없습니다.",
        "R4.5" => "서브넷은 네트워크 ACL 하나와 연결되며, 기본 ACL과 사용 중인 ACL은 삭제할 수 없습니다.",
        "R4.10" => "네트워크 ACL은 상태 비저장이므로 응답이 오는 임시 포트를 따로 허용해야 합니다.",
        "R4.12" => "네트워크 ACL 규칙은 방향·주소 체계별로 20개까지 둘 수 있습니다.",
        // §5 Internet gateways, §6 NAT
        "R5.1" => "VPC에는 인터넷 게이트웨이를 하나만 연결할 수 있습니다.",
        "R5.4" => "인터넷 게이트웨이는 퍼블릭 IPv4 주소가 있는 인터페이스만 1:1 NAT로 변환합니다.",
        "R5.7" => "퍼블릭 주소가 매핑된 인스턴스가 있으면 인터넷 게이트웨이를 분리할 수 없습니다.",
        "R5.11" => "송신 전용 인터넷 게이트웨이는 IPv6 경로에만 쓰이며 VPC당 하나입니다.",
        "R6.1" => "퍼블릭 NAT 게이트웨이는 만들 때 탄력적 IP 주소를 지정해야 합니다.",
        "R6.2" => "퍼블릭 NAT 게이트웨이에는 연결된 인터넷 게이트웨이와 그쪽으로 가는 경로가 필요합니다.",
        "R6.3" => "프라이빗 NAT 게이트웨이는 탄력적 IP 없이 자신의 프라이빗 IP로 변환합니다.",
        "R6.13" => "프록시는 proxy 역할의 인스턴스로, TCP 연결을 받아 목적지로 새 연결을 엽니다.",
        // §7 Peering, §8 Transit Gateway
        "R7.1" => "VPC 피어링 연결은 다른 VPC와 맺으며 요청, 수락 또는 거부, 삭제 순으로 바뀝니다.",
        "R7.3" => "CIDR 블록이 같거나 겹치는 VPC끼리는 피어링 연결을 만들 수 없습니다.",
        "R7.4" => "같은 두 VPC 사이에는 피어링 연결이 한 번에 하나만 있을 수 있습니다.",
        "R7.8" => "리전 간 피어링에서는 상대 VPC의 보안 그룹을 참조할 수 없습니다.",
        "R8.1" => "Transit Gateway 피어링 연결은 다른 TGW와 맺어 수락해야 하며 정적 경로만 씁니다.",
        "R8.2" => "Transit Gateway 연결은 라우팅 테이블 하나에만 연결되며 경로는 여러 테이블로 전파됩니다.",
        "R8.4" => "Transit Gateway는 가장 긴 접두사로 경로를 고르므로 겹치는 VPC CIDR은 구분되지 않습니다.",
        "R8.6" => "Transit Gateway VPC 연결에는 가용 영역마다 서브넷을 하나씩 지정합니다.",
        "R8.8" => "어플라이언스 모드는 VPC 연결에만 적용됩니다.",
        "R8.10" => "같은 두 Transit Gateway 사이에는 피어링 연결을 하나만 만들 수 있습니다.",
        // §9 Endpoints, §10–§12
        "R9.1" => "게이트웨이 엔드포인트는 S3와 DynamoDB용이며 그 경로는 직접 고칠 수 없습니다.",
        "R9.7" => "인터페이스 엔드포인트는 가용 영역마다 서브넷 하나에 네트워크 인터페이스를 둡니다.",
        "R9.8" => "엔드포인트 서비스에는 NLB가 필요하며 허용된 보안 주체의 연결만 수락합니다.",
        "R10.1" => "인스턴스 메타데이터(169.254.169.254)는 인스턴스 자신만 사용할 수 있습니다.",
        "R11.3" => "퍼블릭 DNS 이름은 VPC 안에서는 프라이빗 IP, 밖에서는 퍼블릭 IP로 확인됩니다.",
        "R12.1" => "클러스터 배치 그룹은 한 가용 영역에만 인스턴스를 둡니다.",
        "R12.2" => "파티션 배치 그룹은 가용 영역당 파티션을 최대 7개까지 가질 수 있습니다.",
        "R12.3" => "분산 배치 그룹은 가용 영역당 실행 중인 인스턴스를 최대 7개까지 둡니다.",
        "R12.4" => "배치 그룹은 리전당 500개까지이며 인스턴스는 한 그룹에만 속합니다.",
        // §14 VPN
        "R14.1" => "VPC에는 가상 프라이빗 게이트웨이를 한 번에 하나만 연결할 수 있습니다.",
        "R14.2" => "경로 전파는 VPC에 연결된 가상 프라이빗 게이트웨이의 경로를 라우팅 테이블에 넣습니다.",
        // EC2 API errors
        "NotFound" => "지정한 리소스가 존재하지 않습니다.",
        "DependencyViolation" => "다른 리소스가 아직 사용 중이라 삭제하거나 분리할 수 없습니다.",
        "Gateway.NotAttached" => "게이트웨이가 VPC에 연결되어 있지 않습니다.",
        "InvalidAssociationID.NotFound" => "지정한 연결이 존재하지 않습니다.",
        "InvalidGroup.Duplicate" => "VPC에 같은 이름의 보안 그룹이 이미 있습니다.",
        "InvalidIPAddress.InUse" => "이 탄력적 IP 주소는 이미 사용 중입니다.",
        "InvalidPermission.Duplicate" => "같은 보안 그룹 규칙이 이미 있습니다.",
        "InvalidPermission.NotFound" => "지정한 보안 그룹 규칙이 없습니다.",
        "InvalidPlacementGroup.Duplicate" => "같은 이름의 배치 그룹이 이미 있습니다.",
        "Resource.AlreadyAssociated" => "탄력적 IP 주소가 이미 다른 리소스에 연결되어 있습니다.",
        "RouteAlreadyExists" => "같은 대상 CIDR로 가는 경로가 이미 있습니다.",
        "DuplicateTransitGatewayAttachment" => "이 VPC는 이미 이 Transit Gateway에 연결되어 있습니다.",
        "RunInstances" => "인스턴스를 시작할 서브넷이 존재하지 않습니다.",
        "TerminateInstances" => "종료할 인스턴스가 존재하지 않습니다.",
        "C-eni" => "네트워크 인터페이스는 다른 VPC의 서브넷으로 옮길 수 없습니다.",
        // elbv2 API errors
        "ValidationError" => "이름, 프로토콜 또는 포트 값이 허용 범위를 벗어났습니다.",
        "InvalidConfigurationRequest" => "로드 밸런서의 서브넷, VPC 또는 유형 구성이 올바르지 않습니다.",
        "LoadBalancerNotFound" => "지정한 로드 밸런서가 없습니다.",
        "TargetGroupNotFound" => "지정한 대상 그룹이 없습니다.",
        "ListenerNotFound" => "지정한 리스너가 없습니다.",
        "SubnetNotFound" => "지정한 서브넷이 없습니다.",
        "DuplicateLoadBalancerName" => "같은 이름의 로드 밸런서가 이미 있습니다.",
        "DuplicateTargetGroupName" => "같은 이름의 대상 그룹이 이미 있습니다.",
        "DuplicateListener" => "이 포트를 쓰는 리스너가 이미 있습니다.",
        "InvalidSecurityGroup" => "로드 밸런서와 같은 VPC에 있는 보안 그룹이어야 합니다.",
        "InvalidTarget" => "대상은 대상 그룹의 VPC에 있는 인스턴스나 그 CIDR 안의 IP여야 합니다.",
        "ResourceInUse" => "다른 리소스가 아직 사용 중입니다.",
        "UnsupportedProtocol" => "이 유형의 로드 밸런서가 지원하지 않는 프로토콜입니다.",
        "IncompatibleProtocols" => "리스너와 대상 그룹의 프로토콜이 맞지 않습니다.",
        "TargetGroupAssociationLimit" => "대상 그룹은 로드 밸런서 하나에만 연결할 수 있습니다.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::summary_ko;
    use alloc::collections::BTreeSet;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    /// The non-R rule strings found when this table was written; the scan below must find each of them, so
    /// a scanner that silently stopped finding call sites fails here instead of passing with nothing.
    const KNOWN_CODES: &[&str] = &[
        "NotFound",
        "DependencyViolation",
        "Gateway.NotAttached",
        "InvalidAssociationID.NotFound",
        "InvalidGroup.Duplicate",
        "InvalidIPAddress.InUse",
        "InvalidPermission.Duplicate",
        "InvalidPermission.NotFound",
        "InvalidPlacementGroup.Duplicate",
        "Resource.AlreadyAssociated",
        "RouteAlreadyExists",
        "DuplicateTransitGatewayAttachment",
        "RunInstances",
        "TerminateInstances",
        "C-eni",
        "InvalidConfigurationRequest",
        "DuplicateListener",
        "TargetGroupAssociationLimit",
    ];

    /// The sources that build refusals and findings: every file of `edit/` (read from disk, so a new file is
    /// scanned too), `validate.rs`, and the data plane's probe errors (which the web frames the same way).
    fn sources() -> Vec<(String, String)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths: Vec<_> = std::fs::read_dir(src.join("edit"))
            .expect("core/src/edit")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        paths.sort();
        paths.extend(["validate.rs", "dataplane/mod.rs", "dataplane/resolve.rs"].map(|f| src.join(f)));
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (p.display().to_string(), text)
            })
            .collect()
    }

    /// The string literal at the start of `s` (after whitespace), without its quotes.
    fn literal(s: &str) -> Option<&str> {
        let rest = s.trim_start().strip_prefix('"')?;
        rest.find('"').map(|end| &rest[..end])
    }

    /// The top-level arguments of the call whose `(` ends just before `s`.
    fn arguments(s: &str) -> Vec<&str> {
        let (mut depth, mut in_string, mut escaped, mut start) = (1usize, false, false, 0);
        let mut out = Vec::new();
        for (i, c) in s.char_indices() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(&s[start..i]);
                        return out;
                    }
                }
                ',' if depth == 1 => {
                    out.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        out
    }

    /// Every rule string `text` cites: each `"R<n>.<m>"` literal, the literal rule argument of each
    /// `refuse`/`Error::new`/`in_use` call (third) and `Out::push` call (fifth of six), the rule of each
    /// `Some(("rule", …))` that `route_target_misfit` returns, and the literals of a `let rule = …` line.
    fn cited(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (i, _) in text.match_indices("\"R") {
            let Some(lit) = literal(&text[i..]) else { continue };
            let mut parts = lit[1..].split('.');
            let number = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if number(parts.next()) && number(parts.next()) && parts.next().is_none() {
                out.insert(lit.to_string());
            }
        }
        for (call, position, count) in
            [("refuse(", 2, None), ("Error::new(", 2, None), ("in_use(", 2, None), (".push(", 4, Some(6))]
        {
            for (i, _) in text.match_indices(call) {
                let before = text[..i].chars().next_back();
                if call != ".push(" && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let args = arguments(&text[i + call.len()..]);
                if count.is_some_and(|n| args.len() != n) {
                    continue;
                }
                // An empty rule ("no rule", e.g. a probe naming nothing the topology holds) needs no summary.
                if let Some(rule) = args.get(position).and_then(|a| literal(a)).filter(|r| !r.is_empty()) {
                    out.insert(rule.to_string());
                }
            }
        }
        for (i, _) in text.match_indices("Some((") {
            if let Some(rule) = literal(&text[i + "Some((".len()..]) {
                out.insert(rule.to_string());
            }
        }
        for line in text.lines().filter(|l| l.trim_start().starts_with("let rule =")) {
            out.extend(line.split('"').skip(1).step_by(2).map(String::from));
        }
        out
    }

    #[test]
    fn every_rule_the_engine_cites_has_a_korean_summary() {
        let mut all = BTreeSet::new();
        let mut missing = Vec::new();
        for (file, text) in sources() {
            for rule in cited(&text) {
                if summary_ko(&rule).is_none() {
                    missing.push(alloc::format!("{rule} ({file})"));
                }
                all.insert(rule);
            }
        }
        assert!(missing.is_empty(), "rules without a Korean summary in rules.rs: {missing:?}");
        let unseen: Vec<_> = KNOWN_CODES.iter().filter(|c| !all.contains(**c)).collect();
        assert!(unseen.is_empty(), "the scan no longer finds {unseen:?}: fix the scan or this list");
        assert!(all.iter().filter(|r| r.starts_with('R')).count() >= 49, "{all:?}");
    }

    #[test]
    fn every_summary_is_one_short_korean_sentence_for_a_cited_rule() {
        let table = include_str!("rules.rs");
        let table = &table[..table.find("#[cfg(test)]\nmod tests").expect("the test module")];
        let keys: Vec<&str> = table
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix('"')?.split_once("\" =>"))
            .map(|(k, _)| k)
            .collect();
        assert!(keys.len() >= 80, "{keys:?}");
        let cited: BTreeSet<String> = sources().iter().flat_map(|(_, text)| cited(text)).collect();
        for key in keys {
            assert!(cited.contains(key), "{key} has a summary but the engine never cites it");
            let s = summary_ko(key).unwrap_or_else(|| panic!("{key}: the table's line does not reach summary_ko"));
            assert!(s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{key}: no Hangul in {s:?}");
            assert!(s.ends_with("다.") && s.matches("다.").count() == 1, "{key}: not one sentence: {s:?}");
            assert!(s.chars().count() <= 60, "{key}: {} characters: {s:?}", s.chars().count());
        }
        assert_eq!(summary_ko("R99.9"), None);
        assert_eq!(summary_ko(""), None);
    }
}
