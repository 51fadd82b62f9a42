//! The one error type of Docket. Every message is meant to be shown to a user as it is.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{path}: not a Docket database (it is another SQLite file or not SQLite at all); nothing was changed"
    )]
    NotDocket { path: PathBuf },

    #[error(
        "{path}: made by a newer Docket (schema version {found}, this program knows up to {supported}); update Docket to open it"
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path}: the database is damaged ({detail}); restore the latest backup")]
    Corrupt { path: PathBuf, detail: String },

    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error(
        "{entity} {id} was changed by someone else meanwhile (in another window?); reopen it and make your change again"
    )]
    Conflict { entity: &'static str, id: i64 },

    #[error(
        "order {number} was changed meanwhile (in another window?): it is now '{status}'; nothing was moved"
    )]
    Moved { number: String, status: String },

    #[error("{entity} not found: {key}")]
    NotFound { entity: &'static str, key: String },

    #[error("{field} '{value}' is already used by another {entity}")]
    Duplicate {
        entity: &'static str,
        field: &'static str,
        value: String,
    },

    #[error("{0}")]
    Invalid(#[from] crate::domain::FieldError),

    #[error("{0}")]
    IllegalMove(#[from] crate::domain::order::IllegalMove),

    #[error("order {number}: {error}")]
    OrderMove {
        number: String,
        error: crate::domain::order::IllegalMove,
    },

    #[error("{file}, row {row}, field '{field}': {message}")]
    Input {
        file: String,
        row: usize,
        field: String,
        message: String,
    },

    #[error("{0}")]
    Message(String),

    #[error("cancelled; nothing was written")]
    Cancelled,

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    pub fn msg(m: impl Into<String>) -> Self {
        Error::Message(m.into())
    }
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
