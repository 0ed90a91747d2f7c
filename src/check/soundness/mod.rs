//! Behavioural soundness of a process (van der Aalst): option to complete, proper completion,
//! no dead steps — a pure analysis, without diagnostics; the validator rules (C0xx) wrap it.
//!
//! # Semantics: the BPMN 2.0 token game with implicit termination
//!
//! Only flow edges count (说明 nodes and association edges are ignored). One *case* (one
//! document, one request) is played as tokens on edges:
//!
//! - 开始 emits one token (several starts: one of them, chosen freely).
//! - 判断 is an exclusive (XOR) split whose choice is free: it passes its token to one branch.
//! - 并行 — and any other node with two or more outgoing edges (BPMN) — is a parallel (AND)
//!   split: one token on every outgoing edge.
//! - 汇合 is a parallel join: it fires when every incoming edge holds a token and consumes
//!   them all. Any other node with two or more incoming edges is an exclusive merge: it fires
//!   once for every token that arrives.
//! - A 结束 (any node without outgoing edges) consumes the token that reaches it; that branch
//!   is over, the others run on. The case **completes when no token is left** (implicit
//!   termination). A parallel branch may end at its own 结束 while another branch ends
//!   elsewhere: that is sound. The language has no terminate end (a 结束 that cancels the
//!   branches still running), so "a branch still running at a terminate end" does not arise.
//! - Return edges (退回) are ordinary edges.
//!
//! A *run* is a maximal firing sequence of one case from the initial token. The process is
//! sound when every run completes (no token is left waiting), no edge ever holds two tokens
//! of one case and no 结束 is reached twice by one case (1-safe; else lack of
//! synchronisation: a merge, a step or an end would run twice), and every step runs in some
//! run. A run that stops with tokens left, nothing being able to move, is a deadlock: the
//! tokens wait at a 汇合 whose other inputs never come — after a 判断 took another branch, a
//! branch ended early at a 结束, or a loop bypassed it.
//!
//! # Pipeline
//!
//! 1. **Structural pass** (`net.rs`): normalise into a working net and apply soundness-
//!    preserving reduction rules (sequence, block, fusion, XOR loop), and, when they are
//!    stuck, collapse strongly connected XOR-only regions (unstructured 退回 loops) into one
//!    free choice, then apply the local rules again. Well-structured flows —
//!    nested sequence / choice / parallel / loop blocks whose split and join types match —
//!    reduce to a single edge: sound, with no state exploration, in O((N + E)·d log d).
//!    Where reduction gets stuck it records *hints*: an AND split closed by an XOR merge, an
//!    XOR split closed by an AND join, a loop without exit.
//! 2. **Exact pass** (`explore.rs`): a breadth-first token game on the *reduced* net (small:
//!    only the unstructured parts are left), bounded by [`Limits::max_states`]. It finds
//!    deadlocks (stuck states), lack of synchronisation (a second token on an edge, or an end
//!    reached a second time), livelocks (terminal strongly connected sets of states
//!    without the final state, by reverse reachability on the state graph) and dead steps.
//!    Each fault gets the shortest witness, replayed token by token and expanded back into
//!    model nodes.
//! 3. **Budget**: past `max_states` the verdict is [`Fault::Inconclusive`] with the structural
//!    hints; faults already *witnessed* by a concrete run are reported as well (they are
//!    certain), dead steps and livelocks are not (they need the whole state space).
//!
//! # Limits of the analysis
//!
//! - Completion is BPMN's implicit termination, not the WF-net one: reaching a 结束 while
//!   another branch still runs is fine, as long as that branch also ends (at another 结束) or
//!   synchronises; it is a deadlock when the other branch then waits at a 汇合 for ever.
//! - Exploration stops a run at its first double token, so what would follow is not explored;
//!   dead steps are therefore only reported when no lack of synchronisation was found, and
//!   the deadlocks and livelocks reported beside a lack of synchronisation are those the
//!   reduced net reaches before its first double token (reduction can merge two edges, so a
//!   token is doubled earlier than on the model graph, and a cycle the model graph reaches
//!   first may go unreported until the lack of synchronisation is fixed).
//! - Witnesses through a collapsed block follow its first branch; a deadlock's `split` is the
//!   last 判断 on the taken path with a branch that reaches the starved input without passing
//!   the join (`None` for joins starved by a loop or by an unreachable step).
//! - No partial-order reduction: k unstructured parallel branches cost the product of their
//!   state counts; past the budget the answer is [`Fault::Inconclusive`].
//!
//! References: Sadiq & Orlowska 2000 (reduction); van der Aalst 1997 (soundness, handles);
//! Vanhatalo, Völzer, Koehler 2009 (fragments sound iff parts sound); Favre & Völzer 2010.

mod explore;
mod net;
mod scc;
mod witness;

#[cfg(test)]
mod tests;

use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use crate::model::Process;

/// Bounds of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most states the exact pass may visit before giving up with [`Fault::Inconclusive`].
    pub max_states: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_states: 200_000,
        }
    }
}

