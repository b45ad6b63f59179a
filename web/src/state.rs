//! The store: the model, the view data, undo/redo history, the packet composer and the playback position.
//! Components dispatch [`Action`]s; only this reducer changes state, and it changes the model only through
//! the core's edit path (`vpc_core::edit::apply`) or a whole validated import.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use vpc_core::dataplane::{ConnEntry, NatEntry, Probe, ProbeOptions};
use vpc_core::edit::{apply, Applied, Edit};
use vpc_core::formats::native;
use vpc_core::packet::Protocol;
use vpc_core::reason::Lang;
use vpc_core::trace::{Exchange, Hop};
use vpc_core::{Simulator, Topology};
use yew::prelude::*;

use crate::recipes::{self, Recipe};

pub const SAMPLE: &str = include_str!("samples/peering-lab.json");
pub const AUTOSAVE_KEY: &str = "vpcsim.autosave";
pub const LANG_KEY: &str = "vpcsim.lang";

/// A resource being created whose parameters the inspector asks for (a VPC's CIDR, a subnet's CIDR and AZ,
/// a load balancer's type and subnets, a customer gateway's address).
#[derive(Clone, Debug, PartialEq)]
pub enum Draft {
    Vpc,
    Subnet { vpc_id: String },
    LoadBalancer { subnet_id: String },
    CustomerGateway,
}

/// Which hops the hop list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HopFilter {
    #[default]
    All,
    Forward,
    Reply,
    Drops,
}

/// An all-pairs reachability answer: the worker's lines (`import_worker::reach`) for the topology and the
/// question they answer.
#[derive(PartialEq)]
pub struct Reached {
    pub topology: Rc<Topology>,
    pub protocol: Protocol,
    pub port: u16,
    pub lines: Result<String, String>,
}

/// What undo/redo restores.
#[derive(Clone, PartialEq)]
pub struct Snapshot {
    pub topology: Rc<Topology>,
    pub positions: Rc<BTreeMap<String, (f64, f64)>>,
}

#[derive(Clone)]
pub struct State {
    pub now: Snapshot,
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    pub lang: Lang,
    pub source: String,
    pub destination: String,
    pub protocol: Protocol,
    pub port: u16,
    pub exchange: Option<Rc<Exchange>>,
    /// Position in the forward hops followed by the reply hops.
    pub step: usize,
    pub playing: bool,
    pub speed: u32,
    pub error: Option<String>,
    pub selected: Option<String>,
    /// The key of a rule of the selected resource to highlight (a route's destination, `ingress#2`, `100`).
    pub highlight: Option<String>,
    pub draft: Option<Draft>,
    pub hop_filter: HopFilter,
    /// Progress text of a running import.
    pub progress: Option<String>,
    /// Show the underlay teaching model on each hop.
    pub underlay: bool,
    /// The last all-pairs reachability answer (`reachability.rs`).
    pub reach: Option<Rc<Reached>>,
    pub connections: Rc<Vec<ConnEntry>>,
    pub translations: Rc<Vec<NatEntry>>,
    sim: Rc<RefCell<Option<Simulator>>>,
}

impl PartialEq for State {
    fn eq(&self, o: &Self) -> bool {
        self.now == o.now
            && self.lang == o.lang
            && self.source == o.source
            && self.destination == o.destination
            && self.protocol == o.protocol
            && self.port == o.port
            && self.exchange.as_ref().map(Rc::as_ptr) == o.exchange.as_ref().map(Rc::as_ptr)
            && self.step == o.step
            && self.playing == o.playing
            && self.speed == o.speed
            && self.error == o.error
            && self.selected == o.selected
            && self.highlight == o.highlight
            && self.draft == o.draft
            && self.hop_filter == o.hop_filter
            && self.progress == o.progress
            && self.underlay == o.underlay
            && self.reach.as_ref().map(Rc::as_ptr) == o.reach.as_ref().map(Rc::as_ptr)
            && self.undo.len() == o.undo.len()
            && self.redo.len() == o.redo.len()
    }
}

