//! Paper: a laid-out chart fitted onto sheets of A4 or A3, split across pages when it would
//! print too small.
//!
//! **Precondition:** a [`Diagram`] straight from the chart layout (no furniture yet; lanes'
//! headers at the start of the flow axis). **Postcondition:** [`Pagination::pages`] holds one
//! or more [`Page`]s, each a furnished sheet (title, 说明, legend, title block) scaled into the
//! page frame; every page uses the same scale, so text prints at one size throughout.
//!
//! The chart is scaled to fit but never below [`min_scale`]: step text must print at least
//! [`MIN_STEP_PT`] and numbers, time limits and branch labels at least [`MIN_SMALL_PT`]. A
//! chart that cannot fit one page at that size is cut across the flow (between rows of steps
//! in a top-to-bottom chart, between columns in a left-to-right one) where no step, number,
//! limit or label crosses the cut. Each page repeats the lane headers, and every line the cut
//! crosses ends at an off-page connector (GB/T 1526 连接符: a circle with a letter) labelled
//! with the page it continues on: 「转第2页」 on one side, 「接第1页」 on the other, the same
//! letter on both.

use crate::diagram::{
    Align, Diagram, DiagramEdge, Direction, LABEL_FONT_SIZE, OffPage, Page, Point, Rect,
    SMALL_FONT_SIZE, TextBlock,
};
use crate::layout::page::{self, PageOptions};
use crate::layout::text::TextMeasure;
use crate::model::Process;
use serde::Serialize;

/// CSS px per millimetre.
pub const PX_PER_MM: f64 = 96.0 / 25.4;
/// Points per CSS px.
pub const PT_PER_PX: f64 = 0.75;
/// Smallest printed size of step text, pt.
pub const MIN_STEP_PT: f64 = 7.0;
/// Smallest printed size of step numbers, time limits and branch labels, pt.
pub const MIN_SMALL_PT: f64 = 6.0;
/// Default margin around the page frame, mm.
pub const DEFAULT_MARGIN_MM: f64 = 10.0;

pub use crate::model::paper::{Orientation, Paper};

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PaperSpec {
    /// The paper.
    pub paper: Paper,
    /// Whether the paper was chosen (command line, flow file or liucheng.toml): then it is
    /// kept; otherwise A4 may give way to A3 when a chart is too wide for A4 at the minimum size.
    pub paper_chosen: bool,
    /// The orientation; `None` = whichever prints larger (fewer pages first when split).
    pub orientation: Option<Orientation>,
    /// Margin between the paper's edge and the page frame, mm.
    pub margin_mm: f64,
}

impl Default for PaperSpec {
    fn default() -> Self {
        PaperSpec {
            paper: Paper::A4,
            paper_chosen: false,
            orientation: None,
            margin_mm: DEFAULT_MARGIN_MM,
        }
    }
}

/// Why a chart prints below the minimum size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TooSmall {
    /// The scale it is drawn at.
    pub scale: f64,
    /// The smallest scale allowed ([`min_scale`]).
    pub min_scale: f64,
    /// The widest part that could not be made to fit: its size across the cut, px.
    pub across: f64,
    /// A paper and orientation that would hold it at the minimum size, if any.
    pub would_fit: Option<(Paper, Orientation)>,
}

/// The pages of a chart and how they were chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The paper used.
    pub paper: Paper,
    /// The orientation used.
    pub orientation: Orientation,
    /// The scale of every page.
    pub scale: f64,
    /// The smallest scale allowed.
    pub min_scale: f64,
    /// Step text size as printed, pt.
    pub step_pt: f64,
    /// Set when the chart had to be drawn below the minimum size.
    pub too_small: Option<TooSmall>,
}

impl Pagination {
    /// How well it prints, lower is better: A4 before A3, then within the minimum size,
    /// then fewer pages, then larger print (scale in millionths, so ties are exact).
    pub fn rank(&self) -> (bool, bool, usize, std::cmp::Reverse<i64>) {
        (
            self.paper != Paper::A4,
            self.too_small.is_some(),
            self.pages.len(),
            std::cmp::Reverse((self.scale * 1e6) as i64),
        )
    }

    /// Nothing prints better: one A4 page at full size.
    pub fn is_best_possible(&self) -> bool {
        self.paper == Paper::A4
            && self.too_small.is_none()
            && self.pages.len() == 1
            && self.scale >= 1.0
    }
}

/// The smallest scale at which step text (`font_size` px) prints at [`MIN_STEP_PT`] and the
/// small texts ([`SMALL_FONT_SIZE`], [`LABEL_FONT_SIZE`]) at [`MIN_SMALL_PT`].
pub fn min_scale(font_size: f64) -> f64 {
    let at = |px: f64, pt: f64| pt / (px.max(1.0) * PT_PER_PX);
    at(font_size, MIN_STEP_PT)
        .max(at(SMALL_FONT_SIZE, MIN_SMALL_PT))
        .max(at(LABEL_FONT_SIZE, MIN_SMALL_PT))
}

