//! A form or multipart body's `encoding` entries, as the runtime's
//! `Encoding` values the generated request code passes along.

use crate::ir::{ArrayForm, BodyContent, FormStyle, PropertyEncoding};
use proc_macro2::TokenStream;
use quote::quote;

/// `&[runtime::Encoding::deep("metadata"), ..]` for the entries that change
/// anything; `None` when none does (the body is written with the defaults).
pub fn encodings(content: &BodyContent) -> Option<TokenStream> {
    let entries: Vec<TokenStream> = content
        .encoding
        .iter()
        .filter(|e| !is_default(e))
        .map(entry)
        .collect();
    (!entries.is_empty()).then(|| quote!(&[#(#entries),*]))
}

/// The runtime's spelling of an array form.
pub fn array_form(form: ArrayForm) -> TokenStream {
    match form {
        ArrayForm::Indexed => quote!(runtime::ArrayForm::Indexed),
        ArrayForm::Brackets => quote!(runtime::ArrayForm::Brackets),
    }
}

fn is_default(e: &PropertyEncoding) -> bool {
    // An explicit `style: form` is not: it writes a multipart property as
    // pairs.
    e.content_type.is_none()
        && e.style.is_none()
        && e.explode
        && !e.allow_reserved
        && e.headers.is_empty()
}

fn entry(e: &PropertyEncoding) -> TokenStream {
    let name = &e.property;
    let plain_deep = e.style == Some(FormStyle::DeepObject)
        && e.explode
        && e.content_type.is_none()
        && !e.allow_reserved
        && e.headers.is_empty();
    if plain_deep {
        return quote!(runtime::Encoding::deep(#name));
    }
    let mut tokens = quote!(runtime::Encoding::new(#name));
    if let Some(ct) = &e.content_type {
        tokens.extend(quote!(.content_type(#ct)));
    }
    if let Some(style) = e.style {
        let style = match style {
            FormStyle::Form => quote!(Form),
            FormStyle::SpaceDelimited => quote!(SpaceDelimited),
            FormStyle::PipeDelimited => quote!(PipeDelimited),
            FormStyle::DeepObject => quote!(DeepObject),
        };
        tokens.extend(quote!(.style(runtime::FormStyle::#style)));
    }
    if !e.explode {
        tokens.extend(quote!(.explode(false)));
    }
    if e.allow_reserved {
        tokens.extend(quote!(.allow_reserved(true)));
    }
    if !e.headers.is_empty() {
        let headers = e.headers.iter().map(|(n, v)| quote!((#n, #v)));
        tokens.extend(quote!(.headers(&[#(#headers),*])));
    }
    tokens
}
