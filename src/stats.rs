//! Claim statistics as reports: text and JSON for the command line, CSV tables.

use crate::store::Store;
use chrono::NaiveDate;
use std::path::Path;

/// `docket claims stats --from --to [--json] [--csv FILE]`.
pub fn run_cli(
    _store: &Store,
    _from: NaiveDate,
    _to: NaiveDate,
    _json: bool,
    _csv: Option<&Path>,
) -> crate::Result<i32> {
    Err(crate::Error::msg("claim statistics are not written yet"))
}
