//! `pages` and `items` on the builder of each operation that pages (the
//! analysis in `crate::analyze::paginate` decided which and how).

use super::context::Context;
use super::docs::doc;
use super::{ident, op_ident, ty_tokens, OpItem};
use crate::analyze::paginate::success_body;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The paging methods of `op`'s builder; nothing when it does not page.
pub fn methods(cx: &Context, op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let Some(body) = success_body(op) else {
        return TokenStream::new();
    };
    let Some(access) = items_access(cx, body, &p.items) else {
        return TokenStream::new();
    };
    let name = ident(&op.type_name);
    let params = op_ident(op, OpItem::Params);
    let item = ty_tokens(cx, &p.item, true);
    let paging = paging(p);
    let how = crate::analyze::paginate::describe(p);
    let pages_doc = format!(
        "The pages of this list, from the parameters set on this request on, each a `ResponseValue` with its status and headers: {how}. Every page is sent like `send` (retries, timeouts, auth, hooks, body limit); an error ends the stream as its last item. Bound it with `max_pages` or `max_items`."
    );
    let items_doc = format!(
        "The items of [`{name}::pages`], one page held at a time; an error ends the stream as its last item."
    );
    let (pages_doc, items_doc) = (doc(&[Some(&pages_doc)]), doc(&[Some(&items_doc)]));
    let gate = cx.op_gate(op);
    quote! {
        #gate
        impl #name {
            #pages_doc
            pub fn pages(self) -> runtime::Pages<#params, #item> {
                static PAGING: runtime::Paging = #paging;
                self.paginate(&PAGING, |body| #access)
            }

            #items_doc
            pub fn items(self) -> runtime::Items<#params, #item> {
                self.pages().items()
            }
        }
    }
}

/// An expression taking the items out of `body` (the decoded success) along
/// the field path `path`: `body.data.unwrap_or_default()`.
fn items_access(cx: &Context, body: &Ty, path: &[String]) -> Option<TokenStream> {
    let mut expr = quote!(body);
    // Whether `expr` is an `Option` of the value so far.
    let mut optional = false;
    let mut ty = body;
    ty = unwrap_aliases(cx, ty, &mut expr, &mut optional);
    for name in path {
        let Ty::Named(id) = ty else { return None };
        let Some(TypeKind::Struct(s)) = cx.api.types.get(id).map(|d| &d.kind) else {
            return None;
        };
        let (index, field) = s
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| &f.wire_name == name)?;
        let f = ident(&field.rust_name);
        let field_optional = !field.required || field.ty.is_option();
        expr = match (optional, field_optional) {
            (false, _) => quote!(#expr.#f),
            (true, true) => quote!(#expr.and_then(|v| v.#f)),
            (true, false) => quote!(#expr.map(|v| v.#f)),
        };
        optional |= field_optional;
        if cx.is_boxed(*id, index) {
            expr = if optional {
                quote!(#expr.map(|b| *b))
            } else {
                quote!((*#expr))
            };
        }
        ty = unwrap_aliases(cx, field.ty.strip_option(), &mut expr, &mut optional);
    }
    if !matches!(ty, Ty::Array(_)) {
        return None;
    }
    Some(if optional {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    })
}

/// `ty` behind aliases; each `Option` on the way makes `expr` optional
/// (nested ones flattened).
fn unwrap_aliases<'a>(
    cx: &'a Context,
    mut ty: &'a Ty,
    expr: &mut TokenStream,
    optional: &mut bool,
) -> &'a Ty {
    for _ in 0..32 {
        match ty {
            Ty::Option(inner) => {
                if *optional {
                    *expr = quote!(#expr.flatten());
                }
                *optional = true;
                ty = inner;
            }
            Ty::Named(id) => match cx.api.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// A field path as a JSON pointer.
fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", crate::diag::escape_token(s)))
        .collect()
}

fn paging(p: &Pagination) -> TokenStream {
    let items = pointer(&p.items);
    let opt = |path: &Option<Vec<String>>| match path {
        Some(path) => {
            let text = pointer(path);
            quote!(Some(#text))
        }
        None => quote!(None),
    };
    let some = |s: &Option<String>| match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let next = match &p.style {
        PageStyle::Cursor { from, param } => {
            let from = pointer(from);
            quote!(runtime::NextPage::Cursor { from: #from, param: #param })
        }
        PageStyle::LastItem { field, param } => {
            let field = pointer(std::slice::from_ref(field));
            quote!(runtime::NextPage::LastItem { field: #field, param: #param })
        }
        PageStyle::BodyUrl { from } => {
            let from = pointer(from);
            quote!(runtime::NextPage::BodyUrl { from: #from })
        }
        PageStyle::LinkHeader => quote!(runtime::NextPage::LinkHeader),
        PageStyle::HeaderUrl { name } => quote!(runtime::NextPage::HeaderUrl { name: #name }),
        PageStyle::Offset { param, limit } => {
            let limit = some(limit);
            quote!(runtime::NextPage::Offset { param: #param, limit: #limit })
        }
        PageStyle::Page { param, size, first } => {
            let size = some(size);
            quote!(runtime::NextPage::Page { param: #param, size: #size, first: #first })
        }
    };
    let (has_more, total) = (opt(&p.has_more), opt(&p.total));
    quote! {
        runtime::Paging { items: #items, next: #next, has_more: #has_more, total: #total }
    }
}
