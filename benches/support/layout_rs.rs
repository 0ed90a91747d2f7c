//! layout-rs on a liucheng process, shared by `benches/layout.rs` and
//! `examples/bench_graphs.rs` (included with `#[path]`: benches and examples cannot share a
//! module otherwise, and layout-rs is only a dev-dependency).

use liucheng::model::Process;

/// Lay `p` out with layout-rs (boxes of 100×40, its optimisations off: its default
/// validation is exponential) and write the SVG into a discarded buffer.
pub fn layout_rs(p: &Process) {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::geometry::Point;
    use layout::core::style::StyleAttr;
    use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
    use layout::topo::layout::VisualGraph;
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let ids: Vec<_> = p.graph.node_indices().collect();
    let handles: Vec<_> = ids
        .iter()
        .map(|&id| {
            let shape = ShapeKind::new_box(p.graph[id].display());
            vg.add_node(Element::create(
                shape,
                StyleAttr::simple(),
                Orientation::TopToBottom,
                Point::new(100.0, 40.0),
            ))
        })
        .collect();
    for (_, a, b, _) in p.edges() {
        let ia = ids.iter().position(|&m| m == a).expect("node");
        let ib = ids.iter().position(|&m| m == b).expect("node");
        vg.add_edge(Arrow::simple(""), handles[ia], handles[ib]);
    }
    let mut svg = SVGWriter::new();
    vg.do_it(false, true, false, &mut svg);
}
