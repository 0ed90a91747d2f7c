//! Strongly connected components (Tarjan), iterative so deep graphs cannot overflow the stack.

/// Components of the subgraph induced by the vertices with `keep(v)`; `succ(v)` lists the
/// successors of `v` (vertices outside the subgraph are skipped). Returns the component of
/// each kept vertex (`u32::MAX` for the others) and the number of components. Components are
/// numbered in reverse topological order (a component's successors come first). O(V + E).
pub(super) fn tarjan<'a>(
    n: usize,
    keep: impl Fn(usize) -> bool,
    succ: impl Fn(usize) -> &'a [u32],
) -> (Vec<u32>, u32) {
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, usize)> = Vec::new();
    let mut counter = 0u32;
    let mut comps = 0u32;
    for root in 0..n {
        if !keep(root) || index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        call.push((root as u32, 0));
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            let out = succ(v as usize);
            if *pos < out.len() {
                let w = out[*pos] as usize;
                *pos += 1;
                if !keep(w) {
                    continue;
                }
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    call.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v as usize] = low[v as usize].min(index[w]);
                }
                continue;
            }
            call.pop();
            let v = v as usize;
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = comps;
                    if w as usize == v {
                        break;
                    }
                }
                comps += 1;
            }
            if let Some(&(u, _)) = call.last() {
                low[u as usize] = low[u as usize].min(low[v]);
            }
        }
    }
    (comp, comps)
}
