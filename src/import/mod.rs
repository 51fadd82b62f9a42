//! Readers of the files the desk receives. Every reader checks the whole file first and
//! writes nothing unless every row is good (one transaction), naming file, row and field of
//! each problem.

pub mod decode;
pub mod grid;
pub mod mapping;
pub mod master;
pub mod orders;
pub mod run;
pub mod sheet;

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub file: String,
    /// Line in the file, the header being line 1.
    pub row: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, row {}, field '{}': {}",
            self.file, self.row, self.field, self.message
        )
    }
}

/// What an import did (or, on failure, why it did nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub file: String,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}
