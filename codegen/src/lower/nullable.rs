//! An alias never hides an `Option`: `type Metadata = Option<Map>` would
//! make an optional field `Option<Metadata>` a tri-state (absent, `null`,
//! a value) that reads as a plain `Option`. The alias stands for the value
//! (`type Metadata = Map`) and each use of it says it may be `null`
//! (`Option<Metadata>`), as an inline nullable schema does: an optional
//! field that may be `null` is one `Option`, absent and `null` alike.

use crate::ir::*;
use std::collections::BTreeSet;

/// Moves the `Option` out of every nullable alias into its uses.
pub(super) fn lift_nullable_aliases(api: &mut Api) {
    // Aliases of `Option<..>`, and aliases of those (to a fixed point).
    let mut nullable: BTreeSet<TypeId> = BTreeSet::new();
    loop {
        let before = nullable.len();
        for (id, def) in &api.types {
            match &def.kind {
                TypeKind::Alias(Ty::Option(_)) => {
                    nullable.insert(*id);
                }
                TypeKind::Alias(Ty::Named(to)) if nullable.contains(to) => {
                    nullable.insert(*id);
                }
                _ => {}
            }
        }
        if nullable.len() == before {
            break;
        }
    }
    if nullable.is_empty() {
        return;
    }
    for id in &nullable {
        if let Some(def) = api.types.get_mut(id) {
            if let TypeKind::Alias(ty @ Ty::Option(_)) = &mut def.kind {
                *ty = ty.strip_option().clone();
            }
        }
    }
    // An alias of a nullable alias already says so through its target.
    let targets: BTreeSet<TypeId> = nullable
        .iter()
        .filter(|id| {
            matches!(
                api.types.get(id).map(|d| &d.kind),
                Some(TypeKind::Alias(Ty::Named(_)))
            )
        })
        .copied()
        .collect();
    for (id, def) in api.types.iter_mut() {
        if targets.contains(id) {
            continue;
        }
        def.kind.for_each_ty_mut(&mut |ty| lift(ty, &nullable));
    }
    api.for_each_operation_ty_mut(|ty| lift(ty, &nullable));
}

/// `ty` with each nullable alias at its leaf as `Option<alias>` (once).
fn lift(ty: &mut Ty, nullable: &BTreeSet<TypeId>) {
    match ty {
        Ty::Option(inner) => match &mut **inner {
            Ty::Named(_) => {}
            other => lift(other, nullable),
        },
        Ty::Array(inner) | Ty::Map(inner) => lift(inner, nullable),
        Ty::Named(id) if nullable.contains(id) => *ty = Ty::Option(Box::new(Ty::Named(*id))),
        _ => {}
    }
}
