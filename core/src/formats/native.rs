//! The native vpcsim document: a versioned JSON file holding the model and, separately, the view data.
//!
//! ```json
//! {"vpcsim": 1, "topology": { "Vpcs": [...], ... }, "view": {"positions": {"vpc-1": [40, 60]}}}
//! ```
//! Version 0 is a bare topology object (what the scenario corpus uses); it migrates to 1 unchanged.
//! Export → import is the identity.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::model::Topology;

/// The current schema version.
pub const VERSION: u64 = 1;

/// Diagram data kept beside the model; it never influences a verdict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct View {
    /// Resource id → position on the canvas.
    pub positions: BTreeMap<String, (f64, f64)>,
    /// Lesson progress, opaque to the core.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub lessons: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub vpcsim: u64,
    pub topology: Topology,
    #[serde(default)]
    pub view: View,
}

fn parse_error(file: &str, e: serde_json::Error) -> Error {
    Error::new(file, format!("line {} column {}", e.line(), e.column()), "native format", format!("{e}"))
}

/// Only the version field of a document; serde skips the rest without building a tree.
#[derive(Deserialize)]
struct Version {
    #[serde(default)]
    vpcsim: Option<Value>,
}

/// Reads a native document (any known version) and migrates it to the current one. The text is parsed
/// straight into the model (not through a `Value` tree): errors keep their line and column, and the browser
/// carries one deserializer for the model instead of two.
pub fn read(file: &str, text: &str) -> Result<Document, Error> {
    let head: Version = serde_json::from_str(text).map_err(|e| parse_error(file, e))?;
    let version = match head.vpcsim {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| Error::new(file, "$.vpcsim", "native format", "the version must be a whole number"))?,
    };
    match version {
        0 => {
            let topology: Topology = serde_json::from_str(text).map_err(|e| parse_error(file, e))?;
            Ok(Document { vpcsim: VERSION, topology, view: View::default() })
        }
        VERSION => serde_json::from_str(text).map_err(|e| parse_error(file, e)),
        v => Err(Error::new(
            file,
            "$.vpcsim",
            "native format",
            format!("version {v} is newer than this vpcsim ({VERSION})"),
        )),
    }
}

/// Writes a document as pretty JSON.
pub fn write(topology: &Topology, view: &View) -> Result<String, Error> {
    let doc = Document { vpcsim: VERSION, topology: topology.clone(), view: view.clone() };
    serde_json::to_string_pretty(&doc).map_err(|e| Error::new("document", "", "native format", format!("{e}")))
}