/// Paper size in px for an orientation.
fn paper_px(paper: Paper, o: Orientation) -> (f64, f64) {
    let (w, h) = paper.mm();
    let (w, h) = match o {
        Orientation::Portrait => (w, h),
        Orientation::Landscape => (h, w),
    };
    (w * PX_PER_MM, h * PX_PER_MM)
}

/// The scale at which a `w` × `h` sheet fills the frame of the paper.
fn fit(w: f64, h: f64, paper: Paper, o: Orientation, margin_mm: f64) -> f64 {
    let (pw, ph) = paper_px(paper, o);
    let m = margin_mm * PX_PER_MM;
    ((pw - 2.0 * m) / w.max(1.0)).min((ph - 2.0 * m) / h.max(1.0))
}

/// The flow axis: y in a top-to-bottom chart, x in a left-to-right one.
#[derive(Clone, Copy)]
struct Axis(bool);

impl Axis {
    fn of(p: Point, vertical: bool) -> f64 {
        if vertical { p.y } else { p.x }
    }
    fn along(self, p: Point) -> f64 {
        Self::of(p, self.0)
    }
    fn across(self, p: Point) -> f64 {
        Self::of(p, !self.0)
    }
    fn lo(self, r: &Rect) -> f64 {
        if self.0 { r.y } else { r.x }
    }
    fn len(self, r: &Rect) -> f64 {
        if self.0 { r.h } else { r.w }
    }
    fn hi(self, r: &Rect) -> f64 {
        self.lo(r) + self.len(r)
    }
    fn set(self, r: &mut Rect, lo: f64, len: f64) {
        if self.0 {
            r.y = lo;
            r.h = len;
        } else {
            r.x = lo;
            r.w = len;
        }
    }
    fn point(self, along: f64, across: f64) -> Point {
        if self.0 {
            Point {
                x: across,
                y: along,
            }
        } else {
            Point {
                x: along,
                y: across,
            }
        }
    }
    /// The chart's extent along the axis.
    fn size(self, d: &Diagram) -> f64 {
        if self.0 { d.height } else { d.width }
    }
}

/// Connector circle radius, px.
const R: f64 = 9.0;
/// Line from the cut to the connector, px.
const LEAD: f64 = 10.0;
/// Space between the connector band and the page's content or edge, px.
const BAND_PAD: f64 = 8.0;
/// Gap between a circle and its label, px.
const LABEL_GAP: f64 = 3.0;

/// One line crossing a cut.
#[derive(Debug, Clone)]
struct Crossing {
    edge: usize,
    across: f64,
    letter: String,
    /// Stagger level: connectors too close together sit further from the cut.
    level: usize,
}

/// A cut between two minimal slices, with the lines it crosses.
#[derive(Debug, Clone)]
struct Cut {
    at: f64,
    crossings: Vec<Crossing>,
    /// Room for the connectors on each side of the cut, px.
    band: f64,
}

/// Letters for crossings: A … Z, AA, AB, …
fn letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The along-axis extent of everything a cut must not cross: steps with their numbers and
/// limits, and branch labels.
fn blocks(d: &Diagram, ax: Axis) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for n in &d.nodes {
        let mut lo = ax.lo(&n.rect);
        let mut hi = ax.hi(&n.rect);
        for r in [n.number_rect, n.limit_rect].into_iter().flatten() {
            lo = lo.min(ax.lo(&r));
            hi = hi.max(ax.hi(&r));
        }
        out.push((lo, hi));
    }
    for l in d.edges.iter().filter_map(|e| e.label.as_ref()) {
        out.push((ax.lo(&l.rect), ax.hi(&l.rect)));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    out
}

/// Where the chart may be cut: in every gap between blocks, at the point farthest from any
/// line running across the flow (so no such line lies on the cut).
fn cut_positions(d: &Diagram, ax: Axis, head_end: f64) -> Vec<f64> {
    let mut across_lines: Vec<f64> = Vec::new();
    for e in &d.edges {
        for w in e.points.windows(2) {
            if (ax.along(w[0]) - ax.along(w[1])).abs() < 1e-6 {
                across_lines.push(ax.along(w[0]));
            }
        }
    }
    across_lines.sort_by(f64::total_cmp);
    let mut cuts = Vec::new();
    let mut reach = head_end;
    let bl = blocks(d, ax);
    for (i, &(lo, hi)) in bl.iter().enumerate() {
        if i > 0 && lo > reach + 4.0 {
            // A gap (reach, lo): split it at the lines inside, take the widest piece's middle.
            let mut stops = vec![reach];
            stops.extend(
                across_lines
                    .iter()
                    .copied()
                    .filter(|&y| y > reach && y < lo),
            );
            stops.push(lo);
            let best = stops
                .windows(2)
                .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
                .map(|w| (w[0] + w[1]) / 2.0);
            if let Some(at) = best {
                cuts.push(at);
            }
        }
        reach = reach.max(hi);
    }
    cuts
}

