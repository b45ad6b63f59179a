//! Small, path-aware accessors over `serde_json::Value`, so every import error names the file and the JSON
//! path (`$.Vpcs[3].CidrBlock`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::str::FromStr;
use serde_json::Value;

use crate::error::Error;

/// A position in one input file.
#[derive(Clone)]
pub(crate) struct At<'a> {
    pub file: &'a str,
    pub path: String,
}

impl<'a> At<'a> {
    pub fn root(file: &'a str) -> Self {
        At { file, path: String::from("$") }
    }

    pub fn key(&self, k: &str) -> Self {
        At { file: self.file, path: format!("{}.{k}", self.path) }
    }

    pub fn index(&self, i: usize) -> Self {
        At { file: self.file, path: format!("{}[{i}]", self.path) }
    }

    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::new(self.file, self.path.clone(), "import", message)
    }
}

/// A required string field.
pub(crate) fn string(v: &Value, k: &str, at: &At) -> Result<String, Error> {
    match v.get(k) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(at.key(k).error(format!("expected a string, found {}", kind(other)))),
        None => Err(at.key(k).error("missing")),
    }
}

/// An optional string field (absent or null is `None`; another type is an error).
pub(crate) fn opt_string(v: &Value, k: &str, at: &At) -> Result<Option<String>, Error> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(at.key(k).error(format!("expected a string, found {}", kind(other)))),
    }
}

pub(crate) fn opt_bool(v: &Value, k: &str, at: &At) -> Result<Option<bool>, Error> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s == "true" || s == "enable" || s == "enabled" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" || s == "disable" || s == "disabled" => Ok(Some(false)),
        Some(other) => Err(at.key(k).error(format!("expected a boolean, found {}", kind(other)))),
    }
}

pub(crate) fn opt_i64(v: &Value, k: &str, at: &At) -> Result<Option<i64>, Error> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| at.key(k).error("expected an integer")),
        Some(Value::String(s)) => s.parse().map(Some).map_err(|_| at.key(k).error(format!("`{s}` is not an integer"))),
        Some(other) => Err(at.key(k).error(format!("expected a number, found {}", kind(other)))),
    }
}

/// A required field parsed with `FromStr` (CIDRs, addresses).
pub(crate) fn parsed<T: FromStr>(v: &Value, k: &str, at: &At, what: &str) -> Result<T, Error> {
    let s = string(v, k, at)?;
    s.parse().map_err(|_| at.key(k).error(format!("`{s}` is not a valid {what}")))
}

pub(crate) fn opt_parsed<T: FromStr>(v: &Value, k: &str, at: &At, what: &str) -> Result<Option<T>, Error> {
    match opt_string(v, k, at)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| at.key(k).error(format!("`{s}` is not a valid {what}"))),
    }
}

/// An optional array field: each element with its position (absent or null is empty).
pub(crate) fn items<'v>(v: &'v Value, k: &str, at: &At<'v>) -> Result<Vec<(&'v Value, At<'v>)>, Error>
where
{
    match v.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => {
            let base = at.key(k);
            Ok(a.iter().enumerate().map(|(i, x)| (x, base.index(i))).collect())
        }
        Some(other) => Err(at.key(k).error(format!("expected a list, found {}", kind(other)))),
    }
}

/// The `Name` tag from `Tags` (or `TagSet`).
pub(crate) fn name_tag(v: &Value) -> Option<String> {
    tag(v, "Name")
}

pub(crate) fn tag(v: &Value, key: &str) -> Option<String> {
    let tags = v.get("Tags").or_else(|| v.get("TagSet"))?.as_array()?;
    tags.iter()
        .find(|t| t.get("Key").and_then(Value::as_str) == Some(key))
        .and_then(|t| t.get("Value")?.as_str())
        .map(ToString::to_string)
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
