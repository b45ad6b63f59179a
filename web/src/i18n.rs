//! UI text in English and Korean. Drop explanations come from the core (`Reason::explain`).

use vpc_core::reason::Lang;
use vpc_core::trace::{Action as HopAction, ComponentKind};

/// Looks up a UI string; an unknown key shows itself, so a missing translation is visible, not silent.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let pair = CATALOG.iter().find(|(k, _, _)| *k == key);
    match (pair, lang) {
        (Some((_, en, _)), Lang::En) => en,
        (Some((_, _, ko)), Lang::Ko) => ko,
        (None, _) => key,
    }
}

/// A refusal from the engine (an edit AWS's API would refuse, a probe it cannot send), framed in the UI's
/// language. In Korean: the rule's Korean explanation (`vpc_core::rules::summary_ko`, or a generic frame for
/// a rule without one), then the engine's English detail as "AWS 메시지" — AWS's API answers in English even
/// in its Korean console. The resource, field and rule are the same in both languages.
pub fn refusal(lang: Lang, e: &vpc_core::error::Error) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Ko => {
            let field = if e.field.is_empty() { String::new() } else { format!(" · {}", e.field) };
            let summary = vpc_core::rules::summary_ko(&e.rule)
                .map_or("AWS가 허용하지 않는 변경입니다", |s| s.trim_end_matches('.'));
            let rule = if e.rule.is_empty() { String::new() } else { format!(" (규칙 {})", e.rule) };
            let message =
                if e.message.is_empty() { String::new() } else { format!(" — AWS 메시지: {}", e.message) };
            format!("{}{field}: {summary}{rule}{message}", e.resource)
        }
    }
}

/// A hop's component kind: the trace JSON's id in English (AWS's resource names), a Korean name in Korean.
pub fn kind_label(lang: Lang, kind: ComponentKind) -> &'static str {
    use ComponentKind::*;
    let (en, ko) = match kind {
        Instance => ("instance", "인스턴스"),
        NetworkInterface => ("network-interface", "네트워크 인터페이스"),
        SecurityGroup => ("security-group", "보안 그룹"),
        NetworkAcl => ("network-acl", "네트워크 ACL"),
        RouteTable => ("route-table", "라우팅 테이블"),
        Subnet => ("subnet", "서브넷"),
        Vpc => ("vpc", "VPC"),
        InternetGateway => ("internet-gateway", "인터넷 게이트웨이"),
        EgressOnlyInternetGateway => ("egress-only-internet-gateway", "송신 전용 인터넷 게이트웨이"),
        NatGateway => ("nat-gateway", "NAT 게이트웨이"),
        NatInstance => ("nat-instance", "NAT 인스턴스"),
        Proxy => ("proxy", "프록시"),
        VpcPeeringConnection => ("vpc-peering-connection", "VPC 피어링 연결"),
        TransitGateway => ("transit-gateway", "전송 게이트웨이"),
        TransitGatewayAttachment => ("transit-gateway-attachment", "전송 게이트웨이 연결"),
        TransitGatewayRouteTable => ("transit-gateway-route-table", "전송 게이트웨이 라우팅 테이블"),
        VpnGateway => ("vpn-gateway", "가상 프라이빗 게이트웨이"),
        VpnConnection => ("vpn-connection", "VPN 연결"),
        DirectConnect => ("direct-connect", "Direct Connect"),
        VpcEndpoint => ("vpc-endpoint", "VPC 엔드포인트"),
        LoadBalancer => ("load-balancer", "로드 밸런서"),
        TargetGroup => ("target-group", "대상 그룹"),
        MetadataService => ("metadata-service", "인스턴스 메타데이터 서비스"),
        DnsResolver => ("dns-resolver", "DNS 확인자"),
        Internet => ("internet", "인터넷"),
        OnPremises => ("on-premises", "온프레미스"),
        AwsService => ("aws-service", "AWS 서비스"),
    };
    if lang == Lang::Ko {
        ko
    } else {
        en
    }
}

/// What a hop did: the trace JSON's word in English, a Korean one in Korean.
pub fn action_label(lang: Lang, action: HopAction) -> &'static str {
    use HopAction::*;
    let (en, ko) = match action {
        Sent => ("sent", "보냄"),
        Received => ("received", "받음"),
        Permitted => ("permitted", "허용"),
        Denied => ("denied", "거부"),
        Routed => ("routed", "라우팅"),
        Translated => ("translated", "주소 변환"),
        Forwarded => ("forwarded", "전달"),
        Delivered => ("delivered", "도착"),
        Dropped => ("dropped", "버림"),
        Answered => ("answered", "응답함"),
    };
    if lang == Lang::Ko {
        ko
    } else {
        en
    }
}

