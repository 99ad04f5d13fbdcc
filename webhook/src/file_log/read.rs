//! Reading the file log back: the current file and its rotated siblings
//! (`PATH.1`, `PATH.2`, … the higher the older), for the `webhook` CLI's `list` and
//! `show`.

use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::line::LogLine;

/// Every line of the log at `path`, oldest first, and how many lines could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadLog {
    /// The lines, by id (oldest first).
    pub lines: Vec<LogLine>,
    /// Lines that are not a [`LogLine`]: a line cut short by a crash while it was
    /// written (never an acknowledged one), or a foreign line in the file.
    pub unreadable: usize,
}

/// Reads the log at `path` and its rotated files. A missing current file with no
/// rotated ones is an error ([`io::ErrorKind::NotFound`]), so that a mistyped path
/// is not read as an empty log.
pub fn read(path: &Path) -> io::Result<ReadLog> {
    let files = log_files(path)?;
    if files.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no file log at {}", path.display()),
        ));
    }
    let mut log = ReadLog::default();
    for file in files {
        let reader = BufReader::new(std::fs::File::open(&file)?);
        for line in reader.split(b'\n') {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<LogLine>(&line) {
                Ok(line) => log.lines.push(line),
                Err(_) => log.unreadable += 1,
            }
        }
    }
    log.lines.sort_by_key(|line| line.id);
    Ok(log)
}

/// The current file (if present) and every `PATH.N` beside it.
fn log_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if path.is_file() {
        files.push(path.to_path_buf());
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Ok(files);
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.", name.to_string_lossy());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(files),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let file_name = entry.file_name();
        let rotated = file_name
            .to_string_lossy()
            .strip_prefix(&prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if rotated {
            files.push(entry.path());
        }
    }
    Ok(files)
}
