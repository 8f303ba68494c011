//! The intermediate representation: plain data, no tokens and no code.
//!
//! Every name exists twice: the wire name from the spec (used for serde
//! renames, URLs and headers) and the Rust name, which `lower` leaves empty
//! and `naming` fills in.

use std::collections::BTreeMap;

/// One API: what a spec file becomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// From the spec file's stem: `enfuce-customer`.
    pub name: String,
    /// Rust module name (`enfuce_customer`), set by `naming`.
    pub module: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub operations: Vec<Operation>,
    pub types: BTreeMap<TypeId, TypeDef>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Cargo features that each turn on a group of operations (one per tag,
    /// one for the untagged operations), set by `naming`. Empty when the
    /// operations form a single group: the API's own feature covers them.
    pub features: Vec<Feature>,
    /// How arrays inside `deepObject` values are written (form bodies and
    /// query parameters), where OpenAPI leaves it undefined.
    pub form_arrays: ArrayForm,
}

impl Operation {
    /// Whether `p` is the idempotency key header the client fills in.
    pub fn is_idempotency_key(&self, p: &Param) -> bool {
        p.location == ParamLocation::Header
            && self
                .headers
                .idempotency
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(&p.wire_name))
    }
}

impl Api {
    /// Calls `f` on every type reference of the API: the operations'
    /// parameters, bodies, responses, streams, headers and pages, and the
    /// types' own fields, aliases and alternatives.
    pub fn for_each_ty_mut(&mut self, mut f: impl FnMut(&mut Ty)) {
        self.for_each_operation_ty_mut(&mut f);
        for def in self.types.values_mut() {
            def.kind.for_each_ty_mut(&mut f);
        }
    }

    /// Calls `f` on every type reference of the operations (not the types).
    pub fn for_each_operation_ty_mut(&mut self, mut f: impl FnMut(&mut Ty)) {
        for op in &mut self.operations {
            for p in &mut op.params {
                f(&mut p.ty);
            }
            for c in op.body.iter_mut().flat_map(|b| &mut b.contents) {
                f(&mut c.ty);
            }
            for r in &mut op.responses {
                if let Some(b) = &mut r.body {
                    f(&mut b.ty);
                }
                if let Some(s) = &mut r.stream {
                    f(&mut s.item);
                }
                for h in &mut r.headers {
                    f(&mut h.ty);
                }
            }
            if let Some(p) = &mut op.pagination {
                f(&mut p.item);
            }
        }
    }
}

impl TypeKind {
    /// Calls `f` on every type reference this type holds.
    pub fn for_each_ty_mut(&mut self, f: &mut impl FnMut(&mut Ty)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    f(&mut field.ty);
                }
                if let Some(extra) = &mut s.additional {
                    f(extra);
                }
            }
            TypeKind::Alias(ty) => f(ty),
            TypeKind::Enum(_) => {}
            TypeKind::OneOf(o) => {
                for v in &mut o.variants {
                    f(&mut v.ty);
                }
            }
        }
    }
}

/// Arrays inside `deepObject` values: `a[0]=x` or `a[]=x`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArrayForm {
    /// `a[0]=x`, `a[0][k]=v`.
    #[default]
    Indexed,
    /// `a[]=x`, `a[0][k]=v` (Stripe).
    Brackets,
}

impl ArrayForm {
    /// The spelling of a generator option or spec extension.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "indexed" => Some(ArrayForm::Indexed),
            "brackets" => Some(ArrayForm::Brackets),
            _ => None,
        }
    }
}

/// A cargo feature of one API: the operations with its tag, and the types
/// they reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The spec's tag; `None` for the operations without a tag.
    pub tag: Option<String>,
    /// The cargo feature name, unique in the crate.
    pub name: String,
}