const CATALOG: &[(&str, &str, &str)] = &[
    ("title", "vpcsim — AWS VPC packet simulator", "vpcsim — AWS VPC 패킷 시뮬레이터"),
    ("source", "Source", "출발지"),
    ("destination", "Destination", "목적지"),
    ("protocol", "Protocol", "프로토콜"),
    ("port", "Port", "포트"),
    ("send", "Send packet", "패킷 보내기"),
    ("play", "Play", "재생"),
    ("pause", "Pause", "일시정지"),
    ("back", "Step back", "이전 단계"),
    ("forward", "Step forward", "다음 단계"),
    ("speed", "Speed", "속도"),
    ("hops", "Hops", "홉 목록"),
    ("request", "Request", "요청"),
    ("reply", "Reply", "응답"),
    ("delivered", "Delivered", "전달됨"),
    ("dropped", "Dropped", "차단됨"),
    ("header_in", "Header in", "들어온 헤더"),
    ("header_out", "Header out", "나간 헤더"),
    ("rule", "Deciding rule", "결정한 규칙"),
    ("why", "Why", "이유"),
    ("no_trace", "Pick a source and a destination, then send a packet.", "출발지와 목적지를 고른 뒤 패킷을 보내세요."),
    ("export", "Export", "내보내기"),
    ("import", "Import", "가져오기"),
    ("undo", "Undo", "실행 취소"),
    ("redo", "Redo", "다시 실행"),
    ("reset", "Load sample", "예제 불러오기"),
    ("language", "한국어", "English"),
    ("palette", "Drag onto the canvas", "캔버스로 끌어 놓기"),
    ("zoom_in", "Zoom in", "확대"),
    ("zoom_out", "Zoom out", "축소"),
    ("zoom_fit", "Fit", "화면 맞춤"),
    ("instance", "EC2 instance", "EC2 인스턴스"),
    ("findings", "Findings", "검사 결과"),
    ("no_findings", "No findings.", "문제가 없습니다."),
    ("flow_logs", "VPC Flow Logs", "VPC 흐름 로그"),
    ("traceroute", "traceroute", "traceroute"),
    ("state", "Connections and NAT", "연결 추적과 NAT"),
    ("error", "Error", "오류"),
    ("drop_here", "Drop an instance inside a subnet", "인스턴스는 서브넷 안에만 놓을 수 있습니다"),
    ("internet", "Internet", "인터넷"),
    ("field", "Field", "항목"),
    ("changed", "changed", "변경됨"),
    ("underlay", "Under the hood", "내부 동작 보기"),
    ("inspector", "Inspector", "속성"),
    ("routes", "Routes", "라우팅"),
    ("add_route", "Add route", "경로 추가"),
    ("share", "Share link", "공유 링크"),
    ("export_svg", "Export SVG", "SVG 내보내기"),
    (
        "long_url",
        "The share link is longer than 8,000 characters; some browsers, servers and chat tools cut it. Export a file instead.",
        "공유 링크가 8,000자를 넘습니다. 일부 브라우저, 서버, 메신저에서 잘릴 수 있으니 파일로 내보내세요.",
    ),
    ("export_png", "Export PNG", "PNG 내보내기"),
    ("characters", "characters", "자"),
    ("reading", "Reading files", "파일 읽는 중"),
    ("importing", "Importing…", "가져오는 중…"),
    ("filter_all", "All", "전체"),
    ("filter_forward", "Request", "요청"),
    ("filter_reply", "Reply", "응답"),
    ("filter_drops", "Drops", "차단만"),
    ("open_rule", "Show this rule where it is configured", "이 규칙이 설정된 곳 보기"),
    ("tgw", "transit gateway", "전송 게이트웨이"),
    ("vgw", "virtual private gateway", "가상 프라이빗 게이트웨이"),
    ("eigw", "egress-only internet gateway", "송신 전용 인터넷 게이트웨이"),
    ("eni", "network interface", "네트워크 인터페이스"),
    ("main_suffix", " (main)", " (기본)"),
    ("default_suffix", " (default)", " (기본값)"),
    ("new_empty", "New (empty)", "새로 만들기(빈 캔버스)"),
    ("vpc", "VPC", "VPC"),
    ("subnet", "Subnet", "서브넷"),
    ("igw", "Internet gateway", "인터넷 게이트웨이"),
    ("nat", "NAT gateway", "NAT 게이트웨이"),
    ("drop_vpc", "Drop a VPC on the empty canvas, not on another VPC", "VPC는 다른 VPC 위가 아닌 빈 캔버스에 놓으세요"),
    (
        "drop_subnet",
        "A subnet lives inside a VPC: drop it on a VPC",
        "서브넷은 VPC 안에만 만들 수 있습니다. VPC 위에 놓으세요",
    ),
    (
        "drop_igw",
        "An internet gateway attaches to a VPC: drop it on a VPC",
        "인터넷 게이트웨이는 VPC에 연결됩니다. VPC 위에 놓으세요",
    ),
    (
        "drop_nat",
        "A NAT gateway lives in a subnet: drop it on a subnet",
        "NAT 게이트웨이는 서브넷 안에 만듭니다. 서브넷 위에 놓으세요",
    ),
    (
        "drop_peer",
        "Release the connection on another VPC to request a peering",
        "피어링을 요청하려면 다른 VPC 위에서 놓으세요",
    ),
    (
        "connect_hint",
        "Drag the round handle on a VPC's right edge onto another VPC to request a peering, or onto a transit gateway to attach the VPC.",
        "VPC 오른쪽 가장자리의 동그란 손잡이를 다른 VPC로 끌면 피어링을 요청하고, 전송 게이트웨이로 끌면 VPC를 연결합니다.",
    ),
    ("new_vpc", "New VPC", "새 VPC"),
    ("new_subnet", "New subnet", "새 서브넷"),
    ("cidr", "CIDR", "CIDR"),
    ("name", "Name", "이름"),
    ("region", "Region", "리전"),
    ("az", "Availability Zone", "가용 영역"),
    ("create", "Create", "만들기"),
    ("cancel", "Cancel", "취소"),
    ("peering", "VPC peering connection", "VPC 피어링 연결"),
    ("status", "Status", "상태"),
    ("requester", "Requester VPC", "요청자 VPC"),
    ("accepter", "Accepter VPC", "수락자 VPC"),
    (
        "peering_hint",
        "Traffic flows only while the peering is active and both sides route the other's CIDR to it.",
        "피어링이 active 상태이고 양쪽 라우팅 테이블이 상대 CIDR을 이 피어링으로 보낼 때만 트래픽이 흐릅니다.",
    ),
    ("accept", "Accept", "수락"),
    ("reject", "Reject", "거절"),
    ("delete", "Delete", "삭제"),
    ("detach", "Detach", "분리"),
    ("release", "Release", "해제"),
    ("security_group", "Security group", "보안 그룹"),
    ("security_groups", "Security groups", "보안 그룹"),
    ("route_tables", "Route tables", "라우팅 테이블"),
    ("route_table", "Route table", "라우팅 테이블"),
    ("new_route_table", "New table for this subnet", "이 서브넷용 새 테이블"),
    ("inbound", "in", "인바운드"),
    ("outbound", "out", "아웃바운드"),
    ("from_port", "from port", "시작 포트"),
    ("to_port", "to port", "끝 포트"),
    ("add_rule", "Add rule", "규칙 추가"),
    ("add_entry", "Add entry", "항목 추가"),
    ("auto_public_ip", "Auto-assign public IPv4", "퍼블릭 IPv4 자동 할당"),
    ("rename", "Rename", "이름 바꾸기"),
    ("add_cidr", "Secondary CIDR", "보조 CIDR"),
    ("add", "Add", "추가"),
    ("new_group", "New security group", "새 보안 그룹"),
    ("elastic_ip", "Elastic IP", "탄력적 IP"),
    ("disassociate", "Disassociate", "연결 해제"),
    ("allocate_eip", "Allocate and associate", "할당 후 연결"),
    ("src_dst_check", "Source/destination check", "소스/대상 확인"),
    ("hop_limit", "IMDS hop limit", "IMDS 홉 제한"),
    ("apply", "Apply", "적용"),
    ("terminate", "Terminate", "종료"),
    ("addresses", "Addresses", "주소"),
    ("associated", "Associated with", "연결 대상"),
    ("remove", "Remove", "제거"),
    ("tgw_item", "Transit gateway", "전송 게이트웨이"),
    ("endpoint", "VPC endpoint", "VPC 엔드포인트"),
    ("endpoints", "VPC endpoints", "VPC 엔드포인트"),
    ("endpoint_type", "Type", "유형"),
    ("endpoint_gateway", "Gateway (route tables)", "게이트웨이(라우팅 테이블)"),
    ("endpoint_interface", "Interface (ENIs in subnets)", "인터페이스(서브넷의 ENI)"),
    ("endpoint_service", "Service", "서비스"),
    ("endpoint_tables", "Route tables (gateway)", "라우팅 테이블(게이트웨이)"),
    ("endpoint_subnets", "Subnets, one per AZ (interface)", "서브넷, AZ당 하나(인터페이스)"),
    ("tgw_attachments", "Attachments (VPC, peering)", "연결(VPC, 피어링)"),
    ("tgw_association", "Associated with", "연결된 테이블"),
    ("tgw_associations", "Associations", "연결"),
    ("tgw_propagations", "Propagations", "전파"),
    ("tgw_propagated", "(propagated)", "(전파됨)"),
    ("tgw_blackhole", "blackhole (drop)", "블랙홀(차단)"),
    ("tgw_appliance", "Appliance mode", "어플라이언스 모드"),
    ("tgw_new_table", "New route table", "새 라우팅 테이블"),
    ("tgw_default_assoc", " (default association)", " (기본 연결)"),
    ("tgw_default_prop", " (default propagation)", " (기본 전파)"),
    (
        "tgw_hint",
        "Each attachment is associated with one route table, which routes what enters through it; it may propagate its VPC's CIDRs into many. Static routes win over propagated ones; a blackhole route drops.",
        "각 연결은 라우팅 테이블 하나에 연결되며, 그 연결로 들어온 트래픽은 그 테이블로 라우팅됩니다. VPC CIDR은 여러 테이블로 전파할 수 있습니다. 정적 경로가 전파된 경로보다 우선하며, 블랙홀 경로는 패킷을 버립니다.",
    ),
    (
        "drop_tgw",
        "A transit gateway lives in a Region: drop it inside a Region (make a VPC first)",
        "전송 게이트웨이는 리전 안에 만듭니다. 리전 안에 놓으세요(먼저 VPC를 만드세요)",
    ),
    ("new_acl", "New network ACL (denies all until you add entries)", "새 네트워크 ACL(항목을 추가하기 전까지 모두 거부)"),
    ("add_ipv6", "Add an Amazon IPv6 /56", "Amazon 제공 IPv6 /56 추가"),
    (
        "eigw_hint",
        "IPv6 has no NAT: an egress-only internet gateway lets instances start IPv6 connections to the internet and keeps the internet from starting them. Route ::/0 to it.",
        "IPv6에는 NAT가 없습니다. 송신 전용 인터넷 게이트웨이는 인스턴스가 인터넷으로 IPv6 연결을 시작하게 하고, 인터넷에서 시작하는 연결은 막습니다. ::/0 경로를 이 게이트웨이로 보내세요.",
    ),
    ("reachability", "Reachability (all pairs)", "도달 가능성(모든 쌍)"),
    (
        "reach_hint",
        "Every interface to every other for one protocol and port, request and reply; interfaces the engine cannot tell apart are traced once. Click a blocked pair to send its packet.",
        "하나의 프로토콜과 포트로 모든 인터페이스 쌍의 요청과 응답을 확인합니다. 엔진이 구별할 수 없는 인터페이스는 한 번만 추적합니다. 막힌 쌍을 클릭하면 그 패킷을 보냅니다.",
    ),
    ("reach_run", "Analyse", "분석"),
    ("reach_ok", "pairs reachable", "쌍 도달 가능"),
    ("reach_blocked", "blocked", "막힘"),
    ("reach_interfaces", "interfaces", "인터페이스"),
    ("reach_classes", "classes", "클래스"),
    ("reach_stale", "The topology changed since: analyse again.", "그 뒤 토폴로지가 바뀌었습니다. 다시 분석하세요."),
    ("lb", "Load balancer", "로드 밸런서"),
    ("new_lb", "New load balancer", "새 로드 밸런서"),
    ("lb_application", "Application (ALB)", "애플리케이션(ALB)"),
    ("lb_network", "Network (NLB)", "네트워크(NLB)"),
    ("lb_scheme", "Scheme", "체계"),
    ("lb_internet_facing", "Internet-facing", "인터넷 경계"),
    ("lb_internal", "Internal", "내부"),
    ("lb_dns", "DNS name", "DNS 이름"),
    ("lb_nodes", "Nodes (one per subnet)", "노드(서브넷당 하나)"),
    (
        "lb_hint",
        "A listener forwards to a target group of the load balancer's VPC. Send a packet to the DNS name to follow it to a target and back.",
        "리스너는 로드 밸런서 VPC의 대상 그룹으로 전달합니다. DNS 이름으로 패킷을 보내 대상까지 가는 경로와 응답을 확인하세요.",
    ),
    ("listeners", "Listeners", "리스너"),
    ("add_listener", "Add listener", "리스너 추가"),
    ("target_groups", "Target groups", "대상 그룹"),
    ("new_target_group", "New target group", "새 대상 그룹"),
    ("target_instances", "Instances", "인스턴스"),
    ("target_ips", "IP addresses", "IP 주소"),
    ("register", "Register", "등록"),
    ("subnets_per_az", "Subnets, one per AZ", "서브넷, AZ당 하나"),
    ("vgw_item", "VPN gateway (VGW)", "가상 프라이빗 게이트웨이"),
    ("vgw_propagation", "Route propagation", "경로 전파"),
    ("cgw", "Customer gateway", "고객 게이트웨이"),
    ("new_cgw", "New customer gateway", "새 고객 게이트웨이"),
    ("cgw_ip", "Public IP", "퍼블릭 IP"),
    ("vpn_connections", "VPN connections", "VPN 연결"),
    ("new_vpn", "New VPN connection", "새 VPN 연결"),
    ("vpn_to", "Terminates at", "연결 대상"),
    ("vpn_routes", "Static routes (on-premises CIDRs, comma-separated)", "정적 경로(온프레미스 CIDR, 쉼표로 구분)"),
    (
        "vpn_hint",
        "Traffic to on-premises needs a route to the VPN gateway (or route propagation) in the subnet's table; a packet from an on-premises address enters through the VPN whose routes cover it. Click the customer gateway to send from on-premises.",
        "온프레미스로 가는 트래픽은 서브넷 라우팅 테이블에 가상 프라이빗 게이트웨이로 가는 경로(또는 경로 전파)가 필요합니다. 온프레미스 주소에서 보낸 패킷은 그 주소를 포함하는 경로의 VPN으로 들어옵니다. 고객 게이트웨이를 클릭하면 온프레미스에서 보냅니다.",
    ),
    (
        "vif_hint",
        "Imported as is: prefixes advertised over BGP reach the VPC through this interface (a VPN gateway propagates them into tables with propagation on).",
        "가져온 그대로 표시합니다. BGP로 광고된 접두사는 이 인터페이스를 통해 VPC로 들어옵니다(경로 전파를 켠 테이블에는 가상 프라이빗 게이트웨이가 전파합니다).",
    ),
    ("tgw_peer_request", "Request peering", "피어링 요청"),
    ("drop_lb", "A load balancer lives in subnets: drop it into a subnet", "로드 밸런서는 서브넷 안에 만듭니다. 서브넷 안에 놓으세요"),
    ("drop_vgw", "A VPN gateway attaches to a VPC: drop it on a VPC", "가상 프라이빗 게이트웨이는 VPC에 연결합니다. VPC 위에 놓으세요"),
    ("drop_cgw", "A customer gateway is on premises: drop it outside the Regions", "고객 게이트웨이는 온프레미스에 있습니다. 리전 밖에 놓으세요"),
];

