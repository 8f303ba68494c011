//! Which types have constraints to check before a request is sent:
//! directly or through the types they hold (a fixed point over the IR).

use crate::ir::*;
use std::collections::BTreeSet;

/// Types among `checkable` with constraints, directly or through fields
/// (fixed point). Responses are not checked.
pub fn validated_types(api: &Api, checkable: &BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut validated = BTreeSet::new();
    loop {
        let before = validated.len();
        for (id, def) in &api.types {
            if validated.contains(id) || !checkable.contains(id) {
                continue;
            }
            let yes = match &def.kind {
                TypeKind::Struct(s) => {
                    s.required_sets.is_some()
                        || s.fields
                            .iter()
                            .any(|f| needs_check(&f.ty, &f.constraints, &validated))
                }
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
    ty.named().is_some_and(|id| set.contains(&id))
}