/// A `securitySchemes` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    pub wire_name: String,
    /// SCREAMING_SNAKE constant naming the scheme, set by `naming`.
    pub rust_name: String,
    pub description: Option<String>,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `in` is header, query or cookie.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Bearer,
    Basic,
    OAuth2ClientCredentials {
        token_url: String,
    },
    /// Understood as "some token in `Authorization: Bearer`" (other OAuth2
    /// flows, OpenID Connect).
    OtherBearer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Server {
    /// The URL template as written (`{{environment}}` or `{port}` placeholders).
    pub url: String,
    /// OpenAPI 3.2's `name` of the server.
    pub name: Option<String>,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
    pub rust_name: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerVariable {
    pub wire_name: String,
    pub rust_name: String,
    pub default: Option<String>,
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// An operation's HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// OpenAPI 3.2 `query`.
    Query,
    /// An OpenAPI 3.2 `additionalOperations` entry: the method exactly as
    /// the spec spells it (a valid HTTP token, checked by `lower`).
    Other(String),
}

impl Method {
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(name) => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// `operationId`, or one derived from method and path.
    pub wire_id: String,
    /// snake_case method name, set by `naming`.
    pub method_name: String,
    /// PascalCase prefix for the operation's own types, set by `naming`.
    pub type_name: String,
    /// Set by `naming` when other operations document the same response
    /// headers: the one struct they all use (`{type_name}Headers` is then an
    /// alias of it).
    pub shared_headers: Option<String>,
    /// Set by `naming` when other operations document the same error
    /// responses (statuses' variants, descriptions and bodies): the one enum
    /// they all use (`{type_name}Error` is then an alias of it).
    pub shared_error: Option<String>,
    pub method: Method,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// Literal query pairs the path template had after `?`, sent before
    /// the query parameters.
    pub fixed_query: Vec<(String, String)>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Effective security: alternatives, each a set of scheme indices (into
    /// `Api::security_schemes`) that apply together. Empty: no auth.
    pub security: Vec<Vec<usize>>,
    /// What lowering decided about headers the client sets or reads itself.
    pub headers: HeaderFacts,
    /// How a list operation pages, set by the `paginate` analysis.
    pub pagination: Option<Pagination>,
}

/// Headers of an operation that the runtime handles, decided by lowering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    /// The request header parameter that carries an idempotency key
    /// (`Idempotency-Key`), as spelled in the spec.
    pub idempotency: Option<String>,
    /// A documented response header holding the server's request id
    /// (`X-Request-ID`), as spelled in the spec.
    pub request_id: Option<String>,
    /// The `Accept` header of a call read whole: the content types the
    /// responses decode from. `None`: no header (a response takes anything,
    /// none has a body, or `Accept` is a parameter of the operation's own).
    pub accept: Option<String>,
    /// The `Accept` header of a streamed call (a success's stream content
    /// type in place of its whole-body one).
    pub accept_streamed: Option<String>,
}

/// How a list operation pages: where its items are and how the next page is
/// asked for. Paths are the wire names of fields from the success body down.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// The field path of the items array; empty: the body is the array.
    pub items: Vec<String>,
    /// The type of one item.
    pub item: Ty,
    /// A boolean field; `false` means the last page.
    pub has_more: Option<Vec<String>>,
    /// The number of items in all pages.
    pub total: Option<Vec<String>>,
    /// What said so: recognised from the shape, an extension, or settings.
    pub source: String,
}

