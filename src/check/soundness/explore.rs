//! Exact check: a bounded breadth-first token game on the reduced working net.
//!
//! A state is the set of marked working edges (a bitset). `done` edges (out of an end) keep
//! their token, so a state also records which ends were reached; a state is final when only
//! `done` tokens are left (BPMN 2.0 implicit termination). Exploration stays 1-safe: a move
//! that would put a second token on an edge — an end reached twice included — is recorded
//! as a lack-of-synchronisation event and not followed. Nodes, modes and
//! edges are always visited in index order, and states are numbered in breadth-first order,
//! so witnesses are shortest and stable from run to run.

// States are bitsets of a few words: SipHash would dominate the cost of a state.
use rustc_hash::FxHashMap as FxMap;

use super::net::Net;

/// A working node of the exploration net (dense ids over the alive nodes of [`Net`]).
#[derive(Debug)]
pub(super) struct XNode {
    pub ins: Vec<u32>,
    pub outs: Vec<u32>,
    pub in_and: bool,
    pub out_and: bool,
    /// Index in [`Net::nodes`].
    pub w: u32,
}

/// An edge of the exploration net.
#[derive(Debug)]
pub(super) struct XEdge {
    pub src: Option<u32>,
    pub dst: Option<u32>,
    /// Index in [`Net::edges`].
    pub w: u32,
}

/// The reduced net, compacted to dense ids.
#[derive(Debug)]
pub(super) struct XNet {
    pub nodes: Vec<XNode>,
    pub edges: Vec<XEdge>,
    pub init: u32,
}

impl XNet {
    /// Compact the alive part of `net`. O(N + E).
    pub fn new(net: &Net) -> XNet {
        let mut node_id = vec![u32::MAX; net.nodes.len()];
        let mut edge_id = vec![u32::MAX; net.edges.len()];
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for (i, n) in net.nodes.iter().enumerate() {
            if n.alive {
                node_id[i] = nodes.len() as u32;
                nodes.push(XNode {
                    ins: Vec::new(),
                    outs: Vec::new(),
                    in_and: n.in_and,
                    out_and: n.out_and,
                    w: i as u32,
                });
            }
        }
        for (i, e) in net.edges.iter().enumerate() {
            if e.alive {
                edge_id[i] = edges.len() as u32;
                edges.push(XEdge {
                    src: e.src.map(|s| node_id[s as usize]),
                    dst: e.dst.map(|d| node_id[d as usize]),
                    w: i as u32,
                });
            }
        }
        // Keep each node's edge order from the working net.
        for x in &mut nodes {
            let w = &net.nodes[x.w as usize];
            x.ins = w.ins.iter().map(|&e| edge_id[e as usize]).collect();
            x.outs = w.outs.iter().map(|&e| edge_id[e as usize]).collect();
        }
        XNet {
            nodes,
            edges,
            init: edge_id[net.init as usize],
        }
    }
}

/// One firing: a node, the input edge it took (`ALL` for an AND join) and the output edge it
/// chose (`ALL` for an AND split).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Move {
    pub node: u32,
    pub input: u32,
    pub output: u32,
}

pub(super) const ALL: u32 = u32::MAX;

/// Something wrong seen during exploration.
#[derive(Debug, Clone, Copy)]
pub(super) enum Event {
    /// `mv` from `state` puts a second token on `edge`.
    Double { state: u32, mv: Move, edge: u32 },
    /// `state` is not final and nothing is enabled.
    Stuck { state: u32 },
}

/// The explored state graph.
#[derive(Debug)]
pub(super) struct Explored {
    /// Words per state bitset.
    pub words: usize,
    /// State bitsets, flat.
    pub marks: Vec<u64>,
    /// Breadth-first parent and the move from it (state 0 has none).
    pub parent: Vec<(u32, Move)>,
    /// Transitions of each expanded state: `succ[off[i]..off[i+1]]`.
    pub off: Vec<u32>,
    pub succ: Vec<(u32, Move)>,
    /// Per state: the final state, a state with a pruned (faulty) move, a stuck state.
    pub is_final: Vec<bool>,
    pub pruned: Vec<bool>,
    pub stuck: Vec<bool>,
    pub events: Vec<Event>,
    /// Every state was expanded within the budget.
    pub complete: bool,
    /// Working-net nodes that fired, edges that were ever marked (exploration-net ids).
    pub fired: Vec<bool>,
    pub marked: Vec<bool>,
}

impl Explored {
    pub fn count(&self) -> usize {
        self.parent.len()
    }

    pub fn state(&self, i: u32) -> &[u64] {
        &self.marks[i as usize * self.words..(i as usize + 1) * self.words]
    }

    /// The moves from the initial state to `state`. O(depth).
    pub fn trace(&self, mut state: u32) -> Vec<Move> {
        let mut moves = Vec::new();
        while state != 0 {
            let (p, mv) = self.parent[state as usize];
            moves.push(mv);
            state = p;
        }
        moves.reverse();
        moves
    }
}

fn get(bits: &[u64], e: u32) -> bool {
    bits[e as usize / 64] >> (e % 64) & 1 == 1
}

