//! The scenario harness: a readable JSON file (a base topology, the patch that makes the case, probes and
//! what AWS would do) run through one `Simulator`, so state carries over between steps.
//! Format: `tests/scenarios/README.md`. Shared by the native test and the headless-browser test.

use serde::Deserialize;
use serde_json::Value;
use vpc_core::dataplane::Probe;
use vpc_core::trace::{Exchange, Trace, Verdict};
use vpc_core::{Simulator, Topology};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub title: String,
    /// The R-rules (and S/B case numbers) this file pins down.
    pub rules: Vec<String>,
    /// A file name under `tests/scenarios/topologies/`, or absent when `topology` is inline.
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default)]
    pub topology: Option<Value>,
    /// JSON Patch-style operations applied to the base topology before the first step.
    #[serde(default)]
    pub patch: Vec<PatchOp>,
    pub steps: Vec<Step>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct PatchOp {
    pub op: String,
    pub path: String,
    #[serde(default)]
    pub value: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub note: String,
    /// Seconds to move the virtual clock before the probe.
    #[serde(default)]
    pub advance: u64,
    /// Changes to the topology before the probe (state is kept: R3.9).
    #[serde(default)]
    pub patch: Vec<PatchOp>,
    pub probe: Probe,
    pub expect: Expect,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub forward: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default, rename = "return")]
    pub reply: Option<String>,
    #[serde(default)]
    pub return_reason: Option<String>,
    /// The source address (and port) the destination receives.
    #[serde(default)]
    pub src_seen_by_destination: Option<String>,
    #[serde(default)]
    pub src_port_seen_by_destination: Option<u16>,
    /// Component ids that must appear in the forward hops, in this order.
    #[serde(default)]
    pub hops_include: Vec<String>,
    /// Component ids that must not appear in the forward hops.
    #[serde(default)]
    pub hops_exclude: Vec<String>,
    /// Component ids that must appear in the reply's hops, in this order.
    #[serde(default)]
    pub return_hops_include: Vec<String>,
    /// The traceroute view of the forward packet, `address label` per line (seed 004).
    #[serde(default)]
    pub traceroute: Option<Vec<String>>,
    /// Flow-log actions (`ACCEPT`/`REJECT`) per interface, forward then return, in order.
    #[serde(default)]
    pub flow_log_actions: Vec<String>,
    /// The probe itself is refused (`"forward": "error"`), naming this rule — e.g. a name that does not resolve
    /// from where it is asked (R9.7).
    #[serde(default)]
    pub error_rule: Option<String>,
}

fn apply_patch(doc: &mut Value, ops: &[PatchOp]) -> Result<(), String> {
    for op in ops {
        let (parent, last) = op.path.rsplit_once('/').ok_or_else(|| format!("bad patch path `{}`", op.path))?;
        let target = doc.pointer_mut(parent).ok_or_else(|| format!("patch path `{parent}` does not exist"))?;
        match (op.op.as_str(), target) {
            ("add", Value::Array(a)) if last == "-" => a.push(op.value.clone()),
            ("add", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("bad index in `{}`", op.path))?;
                if i > a.len() {
                    return Err(format!("index out of range in `{}`", op.path));
                }
                a.insert(i, op.value.clone())
            }
            ("add" | "replace", Value::Object(o)) => {
                o.insert(last.to_string(), op.value.clone());
            }
            ("replace", Value::Array(a)) => {
                let slot = last
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| a.get_mut(i))
                    .ok_or_else(|| format!("no element `{}`", op.path))?;
                *slot = op.value.clone();
            }
            ("remove", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("bad index in `{}`", op.path))?;
                if i >= a.len() {
                    return Err(format!("no element `{}`", op.path));
                }
                a.remove(i);
            }
            ("remove", Value::Object(o)) => {
                o.remove(last).ok_or_else(|| format!("no field `{}`", op.path))?;
            }
            (other, _) => return Err(format!("unsupported patch op `{other}` at `{}`", op.path)),
        }
    }
    Ok(())
}

fn norm(code: &str) -> String {
    code.to_ascii_uppercase().replace('-', "_")
}

fn verdict_word(t: &Trace) -> &'static str {
    match t.verdict {
        Verdict::Delivered => "delivered",
        Verdict::Dropped => "dropped",
    }
}

