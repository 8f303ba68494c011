//! Recursion: which struct fields must be stored as `Box<T>` so that every
//! type has a size (a cycle of direct containment, found as strongly
//! connected components of the "contains directly" graph).

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Types a value contains directly (not behind a `Vec` or map, which already
/// allocate).
fn direct_refs(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(inner) => direct_refs(inner, out),
        _ => {}
    }
}

fn edges(def: &TypeDef) -> Vec<(usize, Vec<TypeId>)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut refs = Vec::new();
                direct_refs(&f.ty, &mut refs);
                (i, refs)
            })
            .collect(),
        TypeKind::Alias(ty) => {
            let mut refs = Vec::new();
            direct_refs(ty, &mut refs);
            vec![(usize::MAX, refs)]
        }
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::OneOf(o) => o
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut refs = Vec::new();
                direct_refs(&v.ty, &mut refs);
                (i, refs)
            })
            .collect(),
    }
}

/// A field is boxed when its type can reach back to the struct holding it
/// by value, i.e. both are in one strongly connected component (Tarjan).
pub fn boxed_fields(api: &Api) -> BTreeSet<(TypeId, usize)> {
    let graph: BTreeMap<TypeId, Vec<TypeId>> = api
        .types
        .iter()
        .map(|(id, def)| (*id, edges(def).into_iter().flat_map(|(_, r)| r).collect()))
        .collect();
    let component = scc(&graph);
    let mut boxed = BTreeSet::new();
    for (id, def) in &api.types {
        for (field, refs) in edges(def) {
            if field == usize::MAX {
                continue;
            }
            if refs.iter().any(|r| component.get(r) == component.get(id)) {
                boxed.insert((*id, field));
            }
        }
    }
    boxed
}

/// Component index of every node (iterative Tarjan, so deep specs cannot
/// overflow the stack).
fn scc(graph: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    let mut index: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut low: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut on_stack = BTreeSet::new();
    let mut stack = Vec::new();
    let mut component = BTreeMap::new();
    let mut next = 0;
    let mut components = 0;
    let empty = Vec::new();
    for &root in graph.keys() {
        if index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                index.insert(node, next);
                low.insert(node, next);
                next += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let succ = graph.get(&node).unwrap_or(&empty);
            if let Some(&w) = succ.get(child) {
                work.push((node, child + 1));
                if !index.contains_key(&w) {
                    work.push((w, 0));
                } else if on_stack.contains(&w) {
                    let lw = index[&w];
                    let ln = low[&node];
                    low.insert(node, ln.min(lw));
                }
                continue;
            }
            // All successors done: fold lows of children into the parent.
            if low[&node] == index[&node] {
                while let Some(w) = stack.pop() {
                    on_stack.remove(&w);
                    component.insert(w, components);
                    if w == node {
                        break;
                    }
                }
                components += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                let lp = low[&parent];
                let ln = low[&node];
                low.insert(parent, lp.min(ln));
            }
        }
    }
    // A node alone in its component is only recursive through a self edge.
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for c in component.values() {
        *sizes.entry(*c).or_default() += 1;
    }
    for (node, succ) in graph {
        let c = component[node];
        if sizes[&c] == 1 && !succ.contains(node) {
            // Give it a unique id no field can match.
            component.insert(*node, usize::MAX - c);
        }
    }
    component
}
