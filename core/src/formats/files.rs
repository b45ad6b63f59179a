//! Reading snapshots from the file system (feature `std`): what the CLI and the tests share, so the tests
//! exercise exactly the path `vpcsim trace` takes.

use std::fs;
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::vec::Vec;

use super::{aws, native, Warning};
use crate::error::Error;
use crate::model::Topology;

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error::new(path.display().to_string(), "", "", e.to_string()))
}

/// Loads any snapshot kind: a directory of describe-* files (or a Batfish folder with `aws_configs/`), a
/// native document, or a single describe-* file.
pub fn load(path: &Path) -> Result<(Topology, Vec<Warning>), Error> {
    if path.is_dir() {
        let root = if path.join("aws_configs").is_dir() { path.join("aws_configs") } else { path.to_path_buf() };
        let mut files = Vec::new();
        collect_json(&root, &root, &mut files)?;
        if files.is_empty() {
            return Err(Error::new(path.display().to_string(), "", "", "no .json files in this directory"));
        }
        let imported = aws::import(&files)?;
        return Ok((imported.topology, imported.warnings));
    }
    let text = read(path)?;
    let name = path.display().to_string();
    let head: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::new(&name, format!("line {} column {}", e.line(), e.column()), "", format!("not valid JSON: {e}"))
    })?;
    if head.get("vpcsim").is_some() {
        return Ok((native::read(&name, &text)?.topology, Vec::new()));
    }
    if head.get("format_version").is_some() && (head.get("values").is_some() || head.get("planned_values").is_some()) {
        let imported = super::terraform::import(&name, &text)?;
        return Ok((imported.topology, imported.warnings));
    }
    let imported = aws::import(&[(name, text)])?;
    Ok((imported.topology, imported.warnings))
}

fn collect_json(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::new(dir.display().to_string(), "", "", e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_json(root, &p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            let rel = p.strip_prefix(root).unwrap_or(&p).display().to_string();
            out.push((rel, read(&p)?));
        }
    }
    Ok(())
}
