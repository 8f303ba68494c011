//! Checks of documented constraints before a request is sent.

use crate::*;
use std::fmt;

/// Documented constraints, checked before a request is sent.
#[doc(hidden)]
pub trait Validate {
    /// `path` names the value in errors (`body`, then `body.addressLine[1]`
    /// for a part of it).
    fn validate(&self, path: &str) -> Result<(), InvalidRequest> {
        self.validate_at(&Path::Root(path))
    }

    /// The same checks for a value inside a larger one; the path is only
    /// spelled out when a check fails.
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest>;
}

/// Where a checked value sits (`body.addressLine[1]`): a chain of borrowed
/// steps, written out only for an error.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root(&'a str),
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) | Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        match self {
            Some(v) => v.validate_at(path),
            None => Ok(()),
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        for (i, v) in self.iter().enumerate() {
            v.validate_at(&path.index(i))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        (**self).validate_at(path)
    }
}

#[doc(hidden)]
pub fn check_length(
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    let len = value.chars().count();
    if let Some(max) = max.filter(|m| len > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {len} characters long; maxLength is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| len < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {len} characters long; minLength is {min}"),
        ));
    }
    Ok(())
}

#[doc(hidden)]
pub fn check_items<T>(
    value: &[T],
    min: Option<usize>,
    max: Option<usize>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    let len = value.len();
    if let Some(max) = max.filter(|m| len > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("has {len} items; maxItems is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| len < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("has {len} items; minItems is {min}"),
        ));
    }
    Ok(())
}

#[doc(hidden)]
pub fn check_range(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: &Path<'_>,
) -> Result<(), InvalidRequest> {
    if let Some(max) = max.filter(|m| value > *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {value}; maximum is {max}"),
        ));
    }
    if let Some(min) = min.filter(|m| value < *m) {
        return Err(InvalidRequest::new(
            path.to_string(),
            format!("is {value}; minimum is {min}"),
        ));
    }
    Ok(())
}
