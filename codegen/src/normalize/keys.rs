//! The facts normalisation hands to lowering beyond the OpenAPI 3.0 shape:
//! extensions it writes into the document, each read by `lower`. They are
//! named here once; nothing else spells them.

/// 3.2 `in: querystring` parameters become `in: query` ones marked with this
/// extension (value `true`): the parameter is the whole query string.
pub const EXT_QUERYSTRING: &str = "x-codegen-querystring";

/// 3.2 `discriminator.defaultMapping`, moved where `openapiv3` keeps it.
pub const EXT_DEFAULT_MAPPING: &str = "x-codegen-default-mapping";

/// The extension a server's OpenAPI 3.2 `name` is kept under: the 3.0 model
/// the rest of the pipeline reads keeps only `x-` fields of a server.
pub const SERVER_NAME: &str = "x-codegen-server-name";

/// The media type extension `normalize` moves a 3.2 `itemSchema` to (the
/// 3.0 shape `openapiv3` reads has no such field).
pub const ITEM_SCHEMA: &str = "x-codegen-item-schema";

/// An `encoding` entry's `explode` as written, kept under this extension:
/// `openapiv3` reads an absent `explode` as `false`, where OpenAPI's default
/// depends on the `style`.
pub const EXT_EXPLODE: &str = "x-codegen-explode";
