//! Example values for the docs' example calls: Rust expressions of a type,
//! built from the spec's example where it gives one and fits the type, else
//! from a placeholder of the type (`""`, `0`, the first enum variant).
//!
//! An example is generated code, not spec prose: the spec's strings only
//! reach it as Rust string literals, so it needs no sanitizing, and it is
//! compiled by a test (the newcomer check in `xtask/src/readme.rs`).

use super::context::Context;
use super::ident;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// How deep struct literals nest before a value is left to the caller.
const MAX_DEPTH: usize = 3;
/// Spec strings longer than this are replaced by a placeholder.
const MAX_STRING: usize = 60;
/// How many fields a struct literal may list (optional ones included).
const MAX_FIELDS: usize = 12;

/// Where a value goes: a method argument (strings are `impl Into<String>`)
/// or a place of exactly its type (a field, a variant).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Argument,
    Exact,
}

/// An expression of type `ty` (as `ty_tokens(.., true)` spells it), or
/// `None` when the example would be too big to read: then the value is a
/// parameter of the example function.
/// `name` (a parameter's or field's Rust name) is the placeholder of a
/// string the spec gives no example for.
pub fn value(
    cx: &Context,
    ty: &Ty,
    example: Option<&Value>,
    place: Place,
    name: &str,
) -> Option<TokenStream> {
    expr(cx, ty, example, place, 0, name)
}