#[cfg(test)]
mod tests {
    use super::{action_label, kind_label, CATALOG};
    use vpc_core::reason::Lang;
    use vpc_core::trace::{Action, ComponentKind};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// `t` takes the first entry of a key: a second one would be dead text.
    #[wasm_bindgen_test]
    fn every_key_once_with_both_languages() {
        for (i, (key, en, ko)) in CATALOG.iter().enumerate() {
            assert!(!CATALOG[..i].iter().any(|(k, _, _)| k == key), "{key} twice");
            assert!(!en.is_empty() && !ko.is_empty(), "{key}");
        }
    }

    /// In English a hop reads as the trace JSON does.
    #[wasm_bindgen_test]
    fn english_hop_labels_are_the_json_words() {
        use ComponentKind::*;
        for k in [
            Instance,
            NetworkInterface,
            SecurityGroup,
            NetworkAcl,
            RouteTable,
            EgressOnlyInternetGateway,
            VpcPeeringConnection,
            TransitGatewayRouteTable,
            DirectConnect,
            MetadataService,
            OnPremises,
            AwsService,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), kind_label(Lang::En, k));
        }
        for a in [Action::Sent, Action::Permitted, Action::Translated, Action::Dropped, Action::Answered] {
            assert_eq!(serde_json::to_value(a).unwrap(), action_label(Lang::En, a));
        }
    }
}