pub enum Action {
    /// Replace the whole topology (import, sample); undoable.
    Load(Box<Topology>, BTreeMap<String, (f64, f64)>),
    Edit(Edit),
    /// Apply a creating edit and select what it created (palette drops, drafts, the connect gesture).
    Create(Edit),
    /// Several edits as one step (see `recipes`); selects the main resource created.
    Recipe(Recipe),
    /// Start an empty topology (undoable).
    New,
    /// Move a node while dragging (view data only).
    Move(String, f64, f64),
    /// A drag began: remember the state for undo.
    BeginMove,
    /// A dragged instance was dropped into another subnet: move it there through the core, as part of the
    /// drag's undo step; if the core refuses, the instance goes back to where the drag began.
    MoveInto(String, String),
    /// The "drag" was a click: forget the undo point.
    CancelMove,
    Undo,
    Redo,
    SetSource(String),
    SetDestination(String),
    SetProtocol(Protocol),
    SetPort(u16),
    Send,
    Step(isize),
    SetStep(usize),
    TogglePlay,
    Tick,
    SetSpeed(u32),
    SetLang(Lang),
    SetUnderlay(bool),
    Error(Option<String>),
    Select(Option<String>),
    /// Select a rule's owner and highlight the rule.
    SelectRule(String, String),
    Draft(Option<Draft>),
    SetHopFilter(HopFilter),
    /// Delete the selected resource (the Delete key): its AWS delete call through the core.
    DeleteSelected,
    /// An all-pairs reachability answer arrived.
    Reached(Rc<Reached>),
    Progress(Option<String>),
}

impl State {
    pub fn new(topology: Topology, positions: BTreeMap<String, (f64, f64)>, lang: Lang) -> Self {
        let source = topology.instances.first().map(|i| i.instance_id.clone()).unwrap_or_default();
        let destination = topology.instances.get(1).map(|i| i.instance_id.clone()).unwrap_or_else(|| "8.8.8.8".into());
        State {
            now: Snapshot { topology: Rc::new(topology), positions: Rc::new(positions) },
            undo: Vec::new(),
            redo: Vec::new(),
            lang,
            source,
            destination,
            protocol: Protocol::TCP,
            port: 80,
            exchange: None,
            step: 0,
            playing: false,
            speed: 2,
            error: None,
            selected: None,
            highlight: None,
            draft: None,
            hop_filter: HopFilter::All,
            progress: None,
            underlay: false,
            reach: None,
            connections: Rc::new(Vec::new()),
            translations: Rc::new(Vec::new()),
            sim: Rc::new(RefCell::new(None)),
        }
    }

    /// The sample lab.
    pub fn sample(lang: Lang) -> Self {
        match native::read("sample", SAMPLE) {
            Ok(doc) => Self::new(doc.topology, doc.view.positions, lang),
            Err(e) => {
                let mut s = Self::new(Topology::default(), BTreeMap::new(), lang);
                s.error = Some(e.to_string());
                s
            }
        }
    }

    /// All hops of the exchange, forward then reply, with `true` for reply hops.
    pub fn timeline(&self) -> Vec<(bool, &Hop)> {
        let Some(ex) = &self.exchange else { return Vec::new() };
        let fwd = ex.forward.hops.iter().map(|h| (false, h));
        let rep = ex.reply.iter().flat_map(|r| r.hops.iter()).map(|h| (true, h));
        fwd.chain(rep).collect()
    }

    fn select(&mut self, id: Option<String>) {
        self.selected = id;
        self.highlight = None;
    }

    fn commit(&mut self, next: Snapshot) {
        self.undo.push(self.now.clone());
        self.redo.clear();
        self.now = next;
        self.after_model_change();
    }

    /// One edit through the core as one undo step; a refusal is shown and changes nothing.
    fn apply_edit(&mut self, edit: &Edit) -> Option<Applied> {
        let mut t = (*self.now.topology).clone();
        match apply(&mut t, edit) {
            Ok(applied) => {
                let positions = self.now.positions.clone();
                self.commit(Snapshot { topology: Rc::new(t), positions });
                self.error = None;
                Some(applied)
            }
            Err(e) => {
                self.error = Some(crate::i18n::refusal(self.lang, &e));
                None
            }
        }
    }

