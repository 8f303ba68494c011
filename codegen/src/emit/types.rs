//! Schemas → Rust types (`types.rs` of each API module).

use super::context::Context;
use super::docs::doc;
use super::{ident, ty_tokens, Piece};
use crate::ir::*;
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `types.rs` as a list of top-level pieces: the module's docs and
/// attributes, then one piece per type (its items, each behind the type's
/// `cfg`).
pub fn types_pieces<'a>(cx: &'a Context<'a>) -> Vec<Piece<'a>> {
    let head: Piece<'a> = Box::new(|| {
        quote! {
            //! Models of the API's schemas.
            #![allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::large_enum_variant)]
        }
    });
    let mut pieces = vec![head];
    pieces.extend(cx.api.types.iter().map(|(id, def)| {
        Box::new(move || {
            let gate = cx.type_gate(*id);
            type_def(cx, *id, def)
                .into_iter()
                .map(|item| quote! { #gate #item })
                .collect()
        }) as Piece<'a>
    }));
    pieces
}

fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

/// The serde traits of a type: `Serialize` when requests carry it,
/// `Deserialize` when responses do.
struct Serde {
    ser: bool,
    de: bool,
}

impl Serde {
    fn of(cx: &Context, id: TypeId) -> Self {
        Serde {
            ser: cx.reach.serializes(id),
            de: cx.reach.deserializes(id),
        }
    }

    /// The serde derive of a `oneOf` (only `Serialize`: every
    /// `Deserialize` is written out).
    fn derives(&self) -> TokenStream {
        if self.ser {
            quote!(serde::Serialize,)
        } else {
            TokenStream::new()
        }
    }
}

/// The items of one type: its definition, then its impls.
fn type_def(cx: &Context, id: TypeId, def: &TypeDef) -> Vec<TokenStream> {
    let name = ident(&def.rust_name);
    let docs = doc(&[def.description.as_deref()]);
    let dep = deprecated(def.deprecated);
    match &def.kind {
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(cx, ty, false);
            vec![quote! { #docs #dep pub type #name = #ty; }]
        }
        TypeKind::Enum(e) if e.variants.is_empty() => {
            vec![quote! { #docs #dep pub type #name = String; }]
        }
        TypeKind::Enum(e) => string_enum(&name, e, &Serde::of(cx, id), docs, dep),
        TypeKind::OneOf(o) => one_of(cx, id, &name, o, def.description.as_deref(), dep),
        TypeKind::Struct(s) => {
            let serde = Serde::of(cx, id);
            let all_optional = s.fields.iter().all(|f| !f.required || f.ty.is_option());
            let default = if all_optional {
                quote!(Default,)
            } else {
                TokenStream::new()
            };
            let mut fields: Vec<TokenStream> = s
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| field(cx, id, i, f))
                .collect();
            if let Some(extra) = &s.additional {
                let fname = ident(&additional_name(s));
                let ty = ty_tokens(cx, extra, false);
                fields.push(quote! {
                    /// Properties beyond the documented ones.
                    pub #fname: std::collections::BTreeMap<String, #ty>,
                });
            }
            // Serde's traits are written out below (`struct_serialize`,
            // `struct_deserialize`): far less code for the compiler than
            // serde's derives, for the same JSON.
            let mut items = vec![quote! {
                #docs
                #dep
                #[derive(Debug, Clone, PartialEq, #default)]
                pub struct #name {
                    #(#fields)*
                }
            }];
            if serde.ser {
                items.push(struct_serialize(&name, s));
            } else if serde.de {
                let ser = struct_serialize(&name, s);
                items.push(quote!(#[cfg(feature = "serialize")] #ser));
            }
            if serde.de {
                // Two impls: each its own item, so that each gets the type's `cfg`.
                items.extend(struct_deserialize(&name, &def.wire_name, s));
            }
            if cx.type_validates(id) {
                items.push(validate_impl(cx, &name, s));
            }
            items
        }
    }
}

/// The Rust name of a struct's additional properties: one no documented
/// field has.
pub(super) fn additional_name(s: &Struct) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

/// Whether a field may be absent from the JSON (and is then `None`); a
/// required but nullable field may be `null`, and is also read as optional.
fn is_optional(f: &Field) -> bool {
    !f.required || f.ty.is_option()
}

/// `Serialize` for a struct, through `runtime::ObjectWriter`: the calls
/// serde's derive would make, one line per field. An optional field that is
/// `None` is left out; a required one is always written (`null` if `None`).
fn struct_serialize(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let writes = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.required {
            quote!(object.field(#wire, &self.#fname);)
        } else {
            quote!(object.optional(#wire, &self.#fname);)
        }
    });
    let open = match &s.additional {
        Some(_) => quote!(crate::runtime::ObjectWriter::map(serializer)),
        None => {
            // serde counts the fields it will write: the required ones and
            // the optional ones that are `Some`.
            let required = s.fields.iter().filter(|f| f.required).count();
            let mut terms: Vec<TokenStream> = Vec::new();
            if required > 0 {
                let n = proc_macro2::Literal::usize_unsuffixed(required);
                terms.push(quote!(#n));
            }
            terms.extend(s.fields.iter().filter(|f| !f.required).map(|f| {
                let fname = ident(&f.rust_name);
                quote!(usize::from(self.#fname.is_some()))
            }));
            let len = if terms.is_empty() {
                quote!(0)
            } else {
                quote!(#(#terms)+*)
            };
            let rust_name = name.to_string();
            quote!(crate::runtime::ObjectWriter::new(serializer, #rust_name, #len))
        }
    };
    let rest = s.additional.as_ref().map(|_| {
        let fname = ident(&additional_name(s));
        quote!(object.rest(&self.#fname);)
    });
    // A struct with no fields writes an empty object (a `let mut` would be
    // an `unused_mut` warning there).
    let body = if s.fields.is_empty() && rest.is_none() {
        quote!(#open.end())
    } else {
        quote! {
            let mut object = #open;
            #(#writes)*
            #rest
            object.end()
        }
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `Deserialize` for a struct: the entries of the JSON object are read as
/// they come (`runtime::object`, `runtime::Fields`), each key matched
/// against the wire names and its value decoded into a typed slot; unknown
/// keys are skipped, or kept as additional properties. Far less code for
/// the compiler than serde's derive, which also accepts sequences, matches
/// field names through a field enum and visitor of its own, and more.
/// Fields are read without a `?` each (`Fields` keeps the first error and
/// then stops reading); a required field that is `None` at the end ends the
/// decoding with that error.
fn struct_deserialize(name: &proc_macro2::Ident, wire_name: &str, s: &Struct) -> [TokenStream; 2] {
    // The locals that hold the entries and the current key, named unlike
    // every field, as the fields are bound to locals of their own names.
    let unlike = |base: &str| {
        let mut local = base.to_owned();
        while s.fields.iter().any(|f| f.rust_name == local) || additional_name(s) == local {
            local.push('_');
        }
        ident(&local)
    };
    let object = unlike("object");
    let key = unlike("key");
    let mut names: Vec<proc_macro2::Ident> = Vec::new();
    let mut patterns: Vec<TokenStream> = Vec::new();
    let mut checks: Vec<TokenStream> = Vec::new();
    let mut taken: Vec<proc_macro2::Ident> = Vec::new();
    let mut arms: Vec<TokenStream> = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        if is_optional(f) {
            arms.push(quote!(#wire => #object.optional(#wire, &mut #fname),));
        } else {
            arms.push(quote!(#wire => #object.value(#wire, &mut #fname),));
            patterns.push(quote!(Some(#fname)));
            checks.push(quote!((#wire, #fname.is_some())));
            taken.push(fname.clone());
        }
        names.push(fname);
    }
    let slots = names.clone();
    let fallback = match &s.additional {
        Some(_) => {
            let fname = ident(&additional_name(s));
            names.push(fname.clone());
            quote!(#object.rest(#key, &mut #fname))
        }
        None => quote!(#object.skip()),
    };
    let rest_slot = s.additional.as_ref().map(|_| {
        let fname = ident(&additional_name(s));
        quote!(let mut #fname = std::collections::BTreeMap::new();)
    });
    let lets = match slots.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(let mut #one = None;),
        many => {
            let nones = many.iter().map(|_| quote!(None));
            quote!(let (#(mut #many),*) = (#(#nones),*);)
        }
    };
    let read = if arms.is_empty() && s.additional.is_none() {
        quote! {
            while #object.key().is_some() {
                #object.skip();
            }
        }
    } else if arms.is_empty() {
        quote! {
            while let Some(#key) = #object.key() {
                #fallback;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #object.key() {
                match #key.as_str() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }
    };
    let end = match (patterns.as_slice(), taken.as_slice()) {
        ([], _) => TokenStream::new(),
        ([pattern], [one]) => quote! {
            #object.require(&[#(#checks),*]);
            let #pattern = #one else {
                return Err(#object.error());
            };
        },
        _ => quote! {
            #object.require(&[#(#checks),*]);
            let (#(#patterns,)*) = (#(#taken,)*) else {
                return Err(#object.error());
            };
        },
    };
    let deserialize = quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::object(deserializer, #wire_name)
            }
        }
    };
    let decode = quote! {
        impl<'de> crate::runtime::DecodeObject<'de> for #name {
            fn decode<A: serde::de::MapAccess<'de>>(mut #object: crate::runtime::Fields<'de, A>) -> Result<Self, A::Error> {
                #lets
                #rest_slot
                #read
                #end
                #object.finish(Self { #(#names,)* })
            }
        }
    };
    [deserialize, decode]
}

fn field(cx: &Context, id: TypeId, index: usize, f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let wire = format!("JSON name: {}", super::docs::code(&f.wire_name));
    let docs = doc(&[f.description.as_deref(), Some(&wire)]);
    let dep = deprecated(f.deprecated);
    let inner = ty_tokens(cx, f.ty.strip_option(), false);
    let inner = if cx.is_boxed(id, index) {
        quote!(Box<#inner>)
    } else {
        inner
    };
    let ty = if is_optional(f) {
        quote!(Option<#inner>)
    } else {
        inner
    };
    quote! {
        #docs
        #dep
        pub #name: #ty,
    }
}

/// Enums with more values than this get `Clone` and `Debug` from the
/// runtime's macro (through `as_str`) rather than derived: a derive's match
/// over every variant costs the compiler about as much as the enum itself.
/// `Debug` of their variants then prints the wire value.
const LARGE_ENUM: usize = 512;

fn string_enum(
    name: &proc_macro2::Ident,
    e: &Enum,
    serde: &Serde,
    docs: TokenStream,
    dep: TokenStream,
) -> Vec<TokenStream> {
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let names: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    // The macro's `From<&str>` searches the values in byte order.
    let mut sorted: Vec<(&String, proc_macro2::Ident)> = e
        .variants
        .iter()
        .map(|v| (&v.wire_value, ident(&v.rust_name)))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let listed = sorted.iter().enumerate().map(|(i, (wire, name))| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i: #wire => #name)
    });
    let large = e.variants.len() > LARGE_ENUM;
    let variant_docs: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| doc(&[Some(&format!("JSON: {}", super::docs::code(&v.wire_value)))]))
        .collect();
    let mut traits = Vec::new();
    if serde.ser {
        traits.push(quote!(Serialize));
    }
    if serde.de {
        traits.push(quote!(Deserialize));
    }
    let traits = if traits.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#traits),*)])
    };
    let (derives, large_attr) = if large {
        (TokenStream::new(), quote!(@Large))
    } else {
        (quote!(#[derive(Debug, Clone)]), TokenStream::new())
    };
    // `as_str`, `From`, `Display`, comparisons, `ParamValue` and serde come
    // from one runtime macro: the same code for every enum, written once.
    // Serialize for an enum only responses carry, behind `serialize`.
    let serialize = (serde.de && !serde.ser).then(|| {
        quote! {
            #[cfg(feature = "serialize")]
            crate::runtime::string_enum!(@Serialize #name);
        }
    });
    let mut items = vec![
        quote! {
            #docs
            #dep
            #derives
            pub enum #name {
                #(#variant_docs #names,)*
                /// A value this client does not know (the API may have added it).
                #unknown(String),
            }
        },
        quote! {
            crate::runtime::string_enum!(#traits #large_attr #name { #(#listed),* });
        },
    ];
    items.extend(serialize);
    items
}

fn one_of(
    cx: &Context,
    id: TypeId,
    name: &proc_macro2::Ident,
    o: &OneOf,
    description: Option<&str>,
    dep: TokenStream,
) -> Vec<TokenStream> {
    let serde = Serde::of(cx, id);
    let unknown = format_ident!("{}", UNKNOWN_VARIANT);
    let variant_ty = |i: usize, v: &OneOfVariant| {
        let ty = ty_tokens(cx, v.ty.strip_option(), false);
        if cx.is_boxed(id, i) {
            quote!(Box<#ty>)
        } else {
            ty
        }
    };
    let variants = o.variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.rust_name);
        let ty = variant_ty(i, v);
        quote! { #vname(#ty), }
    });
    // `Deserialize` is written out below, with a discriminator or without
    // (`runtime::FirstOf`: less code for the compiler than serde's
    // `untagged` derive, same choice of alternative).
    let derives = serde.derives();
    let untagged = if !derives.is_empty() {
        quote!(#[serde(untagged)])
    } else if serde.de {
        // `Serialize` for a `oneOf` only responses carry, behind `serialize`.
        quote!(#[cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged))])
    } else {
        TokenStream::new()
    };
    let tagged = o.discriminator.as_ref().filter(|_| serde.de).map(|property| {
        let arms = o.variants.iter().enumerate().filter(|(_, v)| !v.tags.is_empty()).map(|(i, v)| {
            let vname = ident(&v.rust_name);
            let tags = &v.tags;
            let wrap = if cx.is_boxed(id, i) { quote!(|v| Self::#vname(Box::new(v))) } else { quote!(Self::#vname) };
            quote! {
                #(Some(#tags))|* => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
            }
        });
        // 3.2 `defaultMapping`: an unmapped or absent tag decodes as the
        // default variant when it can; anything else is kept whole.
        let fallback = match o.default.and_then(|i| Some((i, o.variants.get(i)?))) {
            Some((i, v)) => {
                let vname = ident(&v.rust_name);
                let wrap = if cx.is_boxed(id, i) { quote!(Self::#vname(Box::new(v))) } else { quote!(Self::#vname(v)) };
                quote! {
                    _ => match serde_json::from_value(value.clone()) {
                        Ok(v) => Ok(#wrap),
                        Err(_) => Ok(Self::#unknown(value)),
                    },
                }
            }
            None => quote!(_ => Ok(Self::#unknown(value)),),
        };
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        }
    });
    let first_of = (o.discriminator.is_none() && serde.de).then(|| {
        let alternatives = o.variants.iter().enumerate().map(|(i, v)| {
            let vname = ident(&v.rust_name);
            if cx.is_boxed(id, i) {
                quote!(.or(|v| Self::#vname(Box::new(v))))
            } else {
                quote!(.or(Self::#vname))
            }
        });
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Ok(crate::runtime::FirstOf::new(deserializer)?
                        #(#alternatives)*
                        .or_else(Self::#unknown))
                }
            }
        }
    });
    let validate = cx.type_validates(id).then(|| {
        let arms = o
            .variants
            .iter()
            .filter(|v| cx.ty_validates(&v.ty))
            .map(|v| {
                let vname = ident(&v.rust_name);
                let body = checks(cx, v.ty.strip_option(), &Constraints::default(), &At::root(), 0);
                quote! { Self::#vname(value) => { #body } }
            });
        quote! {
            impl crate::runtime::Validate for #name {
                #[allow(clippy::single_match)]
                fn validate_at(&self, path: &crate::runtime::Path<'_>) -> Result<(), crate::runtime::InvalidRequest> {
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                    Ok(())
                }
            }
        }
    });
    let default = o.default.and_then(|i| o.variants.get(i));
    let by = match (&o.discriminator, default) {
        (Some(p), Some(v)) => format!(
            "Decoded by the `{p}` property; a value with another tag, or none, is `{}` if it decodes as one, else kept whole.",
            v.rust_name
        ),
        (Some(p), None) => {
            format!("Decoded by the `{p}` property; a value with another tag is kept whole.")
        }
        (None, _) => {
            "The first alternative that decodes wins; a value none accepts is kept whole."
                .to_owned()
        }
    };
    let docs = doc(&[description, Some(&by)]);
    let mut items = vec![quote! {
        #docs
        #dep
        #[derive(Debug, Clone, PartialEq, #derives)]
        #untagged
        pub enum #name {
            #(#variants)*
            /// A value none of the documented alternatives matches.
            #unknown(serde_json::Value),
        }
    }];
    items.extend(tagged);
    items.extend(first_of);
    items.extend(validate);
    items
}

fn validate_impl(cx: &Context, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let fname = ident(&f.rust_name);
            let at = At::root().field(&f.wire_name);
            if f.required {
                let body = checks(cx, &f.ty, &f.constraints, &at, 0);
                if body.is_empty() {
                    return body;
                }
                quote! {
                    {
                        let value = &self.#fname;
                        #body
                    }
                }
            } else {
                let body = checks(cx, f.ty.strip_option(), &f.constraints, &at, 0);
                if body.is_empty() {
                    return body;
                }
                quote! {
                    if let Some(value) = &self.#fname {
                        #body
                    }
                }
            }
        })
        .chain(required_sets(s))
        .collect();
    // `context::needs_check` and `checks` agree, so some field checks
    // something; should they ever disagree, the impl still compiles cleanly.
    let path = if checks.iter().all(TokenStream::is_empty) {
        quote!(_path)
    } else {
        quote!(path)
    };
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate_at(&self, #path: &crate::runtime::Path<'_>) -> Result<(), crate::runtime::InvalidRequest> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// The check that one (`oneOf`: exactly one) alternative of
/// `required_sets` holds.
fn required_sets(s: &Struct) -> Option<TokenStream> {
    let sets = s.required_sets.as_ref()?;
    let present = |wire: &str| -> Option<TokenStream> {
        let f = s.fields.iter().find(|f| f.wire_name == wire)?;
        let name = ident(&f.rust_name);
        // A required field is always there.
        (!f.required).then(|| quote!(self.#name.is_some()))
    };
    let holds = sets.sets.iter().map(|set| {
        if set.empty {
            if s.fields.iter().any(|f| f.required) {
                return quote!(false);
            }
            let absent: Vec<TokenStream> = s
                .fields
                .iter()
                .map(|f| {
                    let name = ident(&f.rust_name);
                    quote!(self.#name.is_none())
                })
                .collect();
            return if absent.is_empty() {
                quote!(true)
            } else {
                quote!(#(#absent)&&*)
            };
        }
        let conds: Vec<TokenStream> = set.required.iter().filter_map(|r| present(r)).collect();
        if conds.is_empty() {
            quote!(true)
        } else {
            quote!(#(#conds)&&*)
        }
    });
    let described = sets
        .sets
        .iter()
        .map(|set| {
            if set.empty {
                "no property".to_owned()
            } else {
                set.required
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let (test, message) = if sets.exactly_one {
        (
            quote!(held != 1),
            format!("must have exactly one of: {described} (oneOf)"),
        )
    } else {
        (
            quote!(held == 0),
            format!("must have at least one of: {described} (anyOf)"),
        )
    };
    Some(quote! {
        let held = [#(#holds),*].into_iter().filter(|h| *h).count();
        if #test {
            return Err(crate::runtime::InvalidRequest::new(path.to_string(), #message));
        }
    })
}

/// An expression for the `runtime::Path` of the value being checked: the
/// `path` argument itself, or steps down from it (built only where used).
struct At(Option<TokenStream>);

impl At {
    fn root() -> Self {
        At(None)
    }

    fn value(&self) -> TokenStream {
        match &self.0 {
            Some(steps) => steps.clone(),
            None => quote!(path),
        }
    }

    /// A `&Path` argument.
    fn arg(&self) -> TokenStream {
        match &self.0 {
            Some(steps) => quote!(&#steps),
            None => quote!(path),
        }
    }

    fn field(&self, wire: &str) -> Self {
        let base = self.value();
        At(Some(quote!(#base.field(#wire))))
    }

    fn step(&self, method: TokenStream, var: &proc_macro2::Ident) -> Self {
        let base = self.value();
        At(Some(quote!(#base.#method(#var))))
    }
}

/// Checks of `value` (a reference to a `ty`) at `at`; `depth` numbers the
/// loop variables of nested arrays and maps.
fn checks(cx: &Context, ty: &Ty, c: &Constraints, at: &At, depth: usize) -> TokenStream {
    let opt = |v: Option<usize>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let optf = |v: Option<f64>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let path = at.arg();
    match ty {
        Ty::Option(inner) => {
            let body = checks(cx, inner, c, at, depth);
            if body.is_empty() {
                return body;
            }
            quote! { if let Some(value) = value { #body } }
        }
        Ty::String if c.min_length.is_some() || c.max_length.is_some() => {
            let (min, max) = (opt(c.min_length), opt(c.max_length));
            quote! { crate::runtime::check_length(value, #min, #max, #path)?; }
        }
        Ty::Int(_) | Ty::Float(_) if c.minimum.is_some() || c.maximum.is_some() => {
            let (min, max) = (optf(c.minimum), optf(c.maximum));
            let value = match ty {
                Ty::Float(FloatKind::F64) => quote!(*value),
                _ => quote!(*value as f64),
            };
            quote! { crate::runtime::check_range(#value, #min, #max, #path)?; }
        }
        Ty::Array(item) => {
            let mut out = TokenStream::new();
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (opt(c.min_items), opt(c.max_items));
                out.extend(quote! { crate::runtime::check_items(value, #min, #max, #path)?; });
            }
            let item_constraints = c.items.as_deref().cloned().unwrap_or_default();
            let i = format_ident!("i{}", depth);
            let per_item = checks(
                cx,
                item,
                &item_constraints,
                &at.step(quote!(index), &i),
                depth + 1,
            );
            if !per_item.is_empty() {
                out.extend(quote! {
                    for (#i, value) in value.iter().enumerate() {
                        #per_item
                    }
                });
            }
            out
        }
        Ty::Map(inner) if cx.ty_validates(ty) => {
            let k = format_ident!("k{}", depth);
            let per_value = checks(
                cx,
                inner,
                &Constraints::default(),
                &at.step(quote!(key), &k),
                depth + 1,
            );
            quote! {
                for (#k, value) in value {
                    #per_value
                }
            }
        }
        Ty::Named(_) if cx.ty_validates(ty) => {
            quote! { crate::runtime::Validate::validate_at(value, #path)?; }
        }
        _ => TokenStream::new(),
    }
}