/// The lines crossing each cut, lettered, with their stagger levels and band sizes.
fn crossings(d: &Diagram, ax: Axis, cuts: &[f64], m: &dyn TextMeasure) -> Vec<Cut> {
    let label_w = m.width("转第99页", LABEL_FONT_SIZE);
    let lh = m.line_height(LABEL_FONT_SIZE);
    // Footprint of one connector across the axis and along it.
    let (foot_across, foot_along) = if ax.0 {
        (2.0 * R + LABEL_GAP + label_w, 2.0 * R.max(lh / 2.0))
    } else {
        (2.0 * R.max(lh / 2.0), 2.0 * R + LABEL_GAP + label_w)
    };
    let mut n = 0usize;
    let mut out = Vec::new();
    for &at in cuts {
        let mut list = Vec::new();
        for (i, e) in d.edges.iter().enumerate() {
            for w in e.points.windows(2) {
                let (a, b) = (ax.along(w[0]), ax.along(w[1]));
                if (a < at) != (b < at) {
                    list.push(Crossing {
                        edge: i,
                        across: ax.across(w[0]),
                        letter: String::new(),
                        level: 0,
                    });
                }
            }
        }
        list.sort_by(|a, b| a.across.total_cmp(&b.across).then(a.edge.cmp(&b.edge)));
        // Greedy stagger: a connector goes one level further out while it would touch the
        // last one placed at that level.
        let mut last: Vec<f64> = Vec::new();
        for c in &mut list {
            c.letter = letter(n);
            n += 1;
            let lvl = last
                .iter()
                .position(|&end| c.across - R >= end + 4.0)
                .unwrap_or(last.len());
            if lvl == last.len() {
                last.push(f64::NEG_INFINITY);
            }
            last[lvl] = c.across - R + foot_across;
            c.level = lvl;
        }
        let levels = last.len();
        let band = if levels == 0 {
            0.0
        } else {
            LEAD + levels as f64 * (foot_along + 6.0) + BAND_PAD
        };
        out.push(Cut {
            at,
            crossings: list,
            band,
        });
    }
    out
}

/// Everything needed to cut slices out of one chart.
struct Slicer<'a> {
    d: &'a Diagram,
    ax: Axis,
    /// Where the lane headers end along the axis (0 without lanes).
    head_end: f64,
    /// Start of each minimal slice along the axis; the last slice ends at `end`.
    starts: Vec<f64>,
    end: f64,
    /// `cuts[i]` is the cut at `starts[i + 1]`.
    cuts: Vec<Cut>,
    /// Each edge's extent along the axis.
    spans: Vec<(f64, f64)>,
}

