//! `vpcsim`: the engine on the command line. Exit status: 0 delivered (`reach`: every pair reachable), 1 dropped
//! (`reach`: some pair unreachable), 2 bad input or usage.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Deserialize;
use vpc_core::dataplane::{Probe, ProbeOptions};
use vpc_core::formats::{aws, files::load, native};
use vpc_core::packet::Protocol;
use vpc_core::reach::{self, Outcome};
use vpc_core::reason::Lang;
use vpc_core::trace::{Exchange, Trace, Verdict};
use vpc_core::{Error, Simulator};

/// Prints a line; a closed pipe (`vpcsim … | head`) is not an error worth a panic.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

#[derive(Parser)]
#[command(name = "vpcsim", version, about = "Simulate packets through an AWS VPC design or an exported account")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send one packet and print its path, hop by hop, and its reply.
    Trace {
        /// A native vpcsim JSON file, a describe-* JSON file or directory, or a Batfish snapshot folder.
        snapshot: PathBuf,
        /// Source: an instance id, an ENI id, or an IP address (an address no ENI owns is an external host).
        #[arg(long)]
        from: String,
        /// Destination: an instance id, an ENI id, an IP address or a DNS name.
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value_t = Proto::Tcp)]
        protocol: Proto,
        /// Destination port (TCP/UDP).
        #[arg(long, default_value_t = 443)]
        port: u16,
        /// Source port (default: the next ephemeral port).
        #[arg(long)]
        src_port: Option<u16>,
        /// Print `{"forward": TRACE, "return": TRACE or null}`.
        #[arg(long)]
        json: bool,
        /// Language of the explanations.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Annotate hops with the underlay teaching model (Mapping Service, Blackfoot, Hyperplane).
        #[arg(long)]
        underlay: bool,
        /// Connect through this explicit proxy (an instance with the `proxy` role): the client talks to the
        /// proxy, which opens a new connection to --to (R6.13).
        #[arg(long, value_name = "ID")]
        via_proxy: Option<String>,
        /// The proxy's listen port (default 3128).
        #[arg(long, requires = "via_proxy")]
        proxy_port: Option<u16>,
    },
    /// Play several packets (and waits) in one simulation state, so NAT ports and connection tracking carry over.
    Run {
        snapshot: PathBuf,
        /// A JSON list of `{"from","to","protocol","port","src_port"}` packets and `{"advance": seconds}` waits.
        flows: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// All-pairs reachability: which ENIs can connect to which (request and reply), and why the others cannot,
    /// one trace per pair of equivalence classes.
    Reach {
        snapshot: PathBuf,
        #[arg(long, value_enum, default_value_t = Proto::Tcp)]
        protocol: Proto,
        /// Destination port (TCP/UDP).
        #[arg(long, default_value_t = 443)]
        port: u16,
        /// Only these sources: ENI, instance, subnet or VPC ids (repeatable; default every host ENI).
        #[arg(long, value_name = "ID")]
        from: Vec<String>,
        /// Only these destinations, named the same way.
        #[arg(long, value_name = "ID")]
        to: Vec<String>,
        /// Print the result as JSON (shape in README.md).
        #[arg(long)]
        json: bool,
        /// Language of the explanations.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Report what the import skipped or assumed, and validation findings.
    Check {
        snapshot: PathBuf,
        #[arg(long)]
        json: bool,
        /// Language of the findings' explanations (Korean adds the rule's summary before the detail).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Convert a snapshot to the native format or to describe-* files.
    Convert {
        snapshot: PathBuf,
        #[arg(long, value_enum)]
        to: Format,
        /// Output file (native) or directory (aws).
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Proto {
    Tcp,
    Udp,
    Icmp,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Ko,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Native,
    Aws,
}

impl From<Proto> for Protocol {
    fn from(p: Proto) -> Self {
        match p {
            Proto::Tcp => Protocol::TCP,
            Proto::Udp => Protocol::UDP,
            Proto::Icmp => Protocol::ICMP,
        }
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => Lang::En,
            LangArg::Ko => Lang::Ko,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vpcsim: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Trace {
            snapshot,
            from,
            to,
            protocol,
            port,
            src_port,
            json,
            lang,
            underlay,
            via_proxy,
            proxy_port,
        } => {
            let (topology, _) = load(&snapshot)?;
            let mut sim = Simulator::new(topology)?;
            let probe = Probe {
                from,
                to,
                protocol: protocol.into(),
                src_port,
                dst_port: port,
                options: ProbeOptions { underlay, via_proxy, proxy_port, ..ProbeOptions::default() },
            };
            let ex = sim.send(&probe)?;
            if json {
                out!("{}", to_json(&ex)?);
            } else {
                print_exchange(&ex, lang.into());
            }
            Ok(exit_for(&ex.forward))
        }
        Command::Run { snapshot, flows, json, lang } => {
            let (topology, _) = load(&snapshot)?;
            let mut sim = Simulator::new(topology)?;
            let text = read(&flows)?;
            let steps: Vec<FlowStep> = serde_json::from_str(&text).map_err(|e| {
                Error::new(
                    flows.display().to_string(),
                    format!("line {} column {}", e.line(), e.column()),
                    "flows",
                    e.to_string(),
                )
            })?;
            let mut results = Vec::new();
            let mut all_delivered = true;
            for (i, step) in steps.into_iter().enumerate() {
                match step {
                    FlowStep::Advance { advance } => sim.advance(advance),
                    FlowStep::Packet(f) => {
                        let probe = f.probe();
                        let ex = sim.send(&probe).map_err(|e| Error { field: format!("[{i}].{}", e.field), ..e })?;
                        all_delivered &= ex.forward.verdict == Verdict::Delivered;
                        if !json {
                            out!("# packet {i}: {} → {}", probe.from, probe.to);
                            print_exchange(&ex, lang.into());
                        }
                        results.push(ex);
                    }
                }
            }
            if json {
                out!(
                    "{}",
                    serde_json::to_string_pretty(&results).map_err(|e| Error::new("output", "", "", e.to_string()))?
                );
            }
            Ok(if all_delivered { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Reach { snapshot, protocol, port, from, to, json, lang } => {
            let (topology, _) = load(&snapshot)?;
            let query = reach::Query { protocol: protocol.into(), port, from, to };
            let r = reach::reach(topology, &query)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&r).map_err(|e| Error::new("output", "", "", e.to_string()))?);
            } else {
                print_reach(&r, lang.into());
            }
            Ok(if r.pairs.unreachable == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Check { snapshot, json, lang } => {
            let (topology, warnings) = load(&snapshot)?;
            let findings = vpc_core::validate::validate(&topology);
            if json {
                let out = serde_json::json!({"warnings": warnings, "findings": findings});
                out!(
                    "{}",
                    serde_json::to_string_pretty(&out).map_err(|e| Error::new("output", "", "", e.to_string()))?
                );
            } else {
                for w in &warnings {
                    out!("import warning: {} {}: {}", w.file, w.path, w.message);
                }
                for f in &findings {
                    let summary = match Lang::from(lang) {
                        Lang::Ko => vpc_core::rules::summary_ko(&f.rule).map(|s| format!("{s} — ")),
                        Lang::En => None,
                    };
                    let (code, resource, field) = (&f.code, &f.resource, &f.field);
                    let detail = format!("{}{} ({})", summary.unwrap_or_default(), f.message, f.rule);
                    out!("{:?} {code} {resource} {field}: {detail}", f.severity);
                }
                out!("{} import warnings, {} findings", warnings.len(), findings.len());
            }
            let errors = findings.iter().any(|f| f.severity == vpc_core::validate::Severity::Error);
            Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Convert { snapshot, to, out } => {
            let (topology, _) = load(&snapshot)?;
            match to {
                Format::Native => write(&out, &native::write(&topology, &native::View::default())?)?,
                Format::Aws => {
                    fs::create_dir_all(&out)
                        .map_err(|e| Error::new(out.display().to_string(), "", "", e.to_string()))?;
                    for (name, text) in aws::export(&topology)? {
                        write(&out.join(name), &text)?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FlowStep {
    Advance { advance: u64 },
    Packet(Flow),
}

#[derive(Deserialize)]
struct Flow {
    from: String,
    to: String,
    #[serde(default = "tcp")]
    protocol: Protocol,
    #[serde(default)]
    port: u16,
    #[serde(default)]
    src_port: Option<u16>,
    #[serde(default)]
    options: Option<ProbeOptions>,
}

fn tcp() -> Protocol {
    Protocol::TCP
}

impl Flow {
    fn probe(self) -> Probe {
        Probe {
            from: self.from,
            to: self.to,
            protocol: self.protocol,
            src_port: self.src_port,
            dst_port: self.port,
            options: self.options.unwrap_or_default(),
        }
    }
}

fn exit_for(t: &Trace) -> ExitCode {
    match t.verdict {
        Verdict::Delivered => ExitCode::SUCCESS,
        Verdict::Dropped => ExitCode::from(1),
    }
}

fn to_json(ex: &Exchange) -> Result<String, Error> {
    serde_json::to_string_pretty(ex).map_err(|e| Error::new("output", "", "", e.to_string()))
}

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::new(path.display().to_string(), "", "", e.to_string()))
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    fs::write(path, text).map_err(|e| Error::new(path.display().to_string(), "", "", e.to_string()))
}

fn print_exchange(ex: &Exchange, lang: Lang) {
    print_trace("forward", &ex.forward, lang);
    match &ex.reply {
        Some(r) => print_trace("return", r, lang),
        None => out!("return: none"),
    }
}

fn print_trace(label: &str, t: &Trace, lang: Lang) {
    let verdict = match t.verdict {
        Verdict::Delivered => "delivered",
        Verdict::Dropped => "dropped",
    };
    match &t.entry {
        Some(e) => out!("{label}: {verdict} (entered from {e})"),
        None => out!("{label}: {verdict}"),
    }
    for h in &t.hops {
        let name = h.component.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        let kind =
            serde_json::to_value(h.component.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let action = serde_json::to_value(h.action).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        let rule = h.rule.as_ref().map(|r| format!("  [{}]", r.text)).unwrap_or_default();
        out!("  {:>2}  {:<28} {:<10}{}", h.seq, format!("{kind} {}{name}", h.component.id), action, rule);
        let addr = |hd: &vpc_core::packet::Header| {
            format!("{}:{} → {}:{} {} ttl {}", hd.src, hd.src_port, hd.dst, hd.dst_port, hd.protocol, hd.ttl)
        };
        if h.header_in != h.header_out {
            out!("      {}  ⇒  {}", addr(&h.header_in), addr(&h.header_out));
        }
        if let Some(u) = &h.underlay {
            let notes: Vec<String> = u.notes.iter().map(|n| vpc_core::dataplane::note_in(n, lang)).collect();
            out!("      under the hood: {} — {}", u.device, notes.join("; "));
        }
    }
    if let Some(r) = t.reason {
        out!("  reason: {} — {}", r.code(), r.explain(lang));
    }
}

/// The classes, then one line per (source class, destination class), then each reason once with its explanation.
fn print_reach(r: &reach::Reach, lang: Lang) {
    out!(
        "{}{}: {} interfaces in {} classes, {} class pairs traced",
        r.protocol,
        if r.protocol.has_ports() { format!("/{}", r.port) } else { String::new() },
        r.interfaces,
        r.classes.len(),
        r.results.len()
    );
    out!("{} of {} pairs reachable, {} unreachable", r.pairs.reachable, r.pairs.total, r.pairs.unreachable);
    for s in &r.skipped {
        out!("skipped {}: {}", s.interface, s.why);
    }
    out!("");
    out!("{:<6} {:>7}  {:<14} {:<18} {:<24} members", "class", "size", "vpc", "subnet", "security groups");
    for c in &r.classes {
        let shown: Vec<&str> = c.members.iter().take(3).map(String::as_str).collect();
        let more = c.members.len().saturating_sub(shown.len());
        let more = if more > 0 { format!(", … (+{more})") } else { String::new() };
        let role = match (c.source, c.destination) {
            (true, false) => " (source only)",
            (false, true) => " (destination only)",
            _ => "",
        };
        out!(
            "{:<6} {:>7}  {:<14} {:<18} {:<24} {}{more}{role}",
            format!("C{}", c.id),
            c.members.len(),
            c.vpc,
            c.subnet,
            c.groups.join(","),
            shown.join(", ")
        );
    }
    out!("");
    out!("{:<6} {:<6} {:>9}  outcome", "from", "to", "pairs");
    let mut reasons: std::collections::BTreeMap<String, (u64, String)> = std::collections::BTreeMap::new();
    for p in &r.results {
        let outcome = match &p.outcome {
            Outcome::Reachable => String::from("reachable"),
            Outcome::Unreachable { leg, reason } => {
                let leg = match leg {
                    reach::Leg::Forward => "forward",
                    reach::Leg::Return => "return",
                };
                let code = reason.map(|x| x.code()).unwrap_or("DROPPED");
                let e = reasons.entry(format!("{code} ({leg})")).or_default();
                e.0 += p.pairs;
                e.1 = reason.map(|x| x.explain(lang).to_string()).unwrap_or_default();
                format!("unreachable  {code} on the {leg} path")
            }
            Outcome::Refused { error } => format!("refused  {error}"),
        };
        out!("{:<6} {:<6} {:>9}  {outcome}", format!("C{}", p.from), format!("C{}", p.to), p.pairs);
    }
    if !reasons.is_empty() {
        out!("");
        out!("reasons:");
        for (code, (pairs, why)) in &reasons {
            out!("  {code}: {pairs} pairs — {why}");
        }
    }
}
