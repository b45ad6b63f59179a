//! Drop reasons: AWS Reachability Analyzer explanation codes where one exists, vpcsim codes in the same style
//! otherwise (aws-semantics §16), each with an explanation in English and Korean.

use serde::{Deserialize, Serialize};

/// UI and explanation language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

macro_rules! reasons {
    ($($(#[$doc:meta])* $variant:ident = $code:literal => $en:literal, $ko:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Reason { $($(#[$doc])* $variant,)* }

        impl Reason {
            pub const ALL: &'static [Reason] = &[$(Reason::$variant,)*];

            /// The code as printed (`ENI_SG_RULES_MISMATCH`).
            pub fn code(self) -> &'static str {
                match self { $(Reason::$variant => $code,)* }
            }

            /// A plain-words explanation.
            pub fn explain(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Reason::$variant, Lang::En) => $en,
                      (Reason::$variant, Lang::Ko) => $ko,)*
                }
            }
        }
    };
}

reasons! {
    /// R3.4: no security group rule allows the packet.
    EniSgRulesMismatch = "ENI_SG_RULES_MISMATCH" => "No rule of the security groups on this network interface allows the packet.",
        "이 네트워크 인터페이스의 보안 그룹에 패킷을 허용하는 규칙이 없습니다.";
    /// R4.2: the first matching NACL entry denies (or only `*` matched).
    SubnetAclRestriction = "SUBNET_ACL_RESTRICTION" => "The subnet's network ACL denies the packet (first matching rule, or the final * rule).",
        "서브넷의 네트워크 ACL이 패킷을 거부합니다 (처음 일치한 규칙 또는 마지막 * 규칙).";
    /// R2.4: no route covers the destination.
    NoRouteToDestination = "NO_ROUTE_TO_DESTINATION" => "The route table has no route that covers the destination.",
        "라우팅 테이블에 목적지를 포함하는 경로가 없습니다.";
    /// The matched route's target cannot carry the packet there.
    CannotRoute = "CANNOT_ROUTE" => "The matched route cannot carry the packet to its destination.",
        "일치한 경로로는 패킷을 목적지까지 보낼 수 없습니다.";
    /// R2.11: a blackhole route.
    BadStateRoute = "BAD_STATE_ROUTE" => "The matching route is a blackhole: its target no longer works.",
        "일치한 경로가 블랙홀 상태입니다: 대상이 더 이상 동작하지 않습니다.";
    /// A component is not in a working state.
    BadState = "BAD_STATE" => "A component on the path is not in a working state.",
        "경로상의 구성 요소가 동작 가능한 상태가 아닙니다.";
    /// R8.12: a TGW attachment is not available.
    BadStateAttachment = "BAD_STATE_ATTACHMENT" => "The transit gateway attachment is not available.",
        "Transit Gateway 연결(attachment)이 사용 가능한 상태가 아닙니다.";
    /// A VPN connection has no tunnel up.
    BadStateVpn = "BAD_STATE_VPN" => "The VPN connection has no tunnel up.",
        "VPN 연결에 활성화된 터널이 없습니다.";
    /// R8.4: no TGW route for the destination.
    TgwRtbNoRouteToTgwAttachment = "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT" => "The transit gateway route table has no route to an attachment for the destination.",
        "Transit Gateway 라우팅 테이블에 목적지로 가는 연결 경로가 없습니다.";
    /// R8.5: a TGW blackhole route.
    TgwRtbCannotRoute = "TGW_RTB_CANNOT_ROUTE" => "The transit gateway route table drops the packet (blackhole route).",
        "Transit Gateway 라우팅 테이블이 패킷을 버립니다 (블랙홀 경로).";
    /// No listener of the load balancer accepts the packet.
    Elbv2ListenersMismatch = "ELBV2_LISTENERS_MISMATCH" => "No listener of the load balancer accepts this protocol and port.",
        "로드 밸런서에 이 프로토콜과 포트를 받는 리스너가 없습니다.";
    /// R5.6: egress through an IGW from an address with no public IP.
    IgwPublicIpAssociationForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS" => "Traffic can't reach the internet through the internet gateway: the source address is not paired with a public IP address.",
        "출발지 주소에 퍼블릭 IP가 연결되어 있지 않아 인터넷 게이트웨이를 통해 인터넷으로 나갈 수 없습니다.";
    /// R5.6: ingress through an IGW to an address no ENI holds as its public IP.
    IgwPrivateIpAssociationForIngress = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS" => "The internet gateway accepts inbound traffic only for a public IP associated with a network interface.",
        "인터넷 게이트웨이는 네트워크 인터페이스에 연결된 퍼블릭 IP로 오는 트래픽만 받습니다.";
    /// R7.7: the destination (or source) is outside the peered VPCs' CIDRs.
    PcxRequiresAddressInVpcCidr = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR" => "A peering connection carries only packets whose addresses lie in the peered VPCs' CIDRs.",
        "피어링 연결은 피어링된 VPC의 CIDR 안에 있는 주소의 패킷만 전달합니다.";
    /// R5.3(3): no public IPv4 for internet traffic.
    NoPublicIp = "NO_PUBLIC_IP" => "The instance has no public IPv4 address or Elastic IP, so it has no IPv4 internet access.",
        "인스턴스에 퍼블릭 IPv4 주소나 탄력적 IP가 없어 IPv4 인터넷에 접근할 수 없습니다.";
    /// R6.3: a NAT gateway accepts no connection started from outside.
    NatgwNoInbound = "NATGW_NO_INBOUND" => "A NAT gateway does not accept connections started from outside (no port forwarding).",
        "NAT 게이트웨이는 외부에서 시작한 연결을 받지 않습니다 (포트 포워딩 없음).";
    /// R6.4: fragmented TCP/ICMP through a NAT gateway.
    NatgwFragment = "NATGW_FRAGMENT" => "A NAT gateway drops fragmented TCP and ICMP packets (only fragmented UDP passes).",
        "NAT 게이트웨이는 조각난 TCP와 ICMP 패킷을 버립니다 (조각난 UDP만 통과).";
    /// R6.6: a connection idle longer than 350 s was reset.
    NatgwIdleRst = "NATGW_IDLE_RST" => "The NAT gateway connection was idle for more than 350 seconds; the NAT gateway answers with a TCP RST.",
        "NAT 게이트웨이 연결이 350초 넘게 유휴 상태여서 NAT 게이트웨이가 TCP RST로 응답합니다.";
    /// R6.5: no free source port toward this destination.
    NatgwPortAllocation = "NATGW_PORT_ALLOCATION" => "The NAT gateway has no free source port left for this destination (55,000 connections per destination).",
        "NAT 게이트웨이에 이 목적지로 쓸 수 있는 출발지 포트가 남아 있지 않습니다 (목적지당 55,000개 연결).";
    /// R6.1, R5.10: the IGW drops what a private NAT gateway sends it.
    PrivateNatgwToIgw = "PRIVATE_NATGW_TO_IGW" => "A private NAT gateway's traffic is dropped by the internet gateway.",
        "프라이빗 NAT 게이트웨이의 트래픽은 인터넷 게이트웨이에서 버려집니다.";
    /// R2.15: source/destination check.
    SrcDstCheck = "SRC_DST_CHECK" => "Source/destination check is on: an instance may only send and receive packets with its own address.",
        "소스/대상 확인이 켜져 있어 인스턴스는 자신의 주소로 된 패킷만 보내고 받을 수 있습니다.";
    /// R10.4: the IMDSv2 token response's TTL runs out before it reaches the caller.
    ImdsHopLimit = "IMDS_HOP_LIMIT" => "The IMDSv2 token response runs out of hops (IP TTL = hop limit) before it reaches the caller.",
        "IMDSv2 토큰 응답이 호출자에게 닿기 전에 홉 제한(IP TTL)이 다 됩니다.";
    /// R10.3: tokens are required and the request has none (HTTP 401).
    ImdsTokenRequired = "IMDS_TOKEN_REQUIRED" => "IMDS requires a session token (IMDSv2); a request without one gets 401 Unauthorized.",
        "IMDS가 세션 토큰(IMDSv2)을 요구합니다. 토큰 없는 요청은 401 Unauthorized를 받습니다.";
    /// R10.3: a token PUT carrying X-Forwarded-For is refused.
    ImdsForwardedFor = "IMDS_FORWARDED_FOR" => "IMDS refuses a token request that carries an X-Forwarded-For header.",
        "IMDS는 X-Forwarded-For 헤더가 있는 토큰 요청을 거부합니다.";
    /// R10.5: the endpoint is disabled (HTTP 403).
    ImdsDisabled = "IMDS_DISABLED" => "The instance metadata endpoint is turned off; requests get 403 Forbidden.",
        "인스턴스 메타데이터 엔드포인트가 꺼져 있어 요청은 403 Forbidden을 받습니다.";
    /// R10.1, B10: link-local services answer only their own instance.
    LinkLocalUnreachable = "LINK_LOCAL_UNREACHABLE" => "Link-local services (IMDS, DNS, time) answer only the instance itself; other hosts cannot reach them.",
        "링크 로컬 서비스(IMDS, DNS, 시간)는 인스턴스 자신에게만 응답하며 다른 호스트는 닿을 수 없습니다.";
    /// R7.5.
    PeeringNotTransitive = "PEERING_NOT_TRANSITIVE" => "VPC peering is not transitive: a VPC does not forward traffic from one peering into another.",
        "VPC 피어링은 전이되지 않습니다: VPC는 한 피어링에서 온 트래픽을 다른 피어링으로 넘기지 않습니다.";
    /// R7.6.
    PeeringEdgeToEdge = "PEERING_EDGE_TO_EDGE" => "A peered VPC cannot use its peer's internet gateway, NAT, VPN, Direct Connect or gateway endpoint.",
        "피어링된 VPC는 상대의 인터넷 게이트웨이, NAT, VPN, Direct Connect, 게이트웨이 엔드포인트를 쓸 수 없습니다.";
    /// R8.6.
    TgwNoAttachmentInAz = "TGW_NO_ATTACHMENT_IN_AZ" => "The transit gateway has no attachment subnet in the source's Availability Zone.",
        "Transit Gateway 연결에 출발지 가용 영역의 서브넷이 없습니다.";
    /// R5.8, R7.8, R8.9.
    MtuExceededDf = "MTU_EXCEEDED_DF" => "The packet is larger than the path's MTU and has Don't Fragment set.",
        "패킷이 경로의 MTU보다 크고 DF(Don't Fragment)가 설정되어 있습니다.";
    /// R5.11: an egress-only IGW blocks connections started from the internet.
    EigwNoInbound = "EIGW_NO_INBOUND" => "An egress-only internet gateway blocks IPv6 connections started from the internet.",
        "송신 전용 인터넷 게이트웨이는 인터넷에서 시작한 IPv6 연결을 막습니다.";
    /// A private address from the internet: it never enters AWS.
    NotRoutableFromInternet = "NOT_ROUTABLE_FROM_INTERNET" => "The destination is not reachable from the internet (a private address or one no resource holds).",
        "목적지는 인터넷에서 닿을 수 없는 주소입니다 (사설 주소이거나 어떤 리소스도 갖지 않은 주소).";
    /// The destination address belongs to no host in the VPC.
    NoHostAtDestination = "NO_HOST_AT_DESTINATION" => "No network interface holds the destination address.",
        "목적지 주소를 가진 네트워크 인터페이스가 없습니다.";
    /// The source or destination instance is not running.
    InstanceNotRunning = "INSTANCE_NOT_RUNNING" => "The instance is not running.",
        "인스턴스가 실행 중이 아닙니다.";
    /// A stateful appliance saw a packet of a flow it has no state for (S17).
    ApplianceNoState = "APPLIANCE_NO_STATE" => "A stateful appliance dropped a packet of a flow it never saw start (asymmetric path).",
        "상태 저장 어플라이언스가 시작을 보지 못한 흐름의 패킷을 버렸습니다 (비대칭 경로).";
    /// R9.8: the endpoint service's owner has not accepted the interface endpoint yet.
    VpcEndpointPendingAcceptance = "VPC_ENDPOINT_PENDING_ACCEPTANCE" => "The interface endpoint is waiting for the endpoint service's owner to accept it; it carries no traffic until then.",
        "인터페이스 엔드포인트가 엔드포인트 서비스 소유자의 수락을 기다리고 있어, 수락되기 전까지는 트래픽을 전달하지 않습니다.";
    /// R9.8: rejected (also after it was available), failed, deleted …
    VpcEndpointNotAvailable = "VPC_ENDPOINT_NOT_AVAILABLE" => "The interface endpoint is not available (rejected by the service owner, failed or deleted).",
        "인터페이스 엔드포인트가 사용 가능한 상태가 아닙니다 (서비스 소유자가 거부했거나, 실패했거나, 삭제됨).";
    /// R9.8: the endpoint service does not allow the consumer's account.
    VpcEndpointPrincipalNotAllowed = "VPC_ENDPOINT_PRINCIPAL_NOT_ALLOWED" => "The endpoint service does not list the consumer's account among its allowed principals.",
        "엔드포인트 서비스의 허용 주체(allowed principals) 목록에 소비자 계정이 없습니다.";
    /// R14.7: a Direct Connect public VIF carries AWS public prefixes only.
    DxPublicVifAwsPrefixesOnly = "DX_PUBLIC_VIF_AWS_PREFIXES_ONLY" => "A Direct Connect public virtual interface reaches AWS public prefixes only, not the internet at large.",
        "Direct Connect 퍼블릭 가상 인터페이스는 AWS 퍼블릭 프리픽스에만 닿으며, 인터넷 전체로는 나가지 않습니다.";
    /// A protocol a component does not carry (e.g. IPsec through a NAT gateway, R6.4).
    UnsupportedProtocol = "UNSUPPORTED_PROTOCOL" => "This component does not carry the packet's protocol.",
        "이 구성 요소는 패킷의 프로토콜을 전달하지 않습니다.";
    /// The packet's TTL reached zero.
    TtlExceeded = "TTL_EXCEEDED" => "The packet's time-to-live ran out.",
        "패킷의 TTL이 소진되었습니다.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_matches_its_serialized_form() {
        for r in Reason::ALL {
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(json, alloc::format!("\"{}\"", r.code()), "{r:?}");
            assert!(!r.explain(Lang::En).is_empty() && !r.explain(Lang::Ko).is_empty());
        }
    }
}
