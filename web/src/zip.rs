//! A small reader for .zip archives of describe-* files: the central directory (end record, then one header
//! per file) and each file's local header; stored and deflated entries (inflated with miniz_oxide). ZIP64,
//! encryption and other methods are refused with a message, never a panic.

/// Entries larger than this (after inflating) are refused.
const MAX_ENTRY: usize = 64 << 20;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Offsets come from the file: add without overflowing (a hostile archive must not panic the reader).
fn add(a: usize, b: usize) -> usize {
    a.saturating_add(b)
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok()
}

/// The files of an archive as (path inside the archive, bytes), directories and macOS metadata skipped.
pub fn entries(archive: &str, b: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let bad = |what: &str| format!("{archive}: {what}");
    // The end of central directory record: 22 bytes plus a comment of up to 65,535 bytes, at the end.
    let lowest = b.len().saturating_sub(22 + 65_535);
    let end = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| b.get(i..add(i, 4)) == Some(b"PK\x05\x06"))
        .ok_or_else(|| bad("not a zip archive (no end of central directory)"))?;
    let count = u16_at(b, add(end, 10)).ok_or_else(|| bad("truncated end record"))?;
    let mut at = u32_at(b, add(end, 16)).ok_or_else(|| bad("truncated end record"))?;
    if at == 0xFFFF_FFFF || count == 0xFFFF {
        return Err(bad("ZIP64 archives are not supported"));
    }
    let mut out = Vec::new();
    for _ in 0..count {
        if b.get(at..add(at, 4)) != Some(b"PK\x01\x02") {
            return Err(bad("damaged central directory"));
        }
        let field = |off: usize| u16_at(b, add(at, off)).ok_or_else(|| bad("truncated central directory"));
        let (flags, method) = (field(8)?, field(10)?);
        let size = u32_at(b, add(at, 20)).ok_or_else(|| bad("truncated central directory"))?;
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let local = u32_at(b, add(at, 42)).ok_or_else(|| bad("truncated central directory"))?;
        let name_bytes = b.get(add(at, 46)..add(add(at, 46), name_len)).ok_or_else(|| bad("truncated file name"))?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        at = add(add(add(add(at, 46), name_len), extra_len), comment_len);
        if name.ends_with('/') || name.starts_with("__MACOSX/") {
            continue;
        }
        if flags & 1 != 0 {
            return Err(bad(&format!("{name} is encrypted")));
        }
        if b.get(local..add(local, 4)) != Some(b"PK\x03\x04") {
            return Err(bad(&format!("{name}: damaged local header")));
        }
        let skip =
            u16_at(b, add(local, 26)).zip(u16_at(b, add(local, 28))).ok_or_else(|| bad("truncated local header"))?;
        let start = add(add(add(local, 30), skip.0), skip.1);
        let data = b.get(start..add(start, size)).ok_or_else(|| bad(&format!("{name} is cut short")))?;
        let bytes = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_ENTRY)
                .map_err(|_| bad(&format!("{name} cannot be inflated")))?,
            m => return Err(bad(&format!("{name} uses compression method {m}; only stored and deflate are read"))),
        };
        out.push((name, bytes));
    }
    Ok(out)
}
