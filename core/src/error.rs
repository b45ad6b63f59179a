//! The one error type: what was refused, where, and by which rule.

use alloc::string::String;
use core::fmt;
use serde::{Deserialize, Serialize};

/// A refused input or edit. `resource` is an id (`subnet-1`) or a file path, `field` the field or JSON path
/// (`CidrBlock`, `$.Vpcs[0].CidrBlock`), `rule` the R-number or API rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    pub resource: String,
    pub field: String,
    pub rule: String,
    pub message: String,
}

impl Error {
    pub fn new(
        resource: impl Into<String>,
        field: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self { resource: resource.into(), field: field.into(), rule: rule.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.resource)?;
        if !self.field.is_empty() {
            write!(f, " {}", self.field)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.rule.is_empty() {
            write!(f, " ({})", self.rule)?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}