/// A soundness fault, with a witness in model nodes (print them by step name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// A parallel split closed by an exclusive merge: a merge, a step or a 结束 is reached
    /// twice by one case (lack of synchronisation / not 1-safe).
    ///
    /// `path_a` and `path_b` both run from `split` (first node) to `merge` (last node): the
    /// two branches of one run whose tokens both reach `merge`.
    LackOfSync {
        /// The parallel split (并行, or a step with several outgoing edges).
        split: NodeIndex,
        /// Where the two tokens meet.
        merge: NodeIndex,
        /// The branch that arrives first.
        path_a: Vec<NodeIndex>,
        /// The other branch.
        path_b: Vec<NodeIndex>,
    },
    /// A run stops with a token waiting at a join whose other input never comes: an exclusive
    /// split (a choice) closed by a parallel join, a branch that ended early, a loop.
    Deadlock {
        /// The 判断 whose choice starved the join, when one can be named.
        split: Option<NodeIndex>,
        /// The waiting 汇合.
        join: NodeIndex,
        /// The path that was taken, from `split` (or from the start) to `join`.
        taken: Vec<NodeIndex>,
        /// The join input that never gets a token: the last node before the join on that edge
        /// (the split itself when the edge leaves it directly).
        missing_into: NodeIndex,
    },
    /// A step that no execution can reach (enabled in no reachable state), though
    /// graph-reachable from a start. The join of a reported deadlock is not repeated here;
    /// dead steps are reported only after a complete exploration without lack of
    /// synchronisation.
    DeadStep {
        /// The step.
        node: NodeIndex,
    },
    /// A cycle with no way out to an end (trap) / livelock: once entered, the process runs
    /// around it forever.
    Livelock {
        /// The steps of the cycle, in order.
        cycle: Vec<NodeIndex>,
    },
    /// State space too large: no verdict; the structural witnesses found so far.
    Inconclusive {
        /// States visited before giving up.
        explored: usize,
        /// Possible faults found by the structural pass (unconfirmed).
        hints: Vec<Fault>,
    },
}

impl Fault {
    /// The node a diagnostic for this fault is best anchored at: the merge that runs twice,
    /// the join that waits, the dead step, the entry of the cycle; `None` for
    /// [`Fault::Inconclusive`].
    pub fn anchor(&self) -> Option<NodeIndex> {
        match self {
            Fault::LackOfSync { merge, .. } => Some(*merge),
            Fault::Deadlock { join, .. } => Some(*join),
            Fault::DeadStep { node } => Some(*node),
            Fault::Livelock { cycle } => cycle.first().copied(),
            Fault::Inconclusive { .. } => None,
        }
    }
}

/// How the verdict was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The structural pass reduced the whole flow: sound by construction, nothing explored.
    Structural,
    /// The exact pass explored the state space of what reduction left.
    StateSpace,
}

/// The result of [`analyse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Faults, grouped by kind (lack of sync, deadlock, livelock, dead step, inconclusive),
    /// each group in discovery order (deterministic). Empty: the process is sound (or has no
    /// start, which the structural rules report).
    pub faults: Vec<Fault>,
    /// How the verdict was reached.
    pub method: Method,
    /// States explored by the exact pass (0 when structural).
    pub states_explored: usize,
    /// Nodes of the reduced net that went to the exact pass (0 when structural).
    pub residual_nodes: usize,
}

impl Analysis {
    /// Sound, decided by the structural pass alone (nothing left to explore).
    fn sound_by_structure() -> Analysis {
        Analysis {
            faults: Vec::new(),
            method: Method::Structural,
            states_explored: 0,
            residual_nodes: 0,
        }
    }

    /// No fault at all.
    pub fn is_sound(&self) -> bool {
        self.faults.is_empty()
    }
}

/// The exact pass on the unreduced net: a reference for tests of the reduction rules.
#[cfg(test)]
fn analyse_unreduced(process: &Process, limits: &Limits) -> Analysis {
    let graph = net::Graph::new(process);
    let Some(working) = net::Net::new(&graph) else {
        return Analysis::sound_by_structure();
    };
    state_space(&graph, &working, &[], limits)
}

/// Analyse the soundness of a process.
///
/// Cost: O((N + E)·d log d) for the structural pass; when something is left, O(S·(k·d + W))
/// for S ≤ `limits.max_states` states of the residual net (W = words of a state bitset, k =
/// tokens per state), plus O(S + T) for the livelock analysis over T transitions. Never
/// loops: the state count is bounded and every phase is iterative.
pub fn analyse(process: &Process, limits: &Limits) -> Analysis {
    let graph = net::Graph::new(process);
    let Some(mut working) = net::Net::new(&graph) else {
        return Analysis::sound_by_structure();
    };
    let hints = working.reduce();
    if working.is_reduced() {
        return Analysis::sound_by_structure();
    }
    state_space(&graph, &working, &hints, limits)
}

/// The exact pass on what the structural pass left of `working`: explore its states and
/// turn what they show into faults; past the bound, report inconclusive with the structural
/// `hints` that say something new.
fn state_space(
    graph: &net::Graph,
    working: &net::Net,
    hints: &[net::Hint],
    limits: &Limits,
) -> Analysis {
    let xnet = explore::XNet::new(working);
    let explored = explore::explore(&xnet, limits.max_states);
    let ctx = witness::Ctx {
        g: graph,
        net: working,
        x: &xnet,
        ex: &explored,
    };
    let mut faults = ctx.faults();
    if !explored.complete {
        let mut hint_faults = Vec::new();
        for hint in ctx.hints(hints) {
            let dup = faults
                .iter()
                .chain(hint_faults.iter())
                .any(|f| witness::same(f, &hint));
            if !dup {
                hint_faults.push(hint);
            }
        }
        faults.push(Fault::Inconclusive {
            explored: explored.count(),
            hints: hint_faults,
        });
    }
    Analysis {
        faults,
        method: Method::StateSpace,
        states_explored: explored.count(),
        // The exploration net holds exactly the nodes the reduction left alive.
        residual_nodes: xnet.nodes.len(),
    }
}