/// Where the next page's request comes from (see `runtime::NextPage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// A cursor field of the body, sent as the query parameter `param`.
    Cursor { from: Vec<String>, param: String },
    /// A field of the last item (`id`), sent as `param`.
    LastItem { field: String, param: String },
    /// The next page's URL in a field of the body.
    BodyUrl { from: Vec<String> },
    /// The next page's URL in the `Link` header.
    LinkHeader,
    /// The next page's URL as the whole value of the response header `name`.
    HeaderUrl { name: String },
    /// `param` counts items skipped; `limit` is the page size parameter.
    Offset {
        param: String,
        limit: Option<String>,
    },
    /// `param` numbers pages from `first`; `size` is the page size parameter.
    Page {
        param: String,
        size: Option<String>,
        first: u64,
    },
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`; `whole_segment` when the parameter is a
    /// full `/`-separated segment (so `.`/`..`/empty values must be refused).
    Param {
        index: usize,
        whole_segment: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
    /// OpenAPI 3.2 `in: querystring`: the value is the whole query string.
    QueryString(QueryStringFormat),
}

/// How an `in: querystring` value becomes the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueryStringFormat {
    /// `application/x-www-form-urlencoded`: the object's properties are
    /// the query's pairs.
    Form,
    /// `application/json`: the JSON text, percent-encoded.
    Json,
    /// Any other media type: the caller's string is the query string.
    Raw,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    pub description: Option<String>,
    pub deprecated: bool,
    /// How an array or object in the query is spelled.
    pub style: QueryStyle,
    /// The spec's example value, for the docs' example call.
    pub example: Option<serde_json::Value>,
}

/// Serialization of array and object query parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` with `explode: true`: `id=1&id=2`, `a=1&b=2`.
    Repeat,
    /// `form` (`,`), `spaceDelimited` (` `) or `pipeDelimited` (`|`) without
    /// explode: `id=1,2`.
    Join(char),
    /// `deepObject`: `filter[a]=1&filter[b]=2`.
    Deep,
}

/// A request body. With one content type the caller passes its value
/// directly; with several, the caller picks one through an enum with a
/// variant per content type.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// One per distinct way to send the body, the preferred first (JSON,
    /// then form, multipart, text, bytes).
    pub contents: Vec<BodyContent>,
    pub required: bool,
    pub description: Option<String>,
    /// Name of the content enum when there are several contents, set by
    /// `naming`.
    pub enum_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyContent {
    pub content_type: String,
    pub kind: BodyKind,
    pub ty: Ty,
    /// Variant in the content enum, set by `naming`.
    pub variant: String,
    /// The spec's example value, for the docs' example call.
    pub example: Option<serde_json::Value>,
    /// The media type's `encoding` entries (form and multipart), by
    /// property.
    pub encoding: Vec<PropertyEncoding>,
}