fn set(bits: &mut [u64], e: u32) {
    bits[e as usize / 64] |= 1 << (e % 64);
}

fn clear(bits: &mut [u64], e: u32) {
    bits[e as usize / 64] &= !(1 << (e % 64));
}

/// Marked edges of a bitset, in index order.
pub(super) fn ones(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut word = word;
        std::iter::from_fn(move || {
            if word == 0 {
                return None;
            }
            let b = word.trailing_zeros();
            word &= word - 1;
            Some(w as u32 * 64 + b)
        })
    })
}

/// Explore at most `max_states` states breadth-first.
///
/// Cost: O(S · (k·d + W)) time and O(S · W) memory for S states, k marked edges per state,
/// node degree d and W = ⌈E/64⌉ words per state; S ≤ `max_states`.
pub(super) fn explore(x: &XNet, max_states: usize) -> Explored {
    let words = x.edges.len().div_ceil(64).max(1);
    let mut ex = Explored {
        words,
        marks: Vec::new(),
        parent: Vec::new(),
        off: vec![0],
        succ: Vec::new(),
        is_final: Vec::new(),
        pruned: Vec::new(),
        stuck: Vec::new(),
        events: Vec::new(),
        complete: true,
        fired: vec![false; x.nodes.len()],
        marked: vec![false; x.edges.len()],
    };
    let mut index: FxMap<Box<[u64]>, u32> = FxMap::default();
    let mut initial = vec![0u64; words];
    set(&mut initial, x.init);
    // `done` edges: the final state has tokens on these only.
    let mut done_mask = vec![0u64; words];
    for (e, edge) in x.edges.iter().enumerate() {
        if edge.dst.is_none() {
            set(&mut done_mask, e as u32);
        }
    }
    let add = |ex: &mut Explored,
               index: &mut FxMap<Box<[u64]>, u32>,
               bits: &[u64],
               parent: (u32, Move)|
     -> u32 {
        if let Some(&i) = index.get(bits) {
            return i;
        }
        let i = ex.parent.len() as u32;
        index.insert(bits.into(), i);
        ex.marks.extend_from_slice(bits);
        ex.parent.push(parent);
        ex.is_final
            .push(bits.iter().zip(&done_mask).all(|(b, d)| b & !d == 0));
        ex.pruned.push(false);
        ex.stuck.push(false);
        for e in ones(bits) {
            ex.marked[e as usize] = true;
        }
        i
    };
    let none = Move {
        node: ALL,
        input: ALL,
        output: ALL,
    };
    add(&mut ex, &mut index, &initial, (u32::MAX, none));
    let mut candidates = Vec::new();
    let mut next = vec![0u64; words];
    let mut current = vec![0u64; words];
    let mut i = 0u32;
    while (i as usize) < ex.count() {
        if ex.count() > max_states {
            ex.complete = false;
            break;
        }
        current.copy_from_slice(ex.state(i));
        candidates.clear();
        candidates.extend(ones(&current).filter_map(|e| x.edges[e as usize].dst));
        candidates.sort_unstable();
        candidates.dedup();
        let mut any = false;
        for &n in &candidates {
            let node = &x.nodes[n as usize];
            if node.in_and && !node.ins.iter().all(|&e| get(&current, e)) {
                continue;
            }
            let in_modes = if node.in_and { 1 } else { node.ins.len() };
            let xor_out = !node.out_and && node.outs.len() > 1;
            let out_modes = if xor_out { node.outs.len() } else { 1 };
            for k in 0..in_modes {
                let input = if node.in_and {
                    ALL
                } else if get(&current, node.ins[k]) {
                    node.ins[k]
                } else {
                    continue;
                };
                for m in 0..out_modes {
                    let output = if xor_out { node.outs[m] } else { ALL };
                    any = true;
                    ex.fired[n as usize] = true;
                    let mv = Move {
                        node: n,
                        input,
                        output,
                    };
                    next.copy_from_slice(&current);
                    if input == ALL {
                        for &e in &node.ins {
                            clear(&mut next, e);
                        }
                    } else {
                        clear(&mut next, input);
                    }
                    let produced: &[u32] = if output == ALL {
                        &node.outs
                    } else {
                        std::slice::from_ref(&node.outs[m])
                    };
                    let mut fault = None;
                    for &e in produced {
                        if get(&next, e) {
                            fault.get_or_insert(Event::Double {
                                state: i,
                                mv,
                                edge: e,
                            });
                        }
                        set(&mut next, e);
                    }
                    if let Some(f) = fault {
                        ex.events.push(f);
                        ex.pruned[i as usize] = true;
                        continue;
                    }
                    let j = add(&mut ex, &mut index, &next, (i, mv));
                    ex.succ.push((j, mv));
                }
            }
        }
        if !any && !ex.is_final[i as usize] {
            ex.stuck[i as usize] = true;
            ex.events.push(Event::Stuck { state: i });
        }
        ex.off.push(ex.succ.len() as u32);
        i += 1;
    }
    ex
}
