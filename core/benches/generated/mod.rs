//! The synthetic describe-* account the import and reach benchmarks share.

use serde_json::json;

/// A synthetic account: `vpcs` VPCs, 4 subnets each, 25 ENIs/instances per subnet, SGs, NACLs, route tables.
pub fn snapshot(vpcs: usize) -> Vec<(String, String)> {
    let (mut v, mut s, mut rt, mut sg, mut acl, mut eni, mut inst) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for i in 0..vpcs {
        let (a, b) = (10 + i / 250, i % 250);
        let vpc = format!("vpc-{i:08x}");
        v.push(json!({"VpcId": vpc, "CidrBlock": format!("{a}.{b}.0.0/16"), "OwnerId": "111111111111",
            "CidrBlockAssociationSet": [{"CidrBlock": format!("{a}.{b}.0.0/16"), "CidrBlockState": {"State": "associated"}}], "Tags": [{"Key": "Name", "Value": format!("vpc {i}")}]}));
        rt.push(json!({"RouteTableId": format!("rtb-{i:08x}"), "VpcId": vpc, "Associations": [{"Main": true}],
            "Routes": [{"DestinationCidrBlock": format!("{a}.{b}.0.0/16"), "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                       {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": format!("igw-{i:08x}"), "Origin": "CreateRoute", "State": "active"}]}));
        acl.push(json!({"NetworkAclId": format!("acl-{i:08x}"), "VpcId": vpc, "IsDefault": true, "Associations": [], "Entries": [
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}));
        sg.push(json!({"GroupId": format!("sg-{i:08x}"), "GroupName": "default", "VpcId": vpc,
            "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}]}));
        for k in 0..4 {
            let subnet = format!("subnet-{i:08x}{k}");
            s.push(json!({"SubnetId": subnet, "VpcId": vpc, "AvailabilityZone": format!("us-east-1{}", ["a", "b", "c", "d"][k]),
                "CidrBlock": format!("{a}.{b}.{k}.0/24"), "MapPublicIpOnLaunch": false}));
            for n in 0..25 {
                let id = format!("{i:08x}{k}{n:02}");
                let ip = format!("{a}.{b}.{k}.{}", 10 + n);
                eni.push(json!({"NetworkInterfaceId": format!("eni-{id}"), "SubnetId": subnet, "VpcId": vpc, "InterfaceType": "interface",
                    "Description": "", "PrivateIpAddress": ip, "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": true}],
                    "Groups": [{"GroupId": format!("sg-{i:08x}"), "GroupName": "default"}], "SourceDestCheck": true,
                    "Attachment": {"InstanceId": format!("i-{id}"), "DeviceIndex": 0, "Status": "attached"}, "TagSet": []}));
                inst.push(json!({"InstanceId": format!("i-{id}"), "State": {"Name": "running"}, "ImageId": "ami-0123456789",
                    "InstanceType": "t3.micro", "SubnetId": subnet, "PrivateIpAddress": ip,
                    "NetworkInterfaces": [{"NetworkInterfaceId": format!("eni-{id}"), "SubnetId": subnet, "Attachment": {"DeviceIndex": 0},
                        "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": true}]}]}));
            }
        }
    }
    let file = |key: &str, value: serde_json::Value| {
        (format!("{key}.json"), serde_json::to_string_pretty(&json!({ key: value })).unwrap())
    };
    vec![
        file("Vpcs", json!(v)),
        file("Subnets", json!(s)),
        file("RouteTables", json!(rt)),
        file("SecurityGroups", json!(sg)),
        file("NetworkAcls", json!(acl)),
        file("NetworkInterfaces", json!(eni)),
        file("Reservations", json!([{"Instances": inst}])),
    ]
}
