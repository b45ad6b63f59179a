//! The built `vpcsim` binary: exit codes, the `--json` contract, errors that name the file and the path.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::Command;

fn vpcsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vpcsim")).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lab() -> String {
    root().join("web/src/samples/peering-lab.json").display().to_string()
}

#[test]
fn trace_json_is_the_exchange_contract_and_exit_0_when_delivered() {
    let (code, out, err) =
        vpcsim(&["trace", &lab(), "--from", "i-a-private", "--to", "52.79.20.10", "--port", "80", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["forward"]["verdict"], "delivered");
    assert_eq!(v["return"]["verdict"], "delivered");
    let last = v["forward"]["hops"].as_array().unwrap().last().unwrap();
    assert_eq!(last["header_out"]["src"], "13.124.10.96", "the destination sees the NAT gateway's EIP");
    let trace: vpc_core::trace::Exchange = serde_json::from_str(&out).unwrap();
    assert_eq!(trace.forward.traceroute.len(), 3, "NAT gateway, internet, destination (seed 004 test 1)");
}

#[test]
fn a_drop_exits_1_and_explains_in_korean() {
    let (code, out, _) =
        vpcsim(&["trace", &lab(), "--from", "8.8.8.8", "--to", "13.124.10.96", "--port", "443", "--lang", "ko"]);
    assert_eq!(code, 1);
    assert!(out.contains("NATGW_NO_INBOUND") && out.contains("NAT 게이트웨이는"), "{out}");
}

#[test]
fn bad_input_exits_2_naming_the_file_and_path() {
    let dir = std::env::temp_dir().join(format!("vpcsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Vpcs.json"), r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/99"}]}"#).unwrap();
    let (code, _, err) = vpcsim(&["trace", &dir.display().to_string(), "--from", "10.0.0.5", "--to", "8.8.8.8"]);
    assert_eq!(code, 2);
    assert!(err.contains("Vpcs.json") && err.contains("$.Vpcs[0].CidrBlock") && err.contains("10.0.0.0/99"), "{err}");
    let (code, _, err) = vpcsim(&["trace", &lab(), "--from", "i-nope", "--to", "8.8.8.8"]);
    assert_eq!(code, 2);
    assert!(err.contains("i-nope"), "{err}");
    let (code, _, _) = vpcsim(&["trace"]);
    assert_eq!(code, 2, "usage errors exit 2");
}

#[test]
fn run_carries_nat_state_between_packets() {
    let dir = std::env::temp_dir().join(format!("vpcsim-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let snap = root().join("tests/scenarios/topologies/lab.json");
    // The lab file is a bare topology: wrap it as a native document.
    let doc = format!(r#"{{"vpcsim": 1, "topology": {}}}"#, std::fs::read_to_string(&snap).unwrap());
    std::fs::write(dir.join("lab.json"), doc).unwrap();
    std::fs::write(
        dir.join("flows.json"),
        r#"[{"from": "i-db", "to": "93.184.216.34", "port": 80, "src_port": 40001},
            {"advance": 5},
            {"from": "i-worker", "to": "93.184.216.34", "port": 80, "src_port": 40001}]"#,
    )
    .unwrap();
    let (code, out, err) = vpcsim(&[
        "run",
        &dir.join("lab.json").display().to_string(),
        &dir.join("flows.json").display().to_string(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let port = |i: usize| {
        v[i]["forward"]["hops"].as_array().unwrap().last().unwrap()["header_out"]["src_port"].as_u64().unwrap()
    };
    assert_eq!((port(0), port(1)), (40001, 50001), "seed 000: two hosts behind one NAT gateway get distinct ports");
}

#[test]
fn check_and_convert_round_trip() {
    let dir = std::env::temp_dir().join(format!("vpcsim-convert-{}", std::process::id()));
    let batfish = root().join("../shared/testdata/batfish/test-nat-gateway");
    let (code, out, err) =
        vpcsim(&["convert", &batfish.display().to_string(), "--to", "aws", &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}{out}");
    let (a, _, _) = vpcsim(&[
        "trace",
        &batfish.display().to_string(),
        "--from",
        "i-0a128d26e59be60f3",
        "--to",
        "8.8.8.8",
        "--json",
    ]);
    let (b, out_b, _) =
        vpcsim(&["trace", &dir.display().to_string(), "--from", "i-0a128d26e59be60f3", "--to", "8.8.8.8", "--json"]);
    assert_eq!((a, b), (0, 0), "{out_b}");
    let (code, out, _) = vpcsim(&["check", &batfish.display().to_string()]);
    assert!(code == 0 || code == 1);
    assert!(out.contains("findings"), "{out}");
    let native = dir.join("native.json");
    let (code, _, err) =
        vpcsim(&["convert", &batfish.display().to_string(), "--to", "native", &native.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) =
        vpcsim(&["trace", &native.display().to_string(), "--from", "8.8.8.8", "--to", "3.135.127.225", "--port", "80"]);
    assert_eq!(code, 1, "NATGW_NO_INBOUND after the round trip too");
}

/// R6.13: `--via-proxy` sends through an explicit proxy — the destination sees the proxy; a non-proxy is bad input.
#[test]
fn trace_via_proxy() {
    let text = std::fs::read_to_string(root().join("tests/scenarios/topologies/lab.json")).unwrap();
    let mut t: serde_json::Value = serde_json::from_str(&text).unwrap();
    t["NetworkInterfaces"].as_array_mut().unwrap().push(serde_json::json!({"NetworkInterfaceId": "eni-proxy",
        "SubnetId": "subnet-pub", "PrivateIpAddresses": ["10.0.1.20"], "PublicIp": "54.0.0.20", "Groups": ["sg-web"],
        "InstanceId": "i-proxy"}));
    t["Instances"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"InstanceId": "i-proxy", "Role": "proxy", "NetworkInterfaces": ["eni-proxy"]}));
    let dir = std::env::temp_dir().join(format!("vpcsim-cli-proxy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("proxy.json");
    std::fs::write(&file, serde_json::json!({"vpcsim": 1, "topology": t}).to_string()).unwrap();
    let file = file.display().to_string();
    let args = ["trace", &file, "--from", "i-db", "--to", "93.184.216.34", "--via-proxy", "i-proxy", "--proxy-port"];
    let (code, out, err) = vpcsim(&[&args[..], &["443", "--json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let last = v["forward"]["hops"].as_array().unwrap().last().unwrap();
    assert_eq!(last["header_out"]["src"], "54.0.0.20", "the destination sees the proxy's public IP");
    let (code, _, err) = vpcsim(&["trace", &file, "--from", "i-db", "--to", "93.184.216.34", "--via-proxy", "i-web"]);
    assert_eq!(code, 2);
    assert!(err.contains("R6.13"), "{err}");
}

/// `check --lang ko` puts the Korean summary of each finding's rule before the engine's detail.
#[test]
fn check_in_korean_explains_the_rule() {
    let text = std::fs::read_to_string(root().join("tests/scenarios/topologies/lab.json")).unwrap();
    let mut t: serde_json::Value = serde_json::from_str(&text).unwrap();
    t["Subnets"][0]["CidrBlock"] = serde_json::json!("192.168.0.0/24"); // outside the VPC (R1.2)
    let path = std::env::temp_dir().join(format!("vpcsim-check-ko-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::json!({"vpcsim": 1, "topology": t}).to_string()).unwrap();
    let (code, out, err) = vpcsim(&["check", &path.display().to_string(), "--lang", "ko"]);
    assert_eq!(code, 1, "an error finding: {err}{out}");
    let summary = vpc_core::rules::summary_ko("R1.2").unwrap();
    assert!(out.contains(summary) && out.contains("(R1.2)"), "{out}");
    let (_, english, _) = vpcsim(&["check", &path.display().to_string()]);
    assert!(!english.contains(summary), "{english}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn reach_prints_classes_and_reasons_and_exits_1_when_a_pair_is_unreachable() {
    let (code, out, err) = vpcsim(&["reach", &lab(), "--port", "22"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("tcp/22: 3 interfaces in 3 classes, 6 class pairs traced"), "{out}");
    assert!(out.contains("4 of 6 pairs reachable, 2 unreachable"), "{out}");
    assert!(out.contains("NOT_ROUTABLE_FROM_INTERNET on the return path"), "{out}");
    let (code, out, _) = vpcsim(&["reach", &lab(), "--port", "22", "--from", "vpc-b", "--to", "vpc-b", "--lang", "ko"]);
    assert_eq!(code, 0, "inside vpc-b every pair is reachable: {out}");
    assert!(out.contains("2 of 2 pairs reachable"), "{out}");
}

#[test]
fn reach_json_is_the_documented_shape_and_a_bad_selector_exits_2() {
    let (code, out, _) = vpcsim(&["reach", &lab(), "--port", "22", "--json"]);
    assert_eq!(code, 1);
    let r: vpc_core::reach::Reach = serde_json::from_str(&out).unwrap();
    assert_eq!((r.pairs.total, r.pairs.reachable), (6, 4));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["results"][0]["verdict"], "unreachable");
    assert_eq!(v["results"][0]["leg"], "return");
    assert_eq!(v["results"][0]["traced"]["from"], "eni-a-priv");
    let (code, _, err) = vpcsim(&["reach", &lab(), "--from", "vpc-nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("vpc-nope"), "{err}");
}
