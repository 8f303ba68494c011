//! Which operations reach which types, answered once per API: a type is
//! compiled under the cargo features of the operations that use it, derives
//! `Serialize` only when a request can carry it and `Deserialize` only when a
//! response can.
//!
//! Schemas no operation uses (webhook payloads, say) are kept for the caller
//! under the API's own feature, with both directions, and so is everything
//! they contain.

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// A group of operations that turns a type on: a feature of `Api::features`,
/// or the API's own feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Tag(usize),
    Api,
}

#[derive(Debug, Default)]
pub struct Reach {
    /// The groups whose operations (or unused schemas) reach each type.
    groups: BTreeMap<TypeId, BTreeSet<Group>>,
    /// Types a request can carry.
    sent: BTreeSet<TypeId>,
    /// Types a response can carry.
    received: BTreeSet<TypeId>,
    /// Types reached from unused schemas (both directions).
    kept: BTreeSet<TypeId>,
}

impl Reach {
    pub fn new(api: &Api) -> Self {
        let graph: BTreeMap<TypeId, Vec<TypeId>> = api
            .types
            .iter()
            .map(|(id, def)| (*id, type_refs(def)))
            .collect();
        let mut sent_roots = Vec::new();
        let mut received_roots = Vec::new();
        let mut by_group: BTreeMap<Group, Vec<TypeId>> = BTreeMap::new();
        for op in &api.operations {
            let (sent, received) = op_roots(op);
            for g in op_groups(api, op) {
                let roots = by_group.entry(g).or_default();
                roots.extend(&sent);
                roots.extend(&received);
            }
            sent_roots.extend(sent);
            received_roots.extend(received);
        }
        let mut reach = Reach::default();
        let mut used = BTreeSet::new();
        for (group, roots) in &by_group {
            for id in closure(&graph, roots.iter().copied()) {
                used.insert(id);
                reach.groups.entry(id).or_default().insert(*group);
            }
        }
        reach.sent = closure(&graph, sent_roots);
        reach.received = closure(&graph, received_roots);
        let unused: Vec<TypeId> = api
            .types
            .keys()
            .filter(|id| !used.contains(id))
            .copied()
            .collect();
        reach.kept = closure(&graph, unused);
        for id in &reach.kept {
            reach.groups.entry(*id).or_default().insert(Group::Api);
        }
        reach
    }

    /// The groups that need this type (empty for a type nothing needs, which
    /// cannot happen: such a type is an unused schema, kept by the API).
    pub fn type_groups(&self, id: TypeId) -> Option<&BTreeSet<Group>> {
        self.groups.get(&id)
    }

    /// Whether the type derives `Serialize`.
    pub fn serializes(&self, id: TypeId) -> bool {
        self.sent.contains(&id) || self.kept.contains(&id)
    }

    /// Whether the type derives `Deserialize`.
    pub fn deserializes(&self, id: TypeId) -> bool {
        self.received.contains(&id) || self.kept.contains(&id)
    }

    /// Types that may need checks: those a request can carry, and the
    /// unused schemas, which the caller may send any way they like.
    pub fn checkable(&self) -> BTreeSet<TypeId> {
        self.sent.union(&self.kept).copied().collect()
    }
}

/// The groups an operation belongs to: one per tag, or the untagged group.
pub fn op_groups(api: &Api, op: &Operation) -> BTreeSet<Group> {
    let find = |tag: Option<&str>| {
        api.features
            .iter()
            .position(|f| f.tag.as_deref() == tag)
            .map_or(Group::Api, Group::Tag)
    };
    if op.tags.is_empty() {
        return BTreeSet::from([find(None)]);
    }
    op.tags.iter().map(|t| find(Some(t))).collect()
}

/// Types an operation sends (parameters, body) and receives (response
/// bodies and headers).
fn op_roots(op: &Operation) -> (Vec<TypeId>, Vec<TypeId>) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for p in &op.params {
        named(&p.ty, &mut sent);
    }
    for c in op.body.iter().flat_map(|b| &b.contents) {
        named(&c.ty, &mut sent);
    }
    for r in &op.responses {
        if let Some(b) = &r.body {
            named(&b.ty, &mut received);
        }
        if let Some(s) = &r.stream {
            named(&s.item, &mut received);
        }
        for h in &r.headers {
            named(&h.ty, &mut received);
        }
    }
    (sent, received)
}

/// Every type a type's values contain, at any depth of `Vec`, map or
/// `Option`.
fn type_refs(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named(&f.ty, &mut out);
            }
            if let Some(extra) = &s.additional {
                named(extra, &mut out);
            }
        }
        TypeKind::Alias(ty) => named(ty, &mut out),
        TypeKind::Enum(_) => {}
        TypeKind::OneOf(o) => {
            for v in &o.variants {
                named(&v.ty, &mut out);
            }
        }
    }
    out
}

fn named(ty: &Ty, out: &mut Vec<TypeId>) {
    out.extend(ty.named());
}

/// `roots` and everything reachable from them.
fn closure(
    graph: &BTreeMap<TypeId, Vec<TypeId>>,
    roots: impl IntoIterator<Item = TypeId>,
) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut work: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = work.pop() {
        if seen.insert(id) {
            work.extend(graph.get(&id).into_iter().flatten().copied());
        }
    }
    seen
}