impl<'a> Slicer<'a> {
    fn new(d: &'a Diagram, m: &dyn TextMeasure) -> Self {
        let ax = Axis(d.direction == Direction::TopBottom);
        let head_end = d.lanes.iter().map(|l| ax.hi(&l.header)).fold(0.0, f64::max);
        let cuts = cut_positions(d, ax, head_end);
        let cuts = crossings(d, ax, &cuts, m);
        let mut starts = vec![head_end];
        starts.extend(cuts.iter().map(|c| c.at));
        Slicer {
            d,
            ax,
            head_end,
            starts,
            end: ax.size(d),
            cuts,
            spans: d
                .edges
                .iter()
                .map(|e| {
                    e.points
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                            (lo.min(ax.along(*p)), hi.max(ax.along(*p)))
                        })
                })
                .collect(),
        }
    }

    /// Minimal slices.
    fn count(&self) -> usize {
        self.starts.len()
    }

    /// The chart between minimal slices `i..j` (pages `page` of `pages` for the connector
    /// labels), moved so that its lane headers are at the start again.
    fn slice(&self, i: usize, j: usize, page: usize, m: &dyn TextMeasure) -> Diagram {
        let (d, ax) = (self.d, self.ax);
        let a = self.starts[i];
        let b = if j < self.count() {
            self.starts[j]
        } else {
            self.end
        };
        let cut_in = (i > 0).then(|| &self.cuts[i - 1]);
        let cut_out = (j < self.count()).then(|| &self.cuts[j - 1]);
        let pad_in = cut_in.map_or(0.0, |c| c.band);
        let pad_out = cut_out.map_or(0.0, |c| c.band);
        // Content [a, b] moves to [head_end + pad_in, …]; the first slice stays where it was.
        let shift = self.head_end + pad_in - a;
        let total = self.head_end + pad_in + (b - a) + pad_out;
        let map = |v: f64| v + shift;
        let mut out = Diagram {
            direction: d.direction,
            ..Diagram::default()
        };
        let across_size = if ax.0 { d.width } else { d.height };
        if ax.0 {
            out.width = across_size;
            out.height = total;
        } else {
            out.width = total;
            out.height = across_size;
        }
        for lane in &d.lanes {
            let mut l = lane.clone();
            ax.set(&mut l.body, self.head_end, total - self.head_end);
            out.lanes.push(l);
        }
        let inside = |v: f64| v >= a && v <= b;
        for band in &d.bands {
            let (lo, hi) = (ax.lo(&band.body).max(a), ax.hi(&band.body).min(b));
            if hi <= lo {
                continue;
            }
            let lo = if lo <= a + 1e-6 {
                self.head_end
            } else {
                map(lo)
            };
            let hi = if hi >= b - 1e-6 { total } else { map(hi) };
            let mut bd = band.clone();
            ax.set(&mut bd.body, lo, hi - lo);
            ax.set(&mut bd.header, lo, hi - lo);
            out.bands.push(bd);
        }
        let mut index = vec![usize::MAX; d.nodes.len()];
        for (k, n) in d.nodes.iter().enumerate() {
            if !inside(ax.along(n.rect.center())) {
                continue;
            }
            let mut n = n.clone();
            for r in [
                Some(&mut n.rect),
                n.number_rect.as_mut(),
                n.limit_rect.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let (lo, len) = (map(ax.lo(r)), ax.len(r));
                ax.set(r, lo, len);
            }
            index[k] = out.nodes.len();
            out.nodes.push(n);
        }
        let touch = |along: f64, level: usize, outwards: f64| {
            along + outwards * (LEAD + level as f64 * self.foot_along(m))
        };
        let mut connectors: Vec<OffPage> = Vec::new();
        for (k, e) in d.edges.iter().enumerate() {
            let (lo, hi) = self.spans[k];
            if hi < a || lo > b {
                continue; // Nowhere near this slice.
            }
            let pieces = clip(&e.points, ax, a, b);
            let mut label = e
                .label
                .clone()
                .filter(|l| inside(ax.along(l.rect.center())));
            for piece in pieces {
                let mut pts: Vec<Point> = Vec::with_capacity(piece.points.len() + 1);
                let mut junctions = Vec::new();
                for (q, p) in piece.points.iter().enumerate() {
                    if let Some(src) = piece.source[q]
                        && e.junctions.contains(&src)
                    {
                        junctions.push(pts.len());
                    }
                    pts.push(ax.point(map(ax.along(*p)), ax.across(*p)));
                }
                // Cut ends: the line runs on to (or comes from) a connector in the band.
                let mut ends = [false, false];
                for (end, at_cut) in [(0usize, piece.start_cut), (1, piece.end_cut)] {
                    let Some(side) = at_cut else { continue };
                    let (cut, other, outwards, bound) = match side {
                        Side::Low => (cut_in, page - 1, -1.0, self.head_end + pad_in),
                        Side::High => (cut_out, page + 1, 1.0, map(b)),
                    };
                    let Some(cut) = cut else { continue };
                    let p = if end == 0 { pts[0] } else { pts[pts.len() - 1] };
                    let Some(c) = cut
                        .crossings
                        .iter()
                        .find(|c| c.edge == k && (c.across - ax.across(p)).abs() < 1e-6)
                    else {
                        continue;
                    };
                    let near = touch(bound, c.level, outwards);
                    let q = ax.point(near, ax.across(p));
                    if end == 0 {
                        pts.insert(0, q);
                        junctions.iter_mut().for_each(|j| *j += 1);
                    } else {
                        pts.push(q);
                    }
                    ends[end] = true;
                    // The circle lies beyond the touching point, away from the content.
                    let centre = ax.point(near + outwards * R, c.across);
                    let leaving = end == 1;
                    let text = if leaving {
                        format!("转第{other}页")
                    } else {
                        format!("接第{other}页")
                    };
                    connectors.push(connector(centre, &c.letter, text, ax, outwards, m));
                }
                let from = if ends[0] { usize::MAX } else { index[e.from] };
                let to = if ends[1] { usize::MAX } else { index[e.to] };
                out.edges.push(DiagramEdge {
                    from,
                    to,
                    points: pts,
                    label: label.take().map(|mut l| {
                        let (lo, len) = (map(ax.lo(&l.rect)), ax.len(&l.rect));
                        ax.set(&mut l.rect, lo, len);
                        l
                    }),
                    back: e.back,
                    association: e.association,
                    junctions,
                });
            }
        }
        connectors.sort_by(|x, y| {
            x.letter
                .len()
                .cmp(&y.letter.len())
                .then(x.letter.cmp(&y.letter))
        });
        out.off_page = connectors;
        out
    }

    fn foot_along(&self, m: &dyn TextMeasure) -> f64 {
        let lh = m.line_height(LABEL_FONT_SIZE);
        if self.ax.0 {
            2.0 * R.max(lh / 2.0) + 6.0
        } else {
            2.0 * R + LABEL_GAP + m.width("转第99页", LABEL_FONT_SIZE) + 6.0
        }
    }
}