fn expr(
    cx: &Context,
    ty: &Ty,
    ex: Option<&Value>,
    place: Place,
    depth: usize,
    name: &str,
) -> Option<TokenStream> {
    let ex = ex.filter(|v| !v.is_null());
    Some(match ty {
        Ty::String => {
            let placeholder = name.trim_matches('_').replace('_', "-");
            let text = ex
                .and_then(Value::as_str)
                .filter(|s| fits(s))
                .unwrap_or(&placeholder);
            let lit = Literal::string(text);
            match place {
                Place::Argument => quote!(#lit),
                Place::Exact => quote!(#lit.to_owned()),
            }
        }
        Ty::Bool => match ex.and_then(Value::as_bool) {
            Some(true) => quote!(true),
            _ => quote!(false),
        },
        Ty::Int(kind) => {
            let signed = matches!(
                kind,
                IntKind::I8 | IntKind::I16 | IntKind::I32 | IntKind::I64
            );
            let n = ex
                .and_then(Value::as_i64)
                .filter(|n| (signed || *n >= 0) && n.unsigned_abs() < 100);
            match n {
                Some(n) if n < 0 => {
                    let lit = Literal::i64_unsuffixed(-n);
                    quote!(-#lit)
                }
                Some(n) => {
                    let lit = Literal::i64_unsuffixed(n);
                    quote!(#lit)
                }
                None => quote!(0),
            }
        }
        Ty::Float(_) => {
            let n = ex
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite() && n.abs() < 1e6)
                .unwrap_or(0.0);
            let lit = Literal::f64_unsuffixed(n);
            if n < 0.0 {
                let lit = Literal::f64_unsuffixed(-n);
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        }
        Ty::Uuid => parsed(ex, "00000000-0000-0000-0000-000000000000"),
        Ty::DateTime => parsed(ex, "2025-01-01T00:00:00Z"),
        Ty::Date => parsed(ex, "2025-01-01"),
        Ty::Bytes => quote!(Vec::new()),
        Ty::Json => quote!(Default::default()),
        Ty::Array(item) => match ex {
            Some(Value::Array(list)) if !list.is_empty() => {
                let first = expr(cx, item, list.first(), Place::Exact, depth, name)?;
                quote!(vec![#first])
            }
            _ => quote!(Vec::new()),
        },
        Ty::Map(_) => quote!(Default::default()),
        Ty::Option(inner) => match ex {
            Some(_) => {
                let inner = expr(cx, inner, ex, Place::Exact, depth, name)?;
                quote!(Some(#inner))
            }
            None => quote!(None),
        },
        Ty::Named(id) => named(cx, *id, ex, depth, name)?,
    })
}

/// A string the spec gives, if it reads well in one line of code.
fn fits(s: &str) -> bool {
    s.chars().count() <= MAX_STRING
        && !s
            .chars()
            .any(|c| c.is_control() || !(c.is_ascii() || c.is_alphanumeric()))
}

/// `"<example>".parse()?`, for the types that parse from text.
fn parsed(ex: Option<&Value>, placeholder: &str) -> TokenStream {
    let text = ex
        .and_then(Value::as_str)
        .filter(|s| fits(s) && !s.is_empty())
        .unwrap_or(placeholder);
    let lit = Literal::string(text);
    quote!(#lit.parse()?)
}

fn named(
    cx: &Context,
    id: TypeId,
    ex: Option<&Value>,
    depth: usize,
    name_hint: &str,
) -> Option<TokenStream> {
    let def = cx.api.types.get(&id)?;
    let name = ident(&def.rust_name);
    match &def.kind {
        TypeKind::Alias(inner) => expr(cx, inner, ex, Place::Exact, depth, name_hint),
        TypeKind::Enum(e) => {
            let Some(first) = e.variants.first() else {
                return expr(cx, &Ty::String, ex, Place::Exact, depth, name_hint);
            };
            let chosen = ex
                .and_then(Value::as_str)
                .and_then(|s| e.variants.iter().find(|v| v.wire_value == s))
                .unwrap_or(first);
            let v = ident(&chosen.rust_name);
            Some(quote!(types::#name::#v))
        }
        TypeKind::OneOf(o) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            o.variants.iter().enumerate().find_map(|(i, v)| {
                let inner = expr(
                    cx,
                    v.ty.strip_option(),
                    ex,
                    Place::Exact,
                    depth + 1,
                    name_hint,
                )?;
                let inner = if cx.is_boxed(id, i) {
                    quote!(Box::new(#inner))
                } else {
                    inner
                };
                let vname = ident(&v.rust_name);
                Some(quote!(types::#name::#vname(#inner)))
            })
        }
        TypeKind::Struct(s) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            let object = ex.and_then(Value::as_object);
            let all_optional = s.fields.iter().all(|f| !f.required || f.ty.is_option());
            let mut fields = Vec::new();
            for (i, f) in s.fields.iter().enumerate() {
                let given = object
                    .and_then(|o| o.get(&f.wire_name))
                    .or(f.example.as_ref());
                let optional = !f.required || f.ty.is_option();
                // Optional fields the example leaves out are `None` (or left to
                // `Default`); those it gives are shown.
                let shown = object
                    .and_then(|o| o.get(&f.wire_name))
                    .filter(|v| !v.is_null());
                let fname = ident(&f.rust_name);
                let value = if optional {
                    match shown {
                        Some(v) => {
                            let inner = expr(
                                cx,
                                f.ty.strip_option(),
                                Some(v),
                                Place::Exact,
                                depth + 1,
                                &f.rust_name,
                            )?;
                            let inner = if cx.is_boxed(id, i) {
                                quote!(Box::new(#inner))
                            } else {
                                inner
                            };
                            quote!(Some(#inner))
                        }
                        None if all_optional => continue,
                        None => quote!(None),
                    }
                } else {
                    let inner = expr(
                        cx,
                        f.ty.strip_option(),
                        given,
                        Place::Exact,
                        depth + 1,
                        &f.rust_name,
                    )?;
                    if cx.is_boxed(id, i) {
                        quote!(Box::new(#inner))
                    } else {
                        inner
                    }
                };
                fields.push(quote!(#fname: #value));
            }
            if fields.len() > MAX_FIELDS {
                return None;
            }
            let rest = if all_optional {
                quote!(..Default::default())
            } else if s.additional.is_some() {
                let extra = ident(&super::types::additional_name(s));
                quote!(#extra: Default::default())
            } else {
                TokenStream::new()
            };
            let sep = if fields.is_empty() || rest.is_empty() {
                TokenStream::new()
            } else {
                quote!(,)
            };
            Some(quote!(types::#name { #(#fields),* #sep #rest }))
        }
    }
}