    fn after_model_change(&mut self) {
        // A changed model keeps the simulator's state (tracked flows survive, R3.9) but recompiles it.
        if let Some(sim) = self.sim.borrow_mut().as_mut() {
            sim.set_topology((*self.now.topology).clone());
        }
        self.exchange = None;
        self.step = 0;
        self.playing = false;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Load(t, positions) => {
                s.commit(Snapshot { topology: Rc::new(*t), positions: Rc::new(positions) });
                *s.sim.borrow_mut() = None;
                s.error = None;
            }
            Action::Edit(edit) => {
                s.apply_edit(&edit);
            }
            Action::Create(edit) => {
                if let Some(applied) = s.apply_edit(&edit) {
                    s.select(applied.created.into_iter().next());
                    s.draft = None;
                }
            }
            Action::Recipe(recipe) => match recipes::run(&s.now.topology, &recipe) {
                Ok((t, main)) => {
                    let positions = s.now.positions.clone();
                    s.commit(Snapshot { topology: Rc::new(t), positions });
                    if main.is_some() {
                        s.select(main);
                    }
                    s.error = None;
                }
                Err(e) => s.error = Some(crate::i18n::refusal(s.lang, &e)),
            },
            Action::New => {
                s.commit(Snapshot { topology: Rc::new(Topology::default()), positions: Rc::new(BTreeMap::new()) });
                *s.sim.borrow_mut() = None;
                s.source.clear();
                s.destination.clear();
                s.select(None);
                s.draft = None;
                s.error = None;
            }
            Action::BeginMove => {
                s.undo.push(s.now.clone());
                s.redo.clear();
            }
            Action::CancelMove => {
                s.undo.pop();
            }
            Action::MoveInto(instance_id, subnet_id) => {
                let mut t = (*s.now.topology).clone();
                match apply(&mut t, &Edit::MoveInstance { instance_id, subnet_id }) {
                    Ok(_) => {
                        s.now.topology = Rc::new(t);
                        s.after_model_change();
                        s.error = None;
                    }
                    Err(e) => {
                        if let Some(before) = s.undo.pop() {
                            s.now = before;
                        }
                        s.error = Some(crate::i18n::refusal(s.lang, &e));
                    }
                }
            }
            Action::Move(id, x, y) => {
                let mut p = (*s.now.positions).clone();
                p.insert(id, (x, y));
                s.now.positions = Rc::new(p);
            }
            Action::Undo => {
                let Some(prev) = s.undo.pop() else { return self };
                s.redo.push(std::mem::replace(&mut s.now, prev));
                s.after_model_change();
            }
            Action::Redo => {
                let Some(next) = s.redo.pop() else { return self };
                s.undo.push(std::mem::replace(&mut s.now, next));
                s.after_model_change();
            }
            Action::SetSource(v) => s.source = v,
            Action::SetDestination(v) => s.destination = v,
            Action::SetProtocol(p) => s.protocol = p,
            Action::SetPort(p) => s.port = p,
            Action::Send => {
                let probe = Probe {
                    from: s.source.clone(),
                    to: s.destination.clone(),
                    protocol: s.protocol,
                    src_port: None,
                    dst_port: s.port,
                    options: ProbeOptions { underlay: s.underlay, ..ProbeOptions::default() },
                };
                let mut slot = s.sim.borrow_mut();
                if slot.is_none() {
                    match Simulator::new((*s.now.topology).clone()) {
                        Ok(sim) => *slot = Some(sim),
                        Err(e) => {
                            drop(slot);
                            s.error = Some(crate::i18n::refusal(s.lang, &e));
                            return Rc::new(s);
                        }
                    }
                }
                let result = slot.as_mut().map(|sim| (sim.send(&probe), sim.connections(), sim.translations()));
                drop(slot);
                match result {
                    Some((Ok(ex), conns, nats)) => {
                        s.exchange = Some(Rc::new(ex));
                        s.connections = Rc::new(conns);
                        s.translations = Rc::new(nats);
                        s.step = 0;
                        s.playing = true;
                        s.error = None;
                    }
                    Some((Err(e), _, _)) => s.error = Some(crate::i18n::refusal(s.lang, &e)),
                    None => {}
                }
            }
            Action::Step(d) => {
                let n = s.timeline().len();
                if n > 0 {
                    s.step = (s.step as isize + d).clamp(0, n as isize - 1) as usize;
                }
                s.playing = false;
            }
            Action::SetStep(i) => {
                s.step = i.min(s.timeline().len().saturating_sub(1));
                s.playing = false;
            }
            Action::TogglePlay => s.playing = !s.playing && s.exchange.is_some(),
            Action::Tick => {
                let n = s.timeline().len();
                if s.step + 1 < n {
                    s.step += 1;
                } else {
                    s.playing = false;
                }
            }
            Action::SetSpeed(v) => s.speed = v.clamp(1, 8),
            Action::SetLang(l) => s.lang = l,
            Action::SetUnderlay(on) => s.underlay = on,
            Action::Error(e) => s.error = e,
            Action::Select(id) => s.select(id),
            Action::SelectRule(owner, key) => {
                s.selected = Some(owner);
                s.highlight = Some(key);
            }
            Action::Draft(d) => {
                s.draft = d;
                s.error = None;
            }
            Action::SetHopFilter(f) => s.hop_filter = f,
            Action::Progress(p) => s.progress = p,
            Action::Reached(r) => s.reach = Some(r),
            Action::DeleteSelected => {
                let edit = s.selected.as_deref().and_then(|id| crate::editors::delete_edit(&s.now.topology, id));
                if edit.and_then(|e| s.apply_edit(&e)).is_some() {
                    s.select(None);
                }
            }
        }
        Rc::new(s)
    }
}

pub type Store = UseReducerHandle<State>;
