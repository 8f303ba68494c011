//! Sample values of the conformance calls: a seeded generator and the
//! sampler that writes a Rust expression of each type from the spec's
//! examples, defaults, enums, formats, patterns and bounds.

use super::*;

/// splitmix64, seeded by (seed, operation, call): the same program from
/// the same seed, and one operation's values independent of the others'.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64, op: u64, call: u64) -> Self {
        let mut r = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
        r.0 ^= r
            .next()
            .wrapping_add(op.wrapping_mul(0xbf58_476d_1ce4_e5b9));
        r.0 ^= r
            .next()
            .wrapping_add(call.wrapping_mul(0x94d0_49bb_1331_11eb));
        r
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub(super) struct Sampler<'a, 'r> {
    pub(super) cx: &'a Context<'a>,
    pub(super) hints: &'a Hints,
    pub(super) rng: &'r mut Rng,
    /// The call's index: the first call of an operation uses the spec's
    /// examples where it has them, the others vary.
    pub(super) call: usize,
    /// `Some(false)`: this call is the negative control, and no value
    /// outside an enum has been placed yet; `Some(true)`: one has.
    pub(super) control: Option<bool>,
    /// The next struct is an alternative of a `oneOf`/`anyOf`: all its
    /// fields are set, so that it tells itself apart from the others
    /// (GitHub's labels body: `{}` fits two of its object alternatives).
    pub(super) fill: bool,
}

/// What a sampled value is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A method argument: strings are `impl Into<String>`.
    Argument,
    /// A place of exactly the type.
    Exact,
}

