//! Recursion: which struct fields must be stored as `Box<T>` so that every
//! type has a size (a cycle of direct containment, found as strongly
//! connected components of the "contains directly" graph).

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// The type a value of `ty` contains directly (through `Option`, not behind
/// a `Vec` or map, which already allocate).
fn direct_ref(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Option(inner) => direct_ref(inner),
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}

/// Each field's (or variant's) directly contained type; an alias is the
/// entry `usize::MAX`.
fn edges(def: &TypeDef) -> Vec<(usize, TypeId)> {
    let tys: Vec<(usize, &Ty)> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).enumerate().collect(),
        TypeKind::Alias(ty) => vec![(usize::MAX, ty)],
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::OneOf(o) => o.variants.iter().map(|v| &v.ty).enumerate().collect(),
    };
    tys.into_iter()
        .filter_map(|(i, ty)| Some((i, direct_ref(ty)?)))
        .collect()
}

/// A field is boxed when its type can reach back to the struct holding it
/// by value, i.e. both are in one strongly connected component (Tarjan).
pub fn boxed_fields(api: &Api) -> BTreeSet<(TypeId, usize)> {
    let graph: BTreeMap<TypeId, Vec<TypeId>> = api
        .types
        .iter()
        .map(|(id, def)| (*id, edges(def).into_iter().map(|(_, r)| r).collect()))
        .collect();
    let component = scc(&graph);
    let mut boxed = BTreeSet::new();
    for (id, def) in &api.types {
        for (field, to) in edges(def) {
            if field == usize::MAX {
                continue;
            }
            if component.get(&to) == component.get(id) {
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
