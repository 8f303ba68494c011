//! Structurally identical inline schemas become one type. Specs repeat the
//! same inline shape at every use (an error body under each operation, an
//! `order: asc|desc` parameter enum): each copy would be a type of its own,
//! all alike. A schema the spec names (`#/components/schemas/...`) keeps its
//! own type; an inline schema identical to an earlier type (named or not)
//! is replaced by it everywhere.

use crate::ir::*;
use std::collections::BTreeMap;

const NAMED_PREFIX: &str = "#/components/schemas/";

/// Merges the identical inline types of `api`; returns how many it removed.
pub(super) fn merge_identical_types(api: &mut Api) -> usize {
    // The type each type is replaced by (itself when kept).
    let mut replaced: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    // Merging two types can make the types that hold them identical: repeat
    // until nothing changes (each round merges at least one type, so the
    // rounds are bounded by the number of types).
    loop {
        let mut first_of_shape: BTreeMap<String, TypeId> = BTreeMap::new();
        let mut merged_now = 0;
        for (id, def) in &api.types {
            if replaced.contains_key(id) {
                continue;
            }
            let key = shape(def, &replaced);
            match first_of_shape.get(&key) {
                Some(first) if !def.pointer.starts_with(NAMED_PREFIX) => {
                    replaced.insert(*id, *first);
                    merged_now += 1;
                }
                Some(_) => {}
                None => {
                    first_of_shape.insert(key, *id);
                }
            }
        }
        if merged_now == 0 {
            break;
        }
    }
    if replaced.is_empty() {
        return 0;
    }
    api.for_each_ty_mut(|ty| {
        if let Some(id) = ty.named_mut() {
            *id = resolve(&replaced, *id);
        }
    });
    api.types.retain(|id, _| !replaced.contains_key(id));
    replaced.len()
}

/// The type `id` ends up as, following replacements made in later rounds.
fn resolve(replaced: &BTreeMap<TypeId, TypeId>, mut id: TypeId) -> TypeId {
    // Each step goes to a type kept in an earlier round; the bound only
    // guards against a chain that cannot happen.
    for _ in 0..=replaced.len() {
        match replaced.get(&id) {
            Some(next) if *next != id => id = *next,
            _ => break,
        }
    }
    id
}

/// Everything about a type that its users see, with the types it holds
/// written as what they end up as: two types of one shape are one type.
fn shape(def: &TypeDef, replaced: &BTreeMap<TypeId, TypeId>) -> String {
    let mut kind = def.kind.clone();
    kind.for_each_ty_mut(&mut |ty| {
        if let Some(id) = ty.named_mut() {
            *id = resolve(replaced, *id);
        }
    });
    format!("{:?}|{:?}|{}", kind, def.description, def.deprecated)
}