/// One property's `encoding` entry of a form or multipart body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyEncoding {
    pub property: String,
    pub content_type: Option<String>,
    /// `None`: not given.
    pub style: Option<FormStyle>,
    /// Resolved: when not given, `true` for `form` (or no style), else
    /// `false`.
    pub explode: bool,
    pub allow_reserved: bool,
    /// Part headers with the value the spec fixes (a `default`, or an
    /// `enum` of one value).
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyKind {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`; binary properties become file parts.
    Multipart,
    /// Raw bytes with the given content type.
    Bytes,
    Text,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` → `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub pointer: String,
    pub status: StatusMatch,
    pub description: String,
    /// `None`: no content (or content we ignore).
    pub body: Option<ResponseBody>,
    /// The body read as a sequence of items instead: an event stream, JSON
    /// Lines, a JSON text sequence or raw bytes (next to `body`, which reads
    /// it whole).
    pub stream: Option<StreamBody>,
    pub headers: Vec<ResponseHeader>,
    /// Variant name in the operation's success or error enum, set by `naming`.
    pub variant: String,
}

impl Response {
    /// 1XX/2XX/3XX are outcomes the caller asked for; 4XX, 5XX and `default`
    /// (when other statuses are documented as success) are errors.
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusMatch::Code(c) => c < 400,
            StatusMatch::Range(r) => r < 4,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    pub content_type: String,
    pub kind: BodyKind,
    pub ty: Ty,
}

/// A response body that can be consumed as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamBody {
    pub content_type: String,
    pub kind: StreamKind,
    /// The type of one item: an event's `data` (`String` when untyped), one
    /// JSON value, or `Bytes` for a byte stream.
    pub item: Ty,
    /// Every content of the response is a stream of items (no JSON or
    /// other alternative, and not raw bytes, which stay readable whole):
    /// the operation's `send` returns the stream.
    pub only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StreamKind {
    /// `text/event-stream` (server-sent events).
    Events,
    /// `application/jsonl`, `application/x-ndjson`: one JSON value per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464).
    JsonSeq,
    /// Any non-JSON, non-text body (`format: binary`, octet-stream, images):
    /// chunks of bytes.
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub description: Option<String>,
}

/// A reference to a type, as used by a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    Named(TypeId),
    String,
    Bool,
    Int(IntKind),
    Float(FloatKind),
    Uuid,
    DateTime,
    Date,
    /// Raw bytes (a body or `format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    Array(Box<Ty>),
    /// JSON object with string keys.
    Map(Box<Ty>),
    /// May be `null` on the wire.
    Option(Box<Ty>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FloatKind {
    F32,
    F64,
}

impl Ty {
    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_))
    }

    /// `Option<T>` → `T`.
    pub fn strip_option(&self) -> &Ty {
        match self {
            Ty::Option(inner) => inner,
            other => other,
        }
    }

    /// The type one `Option`, `Vec` or map holds; `None` for a leaf.
    pub fn element(&self) -> Option<&Ty> {
        match self {
            Ty::Option(inner) | Ty::Array(inner) | Ty::Map(inner) => Some(inner),
            _ => None,
        }
    }

    /// The type under every `Option`, `Vec` and map.
    pub fn leaf(&self) -> &Ty {
        let mut ty = self;
        while let Some(inner) = ty.element() {
            ty = inner;
        }
        ty
    }

    /// The named type this type holds, by value or in options, arrays and
    /// maps (a `Ty` holds at most one).
    pub fn named(&self) -> Option<TypeId> {
        match self.leaf() {
            Ty::Named(id) => Some(*id),
            _ => None,
        }
    }

    /// The named type this type holds, to change it in place.
    pub fn named_mut(&mut self) -> Option<&mut TypeId> {
        match self {
            Ty::Named(id) => Some(id),
            Ty::Option(inner) | Ty::Array(inner) | Ty::Map(inner) => inner.named_mut(),
            _ => None,
        }
    }

    /// This type with its leaf replaced by `f(leaf)`, options, arrays and
    /// maps kept as they are.
    pub fn map_leaf(&self, f: impl FnOnce(&Ty) -> Ty) -> Ty {
        match self {
            Ty::Option(inner) => Ty::Option(Box::new(inner.map_leaf(f))),
            Ty::Array(inner) => Ty::Array(Box::new(inner.map_leaf(f))),
            Ty::Map(inner) => Ty::Map(Box::new(inner.map_leaf(f))),
            leaf => f(leaf),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub pointer: String,
    /// Schema name, or the name derived for an inline schema.
    pub wire_name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// `pub type Name = Ty;`
    Alias(Ty),
    /// `oneOf`/`anyOf`: an enum over the alternatives, with a catch-all.
    OneOf(OneOf),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OneOf {
    pub variants: Vec<OneOfVariant>,
    /// The discriminator property, when the spec names one.
    pub discriminator: Option<String>,
    /// 3.2 `defaultMapping`: index of the variant a value with an unmapped
    /// or absent discriminator decodes as (if it can).
    pub default: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// Schema name or a description of the type, for naming.
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Ty,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to `properties`: the type of the extra
    /// values, kept in a map.
    pub additional: Option<Ty>,
    /// `anyOf`/`oneOf` alternatives that only say which properties are
    /// required: checked before a request is sent.
    pub required_sets: Option<RequiredSets>,
}

/// `anyOf: [{required: [a]}, {required: [b]}]`: at least one (or, for
/// `oneOf`, exactly one) alternative holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequiredSets {
    pub exactly_one: bool,
    pub sets: Vec<RequiredSet>,
}

/// One alternative: these properties (wire names) are present; `empty`:
/// no property is (`maxProperties: 0`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequiredSet {
    pub required: Vec<String>,
    pub empty: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// The spec's example value, for the docs' example call.
    pub example: Option<serde_json::Value>,
}

/// Documented limits checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// Limits on each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.items.as_ref().is_none_or(|c| c.is_empty())
    }
}

/// A string enum. Unknown values are always accepted on decode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub wire_value: String,
    pub rust_name: String,
}
