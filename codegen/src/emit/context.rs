//! Questions the emitter asks about the IR as a whole, answered once:
//! which fields must be boxed to break recursion, and which types carry
//! constraints that must be checked before sending.

use super::reach::{op_groups, Group, Reach};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

pub struct Context<'a> {
    pub api: &'a Api,
    /// (struct, field index) pairs stored as `Box<T>`.
    boxed: BTreeSet<(TypeId, usize)>,
    validated: BTreeSet<TypeId>,
    pub reach: Reach,
}

impl<'a> Context<'a> {
    pub fn new(api: &'a Api) -> Self {
        let reach = Reach::new(api);
        Context {
            api,
            boxed: boxed_fields(api),
            validated: validated_types(api, &reach.checkable()),
            reach,
        }
    }

    /// `#[cfg(...)]` for an item the given groups need; nothing when every
    /// tag needs it (the module's own `cfg` covers it).
    pub fn gate(&self, groups: &BTreeSet<Group>) -> TokenStream {
        let features = &self.api.features;
        let every_tag = (0..features.len()).all(|i| groups.contains(&Group::Tag(i)));
        if features.is_empty() || every_tag || groups.is_empty() {
            return TokenStream::new();
        }
        let names = groups.iter().map(|g| match g {
            Group::Tag(i) => features[*i].name.as_str(),
            Group::Api => self.api.name.as_str(),
        });
        if groups.len() == 1 {
            quote!(#[cfg(feature = #(#names)*)])
        } else {
            quote!(#[cfg(any(#(feature = #names),*))])
        }
    }

    /// The `cfg` of an operation's items.
    pub fn op_gate(&self, op: &Operation) -> TokenStream {
        self.gate(&op_groups(self.api, op))
    }

    /// The `cfg` of a type and its impls.
    pub fn type_gate(&self, id: TypeId) -> TokenStream {
        match self.reach.type_groups(id) {
            Some(groups) => self.gate(groups),
            None => TokenStream::new(),
        }
    }

    pub fn is_boxed(&self, id: TypeId, field: usize) -> bool {
        self.boxed.contains(&(id, field))
    }

    /// Whether values of this type have constraints to check.
    pub fn ty_validates(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => self.validated.contains(id),
            Ty::Option(t) | Ty::Array(t) | Ty::Map(t) => self.ty_validates(t),
            _ => false,
        }
    }

    pub fn type_validates(&self, id: TypeId) -> bool {
        self.validated.contains(&id)
    }

    /// The type with every alias replaced by what it stands for, to tell
    /// whether two types are the same Rust type.
    pub fn unalias(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        // Alias cycles are cut in lowering; the bound is only a guard.
        for _ in 0..64 {
            match ty {
                Ty::Named(id) => match self.api.types.get(&id).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => ty = inner.clone(),
                    _ => return ty,
                },
                Ty::Option(inner) => return Ty::Option(Box::new(self.unalias(&inner))),
                Ty::Array(inner) => return Ty::Array(Box::new(self.unalias(&inner))),
                Ty::Map(inner) => return Ty::Map(Box::new(self.unalias(&inner))),
                other => return other,
            }
        }
        ty
    }

    pub fn type_name(&self, id: TypeId) -> &str {
        self.api
            .types
            .get(&id)
            .map_or("UnknownType", |t| t.rust_name.as_str())
    }
}

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
fn boxed_fields(api: &Api) -> BTreeSet<(TypeId, usize)> {
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

/// Types among `checkable` with constraints, directly or through fields
/// (fixed point). Responses are not checked.
fn validated_types(api: &Api, checkable: &BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut validated = BTreeSet::new();
    loop {
        let before = validated.len();
        for (id, def) in &api.types {
            if validated.contains(id) || !checkable.contains(id) {
                continue;
            }
            let yes = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| needs_check(&f.ty, &f.constraints, &validated)),
                TypeKind::Alias(ty) => ty_mentions(ty, &validated),
                TypeKind::Enum(_) => false,
                TypeKind::OneOf(o) => o.variants.iter().any(|v| ty_mentions(&v.ty, &validated)),
            };
            if yes {
                validated.insert(*id);
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

/// Whether a value of `ty` with constraints `c` has anything to check: the
/// same cases `types::checks` emits code for (a constraint that does not
/// apply to the type, such as `maxLength` on an enum, checks nothing).
fn needs_check(ty: &Ty, c: &Constraints, validated: &BTreeSet<TypeId>) -> bool {
    match ty {
        Ty::Option(inner) => needs_check(inner, c, validated),
        Ty::String => c.min_length.is_some() || c.max_length.is_some(),
        Ty::Int(_) | Ty::Float(_) => c.minimum.is_some() || c.maximum.is_some(),
        Ty::Array(item) => {
            c.min_items.is_some()
                || c.max_items.is_some()
                || needs_check(
                    item,
                    &c.items.as_deref().cloned().unwrap_or_default(),
                    validated,
                )
        }
        Ty::Named(_) | Ty::Map(_) => ty_mentions(ty, validated),
        _ => false,
    }
}

fn ty_mentions(ty: &Ty, set: &BTreeSet<TypeId>) -> bool {
    match ty {
        Ty::Named(id) => set.contains(id),
        Ty::Option(t) | Ty::Array(t) | Ty::Map(t) => ty_mentions(t, set),
        _ => false,
    }
}