/// Checks one exchange against its expectation; returns every mismatch.
pub fn check(ex: &Exchange, e: &Expect) -> Vec<String> {
    let mut bad = Vec::new();
    let f = &ex.forward;
    if verdict_word(f) != e.forward {
        bad.push(format!("forward: expected {}, got {} ({:?})", e.forward, verdict_word(f), f.reason));
    }
    if let Some(r) = &e.reason {
        let got = f.reason.map(|x| x.code()).unwrap_or("none");
        if norm(r) != norm(got) {
            bad.push(format!("reason: expected {r}, got {got}"));
        }
    }
    match (&e.reply, &ex.reply) {
        (Some(want), Some(rep)) if verdict_word(rep) != want => {
            bad.push(format!("return: expected {want}, got {} ({:?})", verdict_word(rep), rep.reason))
        }
        (Some(want), None) if want != "none" => bad.push(format!("return: expected {want}, got no reply")),
        _ => {}
    }
    if let (Some(r), Some(rep)) = (&e.return_reason, &ex.reply) {
        let got = rep.reason.map(|x| x.code()).unwrap_or("none");
        if norm(r) != norm(got) {
            bad.push(format!("return reason: expected {r}, got {got}"));
        }
    }
    let last = f.hops.last().map(|h| &h.header_out);
    if let Some(src) = &e.src_seen_by_destination {
        let got = last.map(|h| h.src.to_string()).unwrap_or_default();
        if &got != src || f.verdict != Verdict::Delivered {
            bad.push(format!("source seen by destination: expected {src}, got {got}"));
        }
    }
    if let Some(port) = e.src_port_seen_by_destination {
        let got = last.map(|h| h.src_port);
        if got != Some(port) {
            bad.push(format!("source port seen by destination: expected {port}, got {got:?}"));
        }
    }
    let ids: Vec<&str> = f.hops.iter().map(|h| h.component.id.as_str()).collect();
    in_order("hops", &ids, &e.hops_include, &mut bad);
    if !e.return_hops_include.is_empty() {
        let ids: Vec<&str> = ex.reply.iter().flat_map(|r| r.hops.iter()).map(|h| h.component.id.as_str()).collect();
        in_order("return hops", &ids, &e.return_hops_include, &mut bad);
    }
    for not in &e.hops_exclude {
        if ids.contains(&not.as_str()) {
            bad.push(format!("hops: `{not}` must not appear, got {ids:?}"));
        }
    }
    if let Some(want) = &e.traceroute {
        let got: Vec<String> = f.traceroute.iter().map(|h| format!("{} {}", h.address, h.label)).collect();
        if &got != want {
            bad.push(format!("traceroute: expected {want:?}, got {got:?}"));
        }
    }
    if !e.flow_log_actions.is_empty() {
        let got: Vec<String> = f
            .flow_logs
            .iter()
            .chain(ex.reply.iter().flat_map(|r| r.flow_logs.iter()))
            .map(|r| format!("{} {:?}", r.interface_id, r.action).to_uppercase())
            .collect();
        let want: Vec<String> = e.flow_log_actions.iter().map(|s| s.to_uppercase()).collect();
        if got != want {
            bad.push(format!("flow logs: expected {want:?}, got {got:?}"));
        }
    }
    bad
}

/// Checks that every wanted id appears among `ids`, in the wanted order.
fn in_order(what: &str, ids: &[&str], wanted: &[String], bad: &mut Vec<String>) {
    let mut from = 0;
    for want in wanted {
        match ids[from..].iter().position(|id| id == want) {
            Some(p) => from += p + 1,
            None => bad.push(format!("{what}: expected `{want}` (in order) among {ids:?}")),
        }
    }
}

/// Runs a scenario file. `load_base` reads a base topology by name. Returns the number of steps checked or
/// every failure, each naming the step.
pub fn run(json: &str, load_base: impl Fn(&str) -> Result<String, String>) -> Result<usize, String> {
    let sc: Scenario = serde_json::from_str(json).map_err(|e| format!("scenario file: {e}"))?;
    let mut doc = match (&sc.base, &sc.topology) {
        (Some(name), None) => {
            let base: Value = serde_json::from_str(&load_base(name)?).map_err(|e| format!("base {name}: {e}"))?;
            // A native document (the web's samples) carries the topology beside its view data.
            match base {
                Value::Object(mut o) if o.contains_key("vpcsim") => o.remove("topology").unwrap_or_default(),
                other => other,
            }
        }
        (None, Some(t)) => t.clone(),
        _ => return Err(String::from("give exactly one of `base` and `topology`")),
    };
    apply_patch(&mut doc, &sc.patch)?;
    let topo: Topology = serde_json::from_value(doc.clone()).map_err(|e| format!("topology: {e}"))?;
    let mut sim = Simulator::new(topo).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    for (i, step) in sc.steps.iter().enumerate() {
        if !step.patch.is_empty() {
            apply_patch(&mut doc, &step.patch)?;
            let topo: Topology = serde_json::from_value(doc.clone()).map_err(|e| format!("step {i} topology: {e}"))?;
            sim.set_topology(topo);
        }
        sim.advance(step.advance);
        match (sim.send(&step.probe), &step.expect.error_rule) {
            (Ok(ex), None) => {
                for b in check(&ex, &step.expect) {
                    failures.push(format!("step {i} ({}): {b}", step.note));
                }
            }
            (Err(e), Some(rule)) if &e.rule == rule && step.expect.forward == "error" => {}
            (Err(e), _) => failures.push(format!("step {i} ({}): send failed: {e}", step.note)),
            (Ok(ex), Some(rule)) => failures.push(format!(
                "step {i} ({}): expected the probe to be refused ({rule}), got {}",
                step.note,
                verdict_word(&ex.forward)
            )),
        }
    }
    if failures.is_empty() {
        Ok(sc.steps.len())
    } else {
        Err(format!("{}:\n  {}", sc.title, failures.join("\n  ")))
    }
}
