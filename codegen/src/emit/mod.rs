//! Emission: IR → token streams, one per output file. No formatting and no
//! I/O here.

mod api;
mod context;
pub mod docs;
mod encoding;
mod example;
mod html;
pub mod krate;
pub mod op_docs;
mod paginate;
mod types;

use crate::ir::*;
pub(crate) use crate::naming::OpItem;
pub use context::Context;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// One top-level piece of an output file (module docs and attributes, an
/// item, or a few items), emitted when called. Files are lists of pieces so
/// that `format` can emit and format them on several threads (token streams
/// cannot cross threads); a file is its pieces' tokens in order.
pub type Piece<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// `mod.rs` of an API module, as pieces.
pub fn api_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    api::api_pieces(cx)
}

/// `operations.rs` of an API module, as pieces.
pub fn operations_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    api::operations_pieces(cx)
}

/// `types.rs` of an API module, as pieces.
pub fn types_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    types::types_pieces(cx)
}

/// `mod.rs` of an API module.
pub fn api_module(api: &Api) -> TokenStream {
    api_pieces(&Context::new(api)).iter().map(|p| p()).collect()
}

/// `operations.rs` of an API module.
pub fn operations_module(api: &Api) -> TokenStream {
    operations_pieces(&Context::new(api))
        .iter()
        .map(|p| p())
        .collect()
}

/// `types.rs` of an API module.
pub fn types_module(api: &Api) -> TokenStream {
    types_pieces(&Context::new(api))
        .iter()
        .map(|p| p())
        .collect()
}

/// An identifier `naming` has already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The name of one of an operation's items (`…Error`, `…Params`, ...).
pub(crate) fn op_ident(op: &Operation, item: OpItem) -> Ident {
    ident(&item.of(&op.type_name))
}

/// The Rust type of `ty`; `outside` when used outside the `types` module.
pub(crate) fn ty_tokens(cx: &Context, ty: &Ty, outside: bool) -> TokenStream {
    match ty {
        Ty::Named(id) => {
            let name = ident(cx.type_name(*id));
            if outside {
                quote!(types::#name)
            } else {
                quote!(#name)
            }
        }
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::Int(k) => match k {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        Ty::Float(FloatKind::F32) => quote!(f32),
        Ty::Float(FloatKind::F64) => quote!(f64),
        Ty::Uuid => quote!(uuid::Uuid),
        Ty::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Ty::Date => quote!(chrono::NaiveDate),
        Ty::Bytes => quote!(Vec<u8>),
        Ty::Json => quote!(serde_json::Value),
        Ty::Array(item) => {
            let item = ty_tokens(cx, item, outside);
            quote!(Vec<#item>)
        }
        Ty::Map(value) => {
            let value = ty_tokens(cx, value, outside);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(cx, inner, outside);
            quote!(Option<#inner>)
        }
    }
}

/// Whether the runtime's `ParamValue` is implemented for the type (scalars,
/// string enums, and aliases of those).
pub(crate) fn is_param_value(cx: &Context, ty: &Ty) -> bool {
    match ty {
        Ty::String
        | Ty::Bool
        | Ty::Int(_)
        | Ty::Float(_)
        | Ty::Uuid
        | Ty::DateTime
        | Ty::Date
        | Ty::Json => true,
        Ty::Named(id) => match cx.api.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => is_param_value(cx, inner),
            _ => false,
        },
        Ty::Bytes | Ty::Array(_) | Ty::Map(_) | Ty::Option(_) => false,
    }
}
