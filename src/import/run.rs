//! `docket import orders`: read, check, land in one transaction, and say what happened in
//! words or in JSON. The UI's import dialog goes through the same [`preview`] and
//! `Store::commit_import`.

use super::orders::{self, Parsed, Problem, Settings};
use crate::error::{Error, Result};
use crate::print::Progress;
use crate::store::{Stamp, Store};
use std::path::{Path, PathBuf};

/// Reads a file against the database's products, customers and profiles.
pub fn preview(
    store: &Store,
    path: &Path,
    settings: &Settings,
    profile: Option<&str>,
    progress: &Progress,
) -> Result<Parsed> {
    let catalog = store.import_catalog()?;
    let profiles = store.import_profiles()?;
    orders::read(path, &catalog, settings, &profiles, profile, progress)
}

/// The report of rejected rows beside the file: `orders.csv` → `orders.rejected.csv`.
pub fn default_report_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    file.with_file_name(format!("{stem}.rejected.csv"))
}

pub struct CliImport<'a> {
    pub file: &'a Path,
    pub customer: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub dry_run: bool,
    pub valid_only: bool,
    pub report: Option<&'a Path>,
    pub draft: bool,
    pub json: bool,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    file: String,
    format: &'a str,
    profile: Option<&'a str>,
    dry_run: bool,
    imported: bool,
    /// Orders (and their lines) imported, or in a dry run, importable.
    orders: usize,
    lines: usize,
    order_numbers: Vec<String>,
    /// (sender's number, our number) of orders imported before, left alone.
    skipped: Vec<(String, String)>,
    rejected_orders: usize,
    problem_count: usize,
    rejected: &'a [Problem],
    report: Option<String>,
    error: Option<String>,
}

/// Runs the command; returns the exit code (0 imported, 2 problems stopped it, 1 unreadable).
pub fn import_orders_cli(store: &mut Store, a: &CliImport, stamp: &Stamp) -> i32 {
    let mut settings = Settings {
        customer: a.customer.map(str::to_string),
        ..Default::default()
    };
    if a.draft {
        settings.initial = Some(orders::Initial::Draft);
    }
    let fail = |e: &Error, code: i32| {
        if a.json {
            let out = JsonOut {
                file: a.file.display().to_string(),
                format: "",
                profile: None,
                dry_run: a.dry_run,
                imported: false,
                orders: 0,
                lines: 0,
                order_numbers: vec![],
                skipped: vec![],
                rejected_orders: 0,
                problem_count: 1,
                rejected: &[],
                report: None,
                error: Some(e.to_string()),
            };
            crate::outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        eprintln!("docket: {e}");
        code
    };
    let parsed = match preview(store, a.file, &settings, a.profile, &Progress::new()) {
        Ok(p) => p,
        Err(e) => return fail(&e, 1),
    };
    let valid: Vec<&orders::Order> = parsed.valid_orders().collect();
    let invalid = parsed.orders.iter().filter(|o| !o.valid()).count();
    let already: Vec<(String, String)> = parsed
        .orders
        .iter()
        .filter(|o| o.valid())
        .filter_map(|o| o.existing.clone().map(|n| (o.external_no.clone(), n)))
        .collect();
    let clean = parsed.problem_count == 0 && invalid == 0;
    let mut report = None;
    let mut committed = None;
    let mut error = None;
    // with --valid-only, only when there is a valid order to land: a file whose problems
    // concern the whole file (no data rows, no columns found, no customer) has none
    if !a.dry_run && (clean || (a.valid_only && !valid.is_empty())) {
        match store.commit_import(&parsed, a.valid_only, stamp) {
            Ok(c) => committed = Some(c),
            Err(e) => error = Some(e),
        }
    }
    if a.valid_only && !clean && !a.dry_run && committed.is_some() {
        let path = a
            .report
            .map(Path::to_path_buf)
            .unwrap_or_else(|| default_report_path(a.file));
        match orders::write_report(a.file, &parsed, &path) {
            Ok(_) => report = Some(path.display().to_string()),
            Err(e) => eprintln!("docket: the report of rejected rows could not be written: {e}"),
        }
    }
    let (n_orders, n_lines, numbers, skipped) = match &committed {
        Some(c) => (
            c.orders.len(),
            c.lines,
            c.orders.iter().map(|(n, _)| n.clone()).collect(),
            c.skipped.clone(),
        ),
        None => (
            valid.len(),
            valid.iter().map(|o| o.lines.len()).sum(),
            vec![],
            already.clone(),
        ),
    };
    let code = if error.is_some() {
        2
    } else if a.dry_run {
        if clean { 0 } else { 2 }
    } else if committed.is_some() {
        0
    } else {
        2
    };
    if a.json {
        let out = JsonOut {
            file: parsed.file.clone(),
            format: &parsed.format,
            profile: parsed.profile.as_deref(),
            dry_run: a.dry_run,
            imported: committed.is_some(),
            orders: if committed.is_some() || a.dry_run {
                n_orders
            } else {
                0
            },
            lines: if committed.is_some() || a.dry_run {
                n_lines
            } else {
                0
            },
            order_numbers: numbers,
            skipped,
            rejected_orders: invalid,
            problem_count: parsed.problem_count,
            rejected: &parsed.problems,
            report: report.clone(),
            error: error.as_ref().map(|e| e.to_string()),
        };
        crate::outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        crate::outln!("{}: {}", parsed.file, parsed.format);
        if let Some(p) = &parsed.profile {
            crate::outln!("profile: {p}");
        }
        for n in parsed.notes.iter().take(20) {
            crate::outln!("note: {n}");
        }
        if committed.is_some() {
            crate::outln!("{n_orders} orders with {n_lines} lines imported");
        } else if a.dry_run {
            crate::outln!(
                "dry run: {n_orders} orders with {n_lines} lines can be imported; nothing was written"
            );
        }
        for (ext, ours) in &skipped {
            crate::outln!("{ext}: imported before as order {ours}; left as it is");
        }
        if let Some(r) = &report {
            crate::outln!("{invalid} orders rejected; their rows are in {r}");
        }
    }
    for p in &parsed.problems {
        eprintln!("docket: {p}");
    }
    if parsed.problem_count > parsed.problems.len() {
        eprintln!(
            "docket: … and {} more problems",
            parsed.problem_count - parsed.problems.len()
        );
    }
    if let Some(e) = &error {
        eprintln!("docket: {e}");
    } else if !clean && !a.dry_run && committed.is_none() {
        if a.valid_only {
            eprintln!(
                "docket: nothing was imported ({} problem(s)); the file has no new valid order",
                parsed.problem_count.max(invalid)
            );
        } else {
            eprintln!(
                "docket: nothing was imported ({} problem(s)); fix the file, or use --valid-only",
                parsed.problem_count.max(invalid)
            );
        }
    }
    code
}