/// An off-page connector centred at `centre`, its label beside it (across the flow in a
/// top-to-bottom chart; away from the cut in a left-to-right one).
fn connector(
    centre: Point,
    letter: &str,
    text: String,
    ax: Axis,
    outwards: f64,
    m: &dyn TextMeasure,
) -> OffPage {
    let w = m.width(&text, LABEL_FONT_SIZE) + 2.0;
    let h = m.line_height(LABEL_FONT_SIZE);
    let x = if ax.0 || outwards > 0.0 {
        centre.x + R + LABEL_GAP
    } else {
        centre.x - R - LABEL_GAP - w
    };
    OffPage {
        rect: Rect {
            x: centre.x - R,
            y: centre.y - R,
            w: 2.0 * R,
            h: 2.0 * R,
        },
        letter: letter.to_string(),
        label: TextBlock {
            lines: vec![text],
            rect: Rect {
                x,
                y: centre.y - h / 2.0,
                w,
                h,
            },
            font_size: LABEL_FONT_SIZE,
            bold: false,
            align: Align::Start,
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Low,
    High,
}

/// A piece of a polyline inside a slice.
struct Piece {
    points: Vec<Point>,
    /// For each point, its index in the original polyline (None for a point made at a cut).
    source: Vec<Option<usize>>,
    start_cut: Option<Side>,
    end_cut: Option<Side>,
}

/// The pieces of an orthogonal polyline between `a` and `b` along the axis.
fn clip(points: &[Point], ax: Axis, a: f64, b: f64) -> Vec<Piece> {
    let inside = |p: Point| ax.along(p) >= a && ax.along(p) <= b;
    let mut out = Vec::new();
    let mut cur: Option<Piece> = None;
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            let q = points[i - 1];
            let (qa, pa) = (ax.along(q), ax.along(p));
            // Leaving the slice between q and p.
            if let Some(mut piece) = cur.take() {
                if inside(p) {
                    cur = Some(piece);
                } else {
                    let (at, side) = if pa > b {
                        (b, Side::High)
                    } else {
                        (a, Side::Low)
                    };
                    piece.points.push(ax.point(at, ax.across(q)));
                    piece.source.push(None);
                    piece.end_cut = Some(side);
                    out.push(piece);
                }
            } else {
                // Entering (or passing through) between q and p.
                let lo_side = if qa < a { Side::Low } else { Side::High };
                let enters = if inside(p) {
                    true
                } else {
                    (qa < a && pa > b) || (qa > b && pa < a)
                };
                if enters {
                    let at = if lo_side == Side::Low { a } else { b };
                    let mut piece = Piece {
                        points: vec![ax.point(at, ax.across(p))],
                        source: vec![None],
                        start_cut: Some(lo_side),
                        end_cut: None,
                    };
                    if !inside(p) {
                        // Straight through the slice.
                        let (at2, side2) = if pa > b {
                            (b, Side::High)
                        } else {
                            (a, Side::Low)
                        };
                        piece.points.push(ax.point(at2, ax.across(p)));
                        piece.source.push(None);
                        piece.end_cut = Some(side2);
                        out.push(piece);
                        continue;
                    }
                    cur = Some(piece);
                }
            }
        } else if inside(p) {
            cur = Some(Piece {
                points: Vec::new(),
                source: Vec::new(),
                start_cut: None,
                end_cut: None,
            });
        }
        if let Some(piece) = cur.as_mut() {
            piece.points.push(p);
            piece.source.push(Some(i));
        }
    }
    if let Some(piece) = cur
        && piece.points.len() >= 2
    {
        out.push(piece);
    }
    out.retain(|p| p.points.len() >= 2);
    out
}

/// Space between the page frame and the sheet's content, px (before scaling): the paper's
/// margin is outside the frame, so a little air inside it is enough.
const SHEET_MARGIN: f64 = 12.0;

