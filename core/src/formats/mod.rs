//! Formats: the native vpcsim document, AWS `describe-*` snapshots, Terraform `show -json`.
//! Every reader takes text (the CLI reads files, the web reads dropped files) and returns a topology plus
//! warnings, or an [`crate::Error`] naming the file, the JSON path and the problem.

pub mod aws;
mod aws_export;
#[cfg(feature = "std")]
pub mod files;
mod json;
pub mod native;
pub mod terraform;

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// Something skipped or assumed while reading an input; the import still succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The file (or resource address) it concerns.
    pub file: String,
    /// A JSON path inside it, when there is one.
    pub path: String,
    pub message: String,
}

/// A successful import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub topology: crate::model::Topology,
    pub warnings: Vec<Warning>,
}
