//! Errors as values, with the context a user needs to act on them.
//!
//! Two families matter to the command line: *usage* errors (a bad flag, a missing input path, an
//! unreadable or malformed gazetteer), which exit with status 2, and *runtime* errors (an output
//! directory that cannot be written, a closed pipe, a full disk), which exit with status 1.
//! Problems with a single article are never errors of this type: they become a flagged row in
//! `articles.csv` so that the run goes on.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Everything that can stop a command.
#[derive(Debug)]
pub enum Error {
    /// The user asked for something impossible: exit status 2.
    Usage(String),
    /// The gazetteer could not be read or is malformed: exit status 2.
    Gazetteer {
        path: PathBuf,
        /// 1-based line in the file, when the problem is on a line.
        line: Option<u64>,
        message: String,
    },
    /// An I/O operation failed; `context` says what was being done: exit status 1.
    Io { context: String, source: io::Error },
}

impl Error {
    /// Wraps an I/O error with a sentence saying what was being done.
    pub fn io(context: impl Into<String>, source: io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// A gazetteer problem at a given line (or for the whole file when `line` is `None`).
    pub fn gazetteer(path: &Path, line: Option<u64>, message: impl Into<String>) -> Error {
        Error::Gazetteer {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// The process exit status this error calls for (SPEC: 2 usage/configuration, 1 runtime).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Gazetteer { .. } => 2,
            Error::Io { .. } => 1,
        }
    }

    /// True when the error is a write to a pipe whose reader has gone away.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(f, "{message}"),
            Error::Gazetteer {
                path,
                line: Some(line),
                message,
            } => write!(f, "gazetteer {}, line {line}: {message}", path.display()),
            Error::Gazetteer {
                path,
                line: None,
                message,
            } => write!(f, "gazetteer {}: {message}", path.display()),
            Error::Io { context, source } => write!(f, "{context}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
