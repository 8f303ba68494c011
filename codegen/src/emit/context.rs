//! Questions the emitter asks about the IR as a whole, answered once (by
//! [`crate::analyze`], and here for the checks the emitter writes): which
//! fields must be boxed to break recursion, which types carry constraints
//! that must be checked before sending, which features turn an item on.

use crate::analyze::cycles::boxed_fields;
use crate::analyze::reach::{op_groups, Group, Reach};
use crate::analyze::validate::validated_types;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub struct Context<'a> {
    pub api: &'a Api,
    /// (struct, field index) pairs stored as `Box<T>`.
    boxed: BTreeSet<(TypeId, usize)>,
    validated: BTreeSet<TypeId>,
    pub reach: Reach,
    /// The generated crate's name, for the docs' example calls.
    pub crate_name: String,
}

impl<'a> Context<'a> {
    pub fn new(api: &'a Api) -> Self {
        let reach = Reach::new(api);
        Context {
            api,
            boxed: boxed_fields(api),
            validated: validated_types(api, &reach.checkable()),
            reach,
            crate_name: "client".to_owned(),
        }
    }

    /// The same context for a crate named `name` (a package name).
    pub fn in_crate(mut self, name: &str) -> Self {
        self.crate_name = name.to_owned();
        self
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
        ty.named().is_some_and(|id| self.validated.contains(&id))
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
                Ty::Option(_) | Ty::Array(_) | Ty::Map(_) => {
                    return ty.map_leaf(|leaf| self.unalias(leaf))
                }
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
