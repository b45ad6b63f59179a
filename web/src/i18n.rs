//! UI text in English and Korean. Drop explanations come from the core (`Reason::explain`).

use vpc_core::reason::Lang;

/// Looks up a UI string; an unknown key shows itself, so a missing translation is visible, not silent.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let pair = CATALOG.iter().find(|(k, _, _)| *k == key);
    match (pair, lang) {
        (Some((_, en, _)), Lang::En) => en,
        (Some((_, _, ko)), Lang::Ko) => ko,
        (None, _) => key,
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
    ("palette", "Drag onto a subnet", "서브넷으로 끌어 놓기"),
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
        "The share link is long; some chat tools cut links over 2,000 characters.",
        "공유 링크가 깁니다. 2,000자가 넘는 링크는 일부 메신저에서 잘릴 수 있습니다.",
    ),
];