/// Furnish a (slice of a) chart as a sheet for a page: the same furniture as a single
/// chart, its title naming the page; the page frame replaces the sheet's own.
fn sheet(
    mut d: Diagram,
    process: &Process,
    opts: &PageOptions,
    label: Option<String>,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Diagram {
    let opts = PageOptions {
        page_label: label,
        margin: SHEET_MARGIN,
        ..opts.clone()
    };
    page::furnish(&mut d, process, &opts, m, bold);
    d.furniture.frame = None;
    d
}

/// The sheet of page `k` of `n` (1-based) holding minimal slices `i..j`. The legend and
/// the title block (with the sign-off row and the revision history) close the chart on its
/// last page; the pages before carry the title with their page number, so the chart gets
/// the room.
#[allow(clippy::too_many_arguments)]
fn page_sheet(
    slicer: &Slicer<'_>,
    (i, j): (usize, usize),
    (k, n): (usize, usize),
    process: &Process,
    opts: &PageOptions,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Diagram {
    let last = j >= slicer.count();
    let opts = PageOptions {
        title_block: opts.title_block && last,
        legend: opts.legend && last,
        ..opts.clone()
    };
    sheet(
        slicer.slice(i, j, k, m),
        process,
        &opts,
        Some(page_label(k, n)),
        m,
        bold,
    )
}

/// The page label of page `k` of `n` (1-based).
fn page_label(k: usize, n: usize) -> String {
    format!("（第{k}页，共{n}页）")
}

/// A split: `ranges[k]` = the minimal slices of page k.
type Split = Vec<(usize, usize)>;

/// Fit the chart onto pages of the chosen paper (see the module docs).
pub fn paginate(
    chart: &Diagram,
    process: &Process,
    opts: &PageOptions,
    spec: &PaperSpec,
    font_size: f64,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Pagination {
    let min = min_scale(font_size);
    let margin = spec.margin_mm.clamp(0.0, 60.0);
    let orients: Vec<Orientation> = match spec.orientation {
        Some(o) => vec![o],
        None => vec![Orientation::Portrait, Orientation::Landscape],
    };
    let papers: Vec<Paper> = if spec.paper_chosen || spec.paper == Paper::A3 {
        vec![spec.paper]
    } else {
        vec![Paper::A4, Paper::A3]
    };
    let whole = sheet(chart.clone(), process, opts, None, m, bold);
    let best_one = |paper: Paper| {
        orients
            .iter()
            .map(|&o| (o, fit(whole.width, whole.height, paper, o, margin)))
            .fold(None, |acc: Option<(Orientation, f64)>, x| match acc {
                Some(a) if a.1 >= x.1 => Some(a),
                _ => Some(x),
            })
            .expect("at least one orientation")
    };
    let slicer = Slicer::new(chart, m);
    for &paper in &papers {
        let (o, s) = best_one(paper);
        if s >= min - 1e-9 {
            let page = place(whole.clone(), paper, o, margin, s.min(1.0));
            return done(vec![page], paper, o, s.min(1.0), min, font_size, None);
        }
        // Split: fewest pages first, then the larger scale.
        let mut best: Option<(Orientation, Split, f64)> = None;
        for &o in &orients {
            let Some(split) = greedy(&slicer, process, opts, paper, o, margin, min, m, bold) else {
                continue;
            };
            let split = balance(
                &slicer, split, process, opts, paper, o, margin, min, m, bold,
            );
            let s = split_scale(&slicer, &split, process, opts, paper, o, margin, m, bold);
            let better = match &best {
                None => true,
                Some((_, b, bs)) => split.len() < b.len() || (split.len() == b.len() && s > *bs),
            };
            if better {
                best = Some((o, split, s));
            }
        }
        if let Some((o, split, s)) = best {
            let pages = pages_of(&slicer, &split, process, opts, paper, o, margin, s, m, bold);
            return done(pages, paper, o, s, min, font_size, None);
        }
    }
    // Nothing holds it at the minimum size: the largest paper, split where the narrowest
    // part allows, at the largest scale every slice fits.
    let paper = *papers.last().expect("a paper");
    let mut best: Option<(Orientation, f64)> = None;
    for &o in &orients {
        let s = (0..slicer.count())
            .map(|i| {
                let sh = page_sheet(&slicer, (i, i + 1), (1, 1), process, opts, m, bold);
                fit(sh.width, sh.height, paper, o, margin)
            })
            .fold(f64::INFINITY, f64::min);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((o, s));
        }
    }
    let (o, s) = best.expect("an orientation");
    let s = s.min(min);
    let split = greedy(&slicer, process, opts, paper, o, margin, s, m, bold)
        .unwrap_or_else(|| (0..slicer.count()).map(|i| (i, i + 1)).collect());
    let s = split_scale(&slicer, &split, process, opts, paper, o, margin, m, bold).min(s);
    let pages = pages_of(&slicer, &split, process, opts, paper, o, margin, s, m, bold);
    let ax = slicer.ax;
    let across = if ax.0 { whole.width } else { whole.height };
    let would_fit = [Paper::A4, Paper::A3]
        .into_iter()
        .flat_map(|p| [(p, Orientation::Portrait), (p, Orientation::Landscape)])
        .find(|&(p, o)| greedy(&slicer, process, opts, p, o, margin, min, m, bold).is_some());
    let too_small = TooSmall {
        scale: s,
        min_scale: min,
        across,
        would_fit,
    };
    done(pages, paper, o, s, min, font_size, Some(too_small))
}

fn done(
    pages: Vec<Page>,
    paper: Paper,
    orientation: Orientation,
    scale: f64,
    min_scale: f64,
    font_size: f64,
    too_small: Option<TooSmall>,
) -> Pagination {
    Pagination {
        pages,
        paper,
        orientation,
        scale,
        min_scale,
        step_pt: font_size * PT_PER_PX * scale,
        too_small,
    }
}

/// Pages of minimal slices, each as long as fits at `scale`; `None` when a single minimal
/// slice does not fit.
#[allow(clippy::too_many_arguments)]
fn greedy(
    slicer: &Slicer<'_>,
    process: &Process,
    opts: &PageOptions,
    paper: Paper,
    o: Orientation,
    margin: f64,
    scale: f64,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Option<Split> {
    let fits = |i: usize, j: usize| {
        // The label "第99页，共99页" is as wide as any real one.
        let sh = page_sheet(slicer, (i, j), (99, 99), process, opts, m, bold);
        fit(sh.width, sh.height, paper, o, margin) >= scale - 1e-9
    };
    let mut split = Vec::new();
    let mut i = 0;
    let n = slicer.count();
    while i < n {
        if !fits(i, i + 1) {
            return None;
        }
        let mut j = i + 1;
        while j < n && fits(i, j + 1) {
            j += 1;
        }
        split.push((i, j));
        i = j;
    }
    Some(split)
}

/// Most pages for which [`balance`] searches a larger scale (its cost grows with the pages).
const BALANCE_PAGES: usize = 30;

/// The same number of pages as `split` (made at `min`), at the largest scale that still
/// needs no more pages: the rows are spread evenly instead of leaving a short last page, and
/// the text prints larger. A bisection over the scale (greedy pagination needs more pages,
/// never fewer, as the scale grows).
#[allow(clippy::too_many_arguments)]
fn balance(
    slicer: &Slicer<'_>,
    split: Split,
    process: &Process,
    opts: &PageOptions,
    paper: Paper,
    o: Orientation,
    margin: f64,
    min: f64,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Split {
    let n = split.len();
    if n <= 1 || n > BALANCE_PAGES {
        return split;
    }
    let pages_at = |s: f64| greedy(slicer, process, opts, paper, o, margin, s, m, bold);
    let (mut lo, mut hi, mut best) = (min, 1.0_f64, split);
    if let Some(at_one) = pages_at(hi).filter(|p| p.len() <= n) {
        return at_one;
    }
    for _ in 0..8 {
        let mid = (lo + hi) / 2.0;
        match pages_at(mid).filter(|p| p.len() <= n) {
            Some(p) => {
                lo = mid;
                best = p;
            }
            None => hi = mid,
        }
    }
    best
}

/// The largest scale (at most 1) at which every page of `split` fits.
#[allow(clippy::too_many_arguments)]
fn split_scale(
    slicer: &Slicer<'_>,
    split: &Split,
    process: &Process,
    opts: &PageOptions,
    paper: Paper,
    o: Orientation,
    margin: f64,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> f64 {
    let n = split.len();
    split
        .iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let sh = page_sheet(slicer, (i, j), (k + 1, n), process, opts, m, bold);
            fit(sh.width, sh.height, paper, o, margin)
        })
        .fold(1.0, f64::min)
}

#[allow(clippy::too_many_arguments)]
fn pages_of(
    slicer: &Slicer<'_>,
    split: &Split,
    process: &Process,
    opts: &PageOptions,
    paper: Paper,
    o: Orientation,
    margin: f64,
    scale: f64,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Vec<Page> {
    let n = split.len();
    split
        .iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let sh = page_sheet(slicer, (i, j), (k + 1, n), process, opts, m, bold);
            place(sh, paper, o, margin, scale)
        })
        .collect()
}

/// A sheet centred in the page frame at `scale`.
fn place(sheet: Diagram, paper: Paper, o: Orientation, margin: f64, scale: f64) -> Page {
    let (pw, ph) = paper_px(paper, o);
    let mg = margin * PX_PER_MM;
    let frame = Rect {
        x: mg,
        y: mg,
        w: pw - 2.0 * mg,
        h: ph - 2.0 * mg,
    };
    let origin = Point {
        x: frame.x + (frame.w - sheet.width * scale) / 2.0,
        y: frame.y + (frame.h - sheet.height * scale) / 2.0,
    };
    Page {
        width: pw,
        height: ph,
        frame,
        sheet,
        origin,
        scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{LayoutKind, LayoutOptions};
    use crate::render::measure::FontMeasure;
    use crate::synth::{SynthOptions, flow_text};
    use std::collections::BTreeMap;

    #[test]
    fn the_minimum_scale_is_set_by_the_smallest_text() {
        // 14 px steps: 7 pt at 2/3; 12 px numbers and labels: 6 pt at 2/3 too.
        assert!((min_scale(14.0) - 2.0 / 3.0).abs() < 1e-9);
        // Large step text: the numbers and labels decide.
        assert!((min_scale(20.0) - 2.0 / 3.0).abs() < 1e-9);
        // Small step text: the steps decide.
        assert!((min_scale(10.0) - 7.0 / 7.5).abs() < 1e-9);
    }

    #[test]
    fn letters_run_a_to_z_then_aa() {
        let l: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(letter).into();
        assert_eq!(l, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn clipping_keeps_the_part_inside_and_marks_cut_ends() {
        let ax = Axis(true);
        let p = |x: f64, y: f64| Point { x, y };
        // Straight through: one piece from cut to cut.
        let through = clip(&[p(5.0, 0.0), p(5.0, 100.0)], ax, 30.0, 60.0);
        assert_eq!(through.len(), 1);
        assert_eq!(through[0].points, vec![p(5.0, 30.0), p(5.0, 60.0)]);
        assert_eq!(
            (through[0].start_cut, through[0].end_cut),
            (Some(Side::Low), Some(Side::High))
        );
        // Starts inside, leaves at the bottom; a back edge comes in from below.
        let out = clip(&[p(5.0, 40.0), p(9.0, 40.0), p(9.0, 90.0)], ax, 30.0, 60.0);
        assert_eq!(
            out[0].points,
            vec![p(5.0, 40.0), p(9.0, 40.0), p(9.0, 60.0)]
        );
        assert_eq!((out[0].start_cut, out[0].end_cut), (None, Some(Side::High)));
        let back = clip(&[p(9.0, 90.0), p(9.0, 45.0), p(2.0, 45.0)], ax, 30.0, 60.0);
        assert_eq!(
            back[0].points,
            vec![p(9.0, 60.0), p(9.0, 45.0), p(2.0, 45.0)]
        );
        assert_eq!(back[0].start_cut, Some(Side::High));
        // Entirely outside: nothing.
        assert!(clip(&[p(0.0, 70.0), p(0.0, 99.0)], ax, 30.0, 60.0).is_empty());
    }

    fn paginate_text(text: &str, spec: &PaperSpec, kind: LayoutKind) -> (Diagram, Pagination) {
        let (_, out) = crate::model::build_source("t.flow", text);
        let options = LayoutOptions {
            kind,
            ..LayoutOptions::default()
        };
        let m = FontMeasure::regular();
        let chart = crate::layout::layout(&out.process, &options, &m);
        let p = paginate(
            &chart,
            &out.process,
            &PageOptions::default(),
            spec,
            options.font_size,
            &m,
            &FontMeasure::bold(),
        );
        (chart, p)
    }

    /// Every step on exactly one page, inside its frame; every connector letter on two pages,
    /// once 转 and once 接, naming each other's page; no cut through a step.
    fn assert_sound(chart: &Diagram, p: &Pagination) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut letters: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        for (k, page) in p.pages.iter().enumerate() {
            assert!(page.sheet.width * page.scale <= page.frame.w + 0.01);
            assert!(page.sheet.height * page.scale <= page.frame.h + 0.01);
            assert!(
                (page.scale - p.scale).abs() < 1e-12,
                "one scale for all pages"
            );
            for n in &page.sheet.nodes {
                *seen.entry(n.name.as_str()).or_default() += 1;
            }
            for c in &page.sheet.off_page {
                letters
                    .entry(c.letter.as_str())
                    .or_default()
                    .push((k + 1, c.label.lines[0].as_str()));
            }
            for e in &page.sheet.edges {
                assert!(e.points.len() >= 2);
            }
        }
        assert_eq!(seen.len(), chart.nodes.len(), "{seen:?}");
        assert!(seen.values().all(|&v| v == 1), "{seen:?}");
        for (letter, ends) in &letters {
            assert_eq!(ends.len(), 2, "{letter}: {ends:?}");
            let (a, b) = (ends[0], ends[1]);
            assert_ne!(a.0, b.0, "{letter}: both ends on one page");
            let names = |(page, label): (usize, &str), other: usize| {
                label.ends_with(&format!("第{other}页")) && page != other
            };
            assert!(names(a, b.0) && names(b, a.0), "{letter}: {ends:?}");
            assert!(
                a.1.starts_with('转') != b.1.starts_with('转'),
                "{letter}: {ends:?}"
            );
        }
        if p.pages.len() > 1 {
            assert!(!letters.is_empty(), "a split without connectors");
        }
    }

    #[test]
    fn a_small_flow_is_one_page_at_most_full_size() {
        let text = crate::synth::chain(4, 2, None, false);
        let (chart, p) = paginate_text(&text, &PaperSpec::default(), LayoutKind::Swimlane);
        assert_eq!(p.pages.len(), 1);
        assert!(p.scale <= 1.0);
        assert!(p.pages[0].sheet.off_page.is_empty());
        assert_sound(&chart, &p);
    }

    #[test]
    fn long_chains_split_soundly_at_the_minimum_size_or_above() {
        for (steps, roles, back) in [(40, 2, Some(7)), (60, 3, Some(5)), (30, 1, None)] {
            let text = crate::synth::chain(steps, roles, back, false);
            let (chart, p) = paginate_text(&text, &PaperSpec::default(), LayoutKind::Swimlane);
            assert!(p.pages.len() > 1, "{steps} steps on one page");
            assert!(p.too_small.is_none());
            assert!(p.scale >= p.min_scale - 1e-9);
            assert_eq!(p.paper, Paper::A4);
            assert_sound(&chart, &p);
        }
    }

    #[test]
    fn a_chosen_paper_is_kept_even_when_too_small() {
        // Twelve lanes side by side cannot print at 2/3 across A4 portrait.
        let text = crate::synth::chain(30, 12, None, false);
        let spec = PaperSpec {
            paper: Paper::A4,
            paper_chosen: true,
            orientation: Some(Orientation::Portrait),
            ..PaperSpec::default()
        };
        let (chart, p) = paginate_text(&text, &spec, LayoutKind::Swimlane);
        assert_eq!((p.paper, p.orientation), (Paper::A4, Orientation::Portrait));
        let t = p.too_small.as_ref().expect("below the minimum");
        assert!(t.scale < t.min_scale);
        assert!((p.scale - t.scale).abs() < 1e-9);
        assert_sound(&chart, &p);
    }

    #[test]
    fn random_flows_paginate_soundly() {
        for seed in 0..12 {
            for kind in [LayoutKind::Swimlane, LayoutKind::Plain] {
                let text = flow_text(
                    seed,
                    25 + (seed as usize % 4) * 10,
                    &SynthOptions::default(),
                );
                let (chart, p) = paginate_text(&text, &PaperSpec::default(), kind);
                assert_sound(&chart, &p);
            }
        }
    }
}