impl Sampler<'_, '_> {
    /// `client.method(args)` with setters.
    pub(super) fn call(&mut self, oi: usize, op: &Operation) -> Result<TokenStream, String> {
        let method = ident(&op.method_name);
        let mut args = Vec::new();
        let mut seen = Vec::new();
        for part in &op.path_parts {
            if let PathPart::Param { index, .. } = part {
                if seen.contains(index) {
                    continue;
                }
                seen.push(*index);
                if let Some(p) = op.params.get(*index) {
                    args.push(self.param(oi, *index, p)?);
                }
            }
        }
        for (pi, p) in op.params.iter().enumerate() {
            if p.required && p.location != ParamLocation::Path {
                args.push(self.param(oi, pi, p)?);
            }
        }
        let mut setters = Vec::new();
        if let Some(body) = &op.body {
            let send = body.required || self.rng.chance(70);
            if send && !body.contents.is_empty() {
                let which = self.call % body.contents.len();
                let content = &body.contents[which];
                let value = self.body(content, body.contents.len() > 1, op)?;
                if body.required {
                    args.push(value);
                } else {
                    setters.push(quote!(.body(#value)));
                }
            } else if body.required {
                return Err("a required body without a content".to_owned());
            }
        }
        for (pi, p) in op.params.iter().enumerate() {
            if p.required || !self.optional_param(p) {
                continue;
            }
            // The negative control puts its value first where it can.
            let control_here = self.control == Some(false) && self.enum_param(p);
            if !control_here && !self.rng.chance(50) {
                continue;
            }
            let name = ident(&p.rust_name);
            let value = self.param(oi, pi, p)?;
            setters.push(quote!(.#name(#value)));
        }
        Ok(quote!(client.#method(#(#args),*) #(#setters)*))
    }

    /// Optional parameters the client sets itself, or that decide what the
    /// response is (`Accept`), are left alone.
    pub(super) fn optional_param(&self, p: &Param) -> bool {
        !(p.location == ParamLocation::Header
            && (p.wire_name.eq_ignore_ascii_case("accept")
                || p.wire_name.eq_ignore_ascii_case("content-type")))
    }

    pub(super) fn enum_param(&self, p: &Param) -> bool {
        p.location == ParamLocation::Query && self.is_enum(p.ty.strip_option())
    }

    pub(super) fn is_enum(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => match self.cx.api.types.get(id).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => !e.variants.is_empty() && self.closed(*id),
                Some(TypeKind::Alias(inner)) => self.is_enum(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// An enum whose own schema lists its values: a value outside them is
    /// invalid (an `anyOf` of a string and an enum takes any string).
    pub(super) fn closed(&self, id: TypeId) -> bool {
        self.hints
            .types
            .get(&id)
            .is_some_and(|s| s.get("enum").is_some())
    }

    pub(super) fn param(&mut self, oi: usize, pi: usize, p: &Param) -> Result<TokenStream, String> {
        let hint = self.hints.params.get(&(oi, pi));
        let ty = p.ty.strip_option();
        let place = if *ty == Ty::String {
            Place::Argument
        } else {
            Place::Exact
        };
        let example = p.example.clone().or_else(|| hint.and_then(example_of));
        self.value(ty, hint, None, example.as_ref(), place, 0, &p.wire_name)
    }

    pub(super) fn body(
        &mut self,
        content: &BodyContent,
        several: bool,
        op: &Operation,
    ) -> Result<TokenStream, String> {
        let ty = content.ty.strip_option();
        let value = if content.kind == BodyKind::Bytes && !several && matches!(ty, Ty::Bytes) {
            quote!(b"conformance bytes".to_vec())
        } else {
            self.value(
                ty,
                None,
                None,
                content.example.as_ref(),
                Place::Exact,
                0,
                "body",
            )?
        };
        if several {
            let body = op
                .body
                .as_ref()
                .map(|b| b.enum_name.as_str())
                .unwrap_or_default();
            let name = ident(body);
            let variant = ident(&content.variant);
            Ok(quote!(api::#name::#variant(#value)))
        } else {
            Ok(value)
        }
    }

    /// The example to use, if any: always on the first call, in half of
    /// the others.
    pub(super) fn use_example<'v>(&mut self, example: Option<&'v Value>) -> Option<&'v Value> {
        let example = example.filter(|v| !v.is_null())?;
        (self.call == 0 || self.rng.chance(50)).then_some(example)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn value(
        &mut self,
        ty: &Ty,
        schema: Option<&Value>,
        c: Option<&Constraints>,
        example: Option<&Value>,
        place: Place,
        depth: usize,
        name: &str,
    ) -> Result<TokenStream, String> {
        if depth > MAX_DEPTH {
            return Err(format!("`{name}` nests deeper than {MAX_DEPTH} levels"));
        }
        let own = match example {
            Some(v) => Some(v.clone()),
            None => schema.and_then(example_of),
        };
        let example = self.use_example(own.as_ref()).cloned();
        let example = example.as_ref();
        Ok(match ty {
            Ty::String => {
                let text = self.string(schema, c, example, name);
                let lit = Literal::string(&text);
                match place {
                    Place::Argument => quote!(#lit),
                    Place::Exact => quote!(#lit.to_owned()),
                }
            }
            Ty::Bool => match example.and_then(Value::as_bool) {
                Some(b) => quote!(#b),
                None => {
                    let b = self.rng.chance(50);
                    quote!(#b)
                }
            },
            Ty::Int(kind) => {
                let n = self.integer(*kind, schema, c, example);
                int_literal(*kind, n)
            }
            Ty::Float(kind) => {
                let n = self.float(schema, c, example);
                let lit = match kind {
                    FloatKind::F32 => Literal::f32_suffixed(n as f32),
                    FloatKind::F64 => Literal::f64_suffixed(n),
                };
                quote!(#lit)
            }
            Ty::Uuid => {
                let n = example
                    .and_then(Value::as_str)
                    .and_then(parse_uuid)
                    .unwrap_or_else(|| {
                        // A version 4, variant 1 uuid: valid for any checker.
                        let raw = (u128::from(self.rng.next()) << 64) | u128::from(self.rng.next());
                        (raw & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62)
                    });
                let lit = Literal::u128_suffixed(n);
                quote!(uuid::Uuid::from_u128(#lit))
            }
            Ty::DateTime => {
                let secs = example
                    .and_then(Value::as_str)
                    .and_then(parse_date_time)
                    .unwrap_or_else(|| 1_600_000_000 + (self.rng.next() % 200_000_000) as i64);
                let lit = Literal::i64_suffixed(secs);
                quote!(chrono::DateTime::from_timestamp(#lit, 0).unwrap_or_default())
            }
            Ty::Date => {
                let (y, m, d) = example
                    .and_then(Value::as_str)
                    .and_then(parse_date)
                    .unwrap_or_else(|| {
                        (
                            2020 + self.rng.below(6) as i32,
                            1 + self.rng.below(12) as u32,
                            1 + self.rng.below(28) as u32,
                        )
                    });
                quote!(chrono::NaiveDate::from_ymd_opt(#y, #m, #d).unwrap_or_default())
            }
            Ty::Bytes => {
                let text = format!("conformance file {}", self.rng.below(1000));
                let lit = proc_macro2::Literal::byte_string(text.as_bytes());
                quote!(#lit.to_vec())
            }
            Ty::Json => {
                let v = match example {
                    Some(v) => v.clone(),
                    None => self.json(schema, 0),
                };
                let text = serde_json::to_string(&v).unwrap_or_else(|_| "null".to_owned());
                let lit = Literal::string(&text);
                quote!(serde_json::from_str::<serde_json::Value>(#lit).unwrap_or_default())
            }
            Ty::Array(item) => {
                let (lo, hi) = c
                    .map(|c| (c.min_items.unwrap_or(0), c.max_items))
                    .unwrap_or((0, None));
                let items_schema = schema.and_then(|s| s.get("items"));
                let item_c = c.and_then(|c| c.items.as_deref());
                let list = example.and_then(Value::as_array);
                let hi = hi.unwrap_or(lo.max(2)).max(lo);
                let n = match list {
                    Some(list) if !list.is_empty() && list.len() >= lo && list.len() <= hi => {
                        list.len().min(3).max(lo)
                    }
                    _ => {
                        lo.max(1).min(hi).max(lo)
                            + self
                                .rng
                                .below((hi.min(lo + 2) - lo.max(1).min(hi).max(lo)) + 1)
                    }
                };
                let n = n.min(hi.max(lo)).max(lo);
                let unique = schema
                    .and_then(|s| s.get("uniqueItems"))
                    .and_then(Value::as_bool)
                    == Some(true);
                let n = if unique && self.is_enum(item) {
                    n.min(1).max(lo.min(1))
                } else {
                    n
                };
                let mut items = Vec::new();
                for i in 0..n {
                    let ex = list.and_then(|l| l.get(i));
                    let v = self.value(
                        item,
                        items_schema,
                        item_c,
                        ex,
                        Place::Exact,
                        depth + 1,
                        name,
                    )?;
                    items.push(v);
                }
                quote!(vec![#(#items),*])
            }
            Ty::Map(value) => {
                let object = example.and_then(Value::as_object);
                let (key, ex) = match object.and_then(|o| o.iter().next()) {
                    Some((k, v)) => (k.clone(), Some(v.clone())),
                    None => (format!("key{}", self.rng.below(10)), None),
                };
                let vschema = schema
                    .and_then(|s| s.get("additionalProperties"))
                    .filter(|v| v.is_object());
                if depth >= OPTIONAL_DEPTH || (example.is_none() && self.rng.chance(50)) {
                    quote!(std::collections::BTreeMap::new())
                } else {
                    let v = self.value(
                        value,
                        vschema,
                        None,
                        ex.as_ref(),
                        Place::Exact,
                        depth + 1,
                        name,
                    )?;
                    let key = Literal::string(&key);
                    quote!(std::collections::BTreeMap::from([(#key.to_owned(), #v)]))
                }
            }
            Ty::Option(inner) => {
                let v = self.value(inner, schema, c, example, place, depth, name)?;
                quote!(Some(#v))
            }
            Ty::Named(id) => self.named(*id, schema, c, example, place, depth, name)?,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn named(
        &mut self,
        id: TypeId,
        schema: Option<&Value>,
        c: Option<&Constraints>,
        example: Option<&Value>,
        _place: Place,
        depth: usize,
        name_hint: &str,
    ) -> Result<TokenStream, String> {
        let Some(def) = self.cx.api.types.get(&id) else {
            return Err(format!("unknown type {id:?}"));
        };
        let name = ident(&def.rust_name);
        match &def.kind {
            TypeKind::Alias(inner) => {
                let own = self.hints.types.get(&id);
                let v = self.value(
                    inner,
                    schema.or(own),
                    c,
                    example,
                    Place::Exact,
                    depth,
                    name_hint,
                )?;
                Ok(v)
            }
            TypeKind::Enum(e) => {
                if e.variants.is_empty() {
                    let unknown = format_ident!("{}", crate::naming::UNKNOWN_VARIANT);
                    return Ok(quote!(types::#name::#unknown("value".to_owned())));
                }
                // Only where the place's own schema is the enum (not an
                // `anyOf` of it and any string, which the IR folds into it).
                let own = schema.is_some_and(|s| s.get("enum").is_some());
                if self.control == Some(false) && self.closed(id) && own {
                    self.control = Some(true);
                    let unknown = format_ident!("{}", crate::naming::UNKNOWN_VARIANT);
                    return Ok(
                        quote!(types::#name::#unknown("conformance-not-in-enum".to_owned())),
                    );
                }
                let chosen = example
                    .and_then(Value::as_str)
                    .and_then(|s| e.variants.iter().find(|v| v.wire_value == s))
                    .unwrap_or_else(|| &e.variants[self.rng.below(e.variants.len())]);
                let v = ident(&chosen.rust_name);
                Ok(quote!(types::#name::#v))
            }
            TypeKind::OneOf(o) => {
                if o.variants.is_empty() {
                    return Err(format!("`{}` has no alternative", def.wire_name));
                }
                // Alternatives in turn, from a seeded start: each is tried.
                let start = self.rng.below(o.variants.len());
                let mut last = String::new();
                for k in 0..o.variants.len() {
                    let i = (start + k) % o.variants.len();
                    let v = &o.variants[i];
                    self.fill = true;
                    let sampled = self.value(
                        v.ty.strip_option(),
                        None,
                        None,
                        None,
                        Place::Exact,
                        depth + 1,
                        name_hint,
                    );
                    self.fill = false;
                    match sampled {
                        Ok(inner) => {
                            let inner = if self.cx.is_boxed(id, i) {
                                quote!(Box::new(#inner))
                            } else {
                                inner
                            };
                            let vname = ident(&v.rust_name);
                            return Ok(quote!(types::#name::#vname(#inner)));
                        }
                        Err(e) => last = e,
                    }
                }
                Err(last)
            }
            TypeKind::Struct(s) => {
                let fill = std::mem::take(&mut self.fill);
                let object = example.and_then(Value::as_object);
                // Properties an anyOf/oneOf of required sets needs: the
                // first set's, and (for oneOf) none of the other sets'.
                let (needed, banned): (Vec<String>, Vec<String>) = match &s.required_sets {
                    Some(sets) => {
                        let pick = sets.sets.iter().position(|set| !set.empty).unwrap_or(0);
                        let needed = sets
                            .sets
                            .get(pick)
                            .map(|s| s.required.clone())
                            .unwrap_or_default();
                        let banned = if sets.exactly_one {
                            sets.sets
                                .iter()
                                .flat_map(|s| s.required.iter().cloned())
                                .filter(|f| !needed.contains(f))
                                .collect()
                        } else {
                            Vec::new()
                        };
                        (needed, banned)
                    }
                    None => (Vec::new(), Vec::new()),
                };
                let mut fields = Vec::new();
                for (i, f) in s.fields.iter().enumerate() {
                    let fname = ident(&f.rust_name);
                    let fschema = self.hints.fields.get(&(id, f.wire_name.clone()));
                    let given = object
                        .and_then(|o| o.get(&f.wire_name))
                        .or(f.example.as_ref())
                        .cloned();
                    let optional = !f.required || f.ty.is_option();
                    let must = (f.required && !banned.contains(&f.wire_name))
                        || needed.contains(&f.wire_name);
                    let read_only = fschema
                        .and_then(|s| s.get("readOnly"))
                        .and_then(Value::as_bool)
                        == Some(true);
                    let include = must
                        || (!banned.contains(&f.wire_name)
                            && !read_only
                            && (fill && depth < MAX_DEPTH / 2
                                || depth < OPTIONAL_DEPTH
                                    && (self.control == Some(false)
                                        && self.is_enum(f.ty.strip_option())
                                        || self.rng.chance(50))));
                    let value = if !include && optional {
                        quote!(None)
                    } else {
                        let inner = self.value(
                            f.ty.strip_option(),
                            fschema,
                            Some(&f.constraints),
                            given.as_ref(),
                            Place::Exact,
                            depth + 1,
                            &f.wire_name,
                        )?;
                        let inner = if self.cx.is_boxed(id, i) {
                            quote!(Box::new(#inner))
                        } else {
                            inner
                        };
                        if optional {
                            quote!(Some(#inner))
                        } else {
                            inner
                        }
                    };
                    fields.push(quote!(#fname: #value));
                }
                if s.additional.is_some() {
                    let extra = ident(&crate::emit::types::additional_name(s));
                    fields.push(quote!(#extra: Default::default()));
                }
                Ok(quote!(types::#name { #(#fields),* }))
            }
        }
    }

    pub(super) fn string(
        &mut self,
        schema: Option<&Value>,
        c: Option<&Constraints>,
        example: Option<&Value>,
        name: &str,
    ) -> String {
        let get = |k: &str| schema.and_then(|s| s.get(k));
        let min = c
            .and_then(|c| c.min_length)
            .or_else(|| get("minLength").and_then(Value::as_u64).map(|n| n as usize))
            .unwrap_or(0);
        let max = c
            .and_then(|c| c.max_length)
            .or_else(|| get("maxLength").and_then(Value::as_u64).map(|n| n as usize));
        let fits = |s: &str| s.chars().count() >= min && max.is_none_or(|m| s.chars().count() <= m);
        if let Some(text) = example.and_then(Value::as_str).filter(|s| fits(s)) {
            return text.to_owned();
        }
        if let Some(list) = get("enum").and_then(Value::as_array) {
            let texts: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            if !texts.is_empty() {
                return texts[self.rng.below(texts.len())].to_owned();
            }
        }
        if let Some(text) = get("default").and_then(Value::as_str).filter(|s| fits(s)) {
            if self.rng.chance(50) {
                return text.to_owned();
            }
        }
        let n = self.rng.below(1000);
        let format = get("format").and_then(Value::as_str).unwrap_or("");
        let formatted = match format {
            "email" | "idn-email" => Some(format!("user{n}@example.com")),
            "uri" | "url" | "iri" => Some(format!("https://example.com/item/{n}")),
            "uri-reference" | "iri-reference" => Some(format!("/item/{n}")),
            "hostname" | "idn-hostname" => Some(format!("host{n}.example.com")),
            "ipv4" => Some(format!("192.0.2.{}", n % 250 + 1)),
            "ipv6" => Some(format!("2001:db8::{:x}", n + 1)),
            "date-time" => Some(format!(
                "2025-0{}-1{}T10:2{}:00Z",
                1 + n % 9,
                n % 10,
                n % 10
            )),
            "date" => Some(format!("2025-0{}-1{}", 1 + n % 9, n % 10)),
            "time" => Some(format!("10:2{}:00Z", n % 10)),
            "uuid" => Some(format!("3fa85f64-5717-4562-b3fc-{:012x}", n)),
            "byte" => Some("Y29uZm9ybWFuY2U=".to_owned()),
            "duration" => Some(format!("P{}D", n % 30 + 1)),
            "int32" | "int64" => Some(format!("{n}")),
            _ => None,
        };
        if let Some(text) = formatted.filter(|s| fits(s)) {
            return text;
        }
        if let Some(pattern) = get("pattern").and_then(Value::as_str) {
            let seed = self.rng.next();
            for stretch in [2, min, max.unwrap_or(min)] {
                if let Some(text) =
                    crate::emit::sample_regex::sample_stretched(pattern, seed, stretch)
                {
                    if fits(&text) {
                        return text;
                    }
                }
            }
        }
        let base: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let base = if base.is_empty() {
            "value".to_owned()
        } else {
            base.to_lowercase()
        };
        let mut text = format!("{base}{n}");
        while text.chars().count() < min {
            text.push('x');
        }
        if let Some(m) = max {
            text = text.chars().take(m).collect();
        }
        text
    }

    pub(super) fn integer(
        &mut self,
        kind: IntKind,
        schema: Option<&Value>,
        c: Option<&Constraints>,
        example: Option<&Value>,
    ) -> i128 {
        let (tmin, tmax): (i128, i128) = match kind {
            IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntKind::U8 => (0, u8::MAX.into()),
            IntKind::U16 => (0, u16::MAX.into()),
            IntKind::U32 => (0, u32::MAX.into()),
            IntKind::U64 => (0, u64::MAX.into()),
        };
        let get = |k: &str| schema.and_then(|s| s.get(k)).and_then(Value::as_f64);
        let mut lo = c
            .and_then(|c| c.minimum)
            .or_else(|| get("minimum"))
            .map_or(tmin.max(0), |m| m.ceil() as i128);
        let mut hi = c
            .and_then(|c| c.maximum)
            .or_else(|| get("maximum"))
            .map_or(lo.saturating_add(100), |m| m.floor() as i128);
        if let Some(m) = get("exclusiveMinimum") {
            lo = lo.max(m.floor() as i128 + 1)
        }
        if let Some(m) = get("exclusiveMaximum") {
            hi = hi.min(m.ceil() as i128 - 1)
        }
        let lo = lo.clamp(tmin, tmax);
        let hi = hi.clamp(lo, tmax);
        let ok = |n: i128| n >= lo && n <= hi;
        if let Some(n) = example
            .and_then(Value::as_i64)
            .map(i128::from)
            .filter(|n| ok(*n))
        {
            return n;
        }
        if let Some(list) = schema.and_then(|s| s.get("enum")).and_then(Value::as_array) {
            let ns: Vec<i128> = list
                .iter()
                .filter_map(Value::as_i64)
                .map(i128::from)
                .filter(|n| ok(*n))
                .collect();
            if !ns.is_empty() {
                return ns[self.rng.below(ns.len())];
            }
        }
        let span = (hi - lo).min(100);
        let n = lo + (self.rng.next() % (span as u64 + 1)) as i128;
        match schema
            .and_then(|s| s.get("multipleOf"))
            .and_then(Value::as_i64)
        {
            Some(m) if m > 0 => {
                let m = i128::from(m);
                let up = (n + m - 1) / m * m;
                if ok(up) {
                    up
                } else {
                    n
                }
            }
            _ => n,
        }
    }

    pub(super) fn float(
        &mut self,
        schema: Option<&Value>,
        c: Option<&Constraints>,
        example: Option<&Value>,
    ) -> f64 {
        let get = |k: &str| schema.and_then(|s| s.get(k)).and_then(Value::as_f64);
        let lo = c
            .and_then(|c| c.minimum)
            .or_else(|| get("minimum"))
            .or_else(|| get("exclusiveMinimum").map(|m| m + 0.5))
            .unwrap_or(0.0);
        let hi = c
            .and_then(|c| c.maximum)
            .or_else(|| get("maximum"))
            .or_else(|| get("exclusiveMaximum").map(|m| m - 0.5))
            .unwrap_or(lo + 100.0)
            .max(lo);
        if let Some(n) = example
            .and_then(Value::as_f64)
            .filter(|n| n.is_finite() && *n >= lo && *n <= hi)
        {
            return n;
        }
        let step = (self.rng.next() % 1000) as f64 / 1000.0;
        let n = lo + (hi - lo).min(100.0) * step;
        (n * 4.0).round() / 4.0
    }

    /// A JSON value for a schema-less or free-form place.
    pub(super) fn json(&mut self, schema: Option<&Value>, depth: usize) -> Value {
        let Some(schema) = schema else {
            return Value::Object(Default::default());
        };
        if let Some(v) = schema.get("example").or_else(|| schema.get("default")) {
            return v.clone();
        }
        if let Some(v) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
        {
            return v.clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => Value::String(format!("text{}", self.rng.below(100))),
            Some("integer") | Some("number") => Value::from(self.rng.below(100) as u64 + 1),
            Some("boolean") => Value::Bool(true),
            Some("array") if depth < 3 => {
                Value::Array(vec![self.json(schema.get("items"), depth + 1)])
            }
            Some("array") => Value::Array(Vec::new()),
            _ => {
                let mut o = serde_json::Map::new();
                if let (Some(props), Some(req)) = (
                    schema.get("properties").and_then(Value::as_object),
                    schema.get("required").and_then(Value::as_array),
                ) {
                    for r in req.iter().filter_map(Value::as_str) {
                        if depth < 3 {
                            o.insert(r.to_owned(), self.json(props.get(r), depth + 1));
                        }
                    }
                }
                Value::Object(o)
            }
        }
    }
}

/// The first example a schema or parameter gives (`example`, then the
/// first of `examples`, as a list or as named example objects).
pub(super) fn example_of(schema: &Value) -> Option<Value> {
    if let Some(v) = schema.get("example") {
        return Some(v.clone());
    }
    match schema.get("examples")? {
        Value::Array(list) => list.first().cloned(),
        Value::Object(map) => map.values().next().and_then(|e| e.get("value")).cloned(),
        _ => None,
    }
}

pub(super) fn int_literal(kind: IntKind, n: i128) -> TokenStream {
    let abs = n.unsigned_abs();
    let lit = match kind {
        IntKind::I8 => Literal::i8_suffixed(abs as i8),
        IntKind::I16 => Literal::i16_suffixed(abs as i16),
        IntKind::I32 => Literal::i32_suffixed(abs as i32),
        IntKind::I64 => Literal::i64_suffixed(abs as i64),
        IntKind::U8 => Literal::u8_suffixed(abs as u8),
        IntKind::U16 => Literal::u16_suffixed(abs as u16),
        IntKind::U32 => Literal::u32_suffixed(abs as u32),
        IntKind::U64 => Literal::u64_suffixed(abs as u64),
    };
    // `-128i8` is `-(128i8)`, which overflows: the minimum is spelled so.
    if n < 0 {
        let ty = ty_name(kind);
        if abs > i64::MAX as u128
            || matches!(
                (kind, n),
                (IntKind::I8, -128) | (IntKind::I16, -32768) | (IntKind::I32, -2147483648)
            )
        {
            return quote!(#ty::MIN);
        }
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

pub(super) fn ty_name(kind: IntKind) -> proc_macro2::Ident {
    format_ident!(
        "{}",
        match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }
    )
}

pub(super) fn parse_uuid(s: &str) -> Option<u128> {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || s.len() != 36 {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS...`, ignoring the offset
/// and fractions (a sample needs a valid value, not the same instant).
pub(super) fn parse_date_time(s: &str) -> Option<i64> {
    let (y, m, d) = parse_date(s.get(..10)?)?;
    let hh: i64 = s.get(11..13)?.parse().ok()?;
    let mm: i64 = s.get(14..16)?.parse().ok()?;
    let ss: i64 = s.get(17..19)?.parse().ok()?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

pub(super) fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.get(..2)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=28).contains(&d) && (1900..3000).contains(&y))
        .then_some((y, m, d))
}
