//! The SQLite file: the only module that writes SQL. Every public write is one transaction.
//!
//! Business queries use portable SQL (no SQLite-only functions) so that a PostgreSQL team mode
//! can follow; SQLite specifics (pragmas, online backup) stay in this file and `backup.rs`.

mod backup;
pub mod board;
pub mod certificates;
pub mod claim_stats;
pub mod claims;
mod customers;
pub mod documents;
mod export;
pub mod imports;
mod migrate;
mod orders;
pub mod printing;
mod products;
pub mod settings;

pub use backup::{BackupInfo, CheckReport, daily_backup, latest_backup, list_backups, manual_backup_path};
pub use board::{BOARD_STATUSES, BoardOrder, WaveRow};
pub use claims::{
    CallbackRow, ClaimDetail, ClaimEventView, ClaimFilter, ClaimLineView, ClaimRow, ContactDraft,
    ContactFilter, ContactRow, EvidenceRow, FileRow, People, ReturnLineView, ReturnOutcome, ReturnRow,
};
pub use customers::CustomerRow;
pub use export::{CustomerExportRow, OrderExportRow, OrderFilter, OrderLineExportRow, ProductExportRow};
pub use migrate::{LATEST_VERSION, migrations};
pub use orders::{EventView, Found, OrderDetail, OrderLineView, OrderSummary, Origin};
pub use printing::{
    BoxRow, LabelOrder, PickingHeader, PickingLine, PickingOrder, PickingWave, PrintJob, PrintJobRow,
    PrintKind, PrintSettings, PrinterChoice, ProductLabel,
};
pub use products::{ProductHit, ProductRow};

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a Docket file ("DKT1"): tells our files from other SQLite files.
pub const APPLICATION_ID: i32 = 0x444B_5431;

/// How long a writer waits for another window's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Who makes a change and when: recorded on every row and in the audit log.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

impl Stamp {
    pub fn now(by: impl Into<String>) -> Self {
        Stamp {
            by: by.into(),
            at: Utc::now(),
        }
    }
    pub fn at(by: impl Into<String>, at: DateTime<Utc>) -> Self {
        Stamp { by: by.into(), at }
    }
    pub fn ts(&self) -> String {
        fmt_ts(self.at)
    }
}

/// A time as stored: UTC, ISO 8601, seconds.
pub fn fmt_ts(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// An open Docket database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) a Docket database and brings its schema up to date, backing the file
    /// up first when it has to migrate an existing one. Refuses other files with a clear error.
    pub fn open(path: &Path) -> Result<Store> {
        let exists = path.exists();
        if exists {
            sniff_header(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            false,
        )?;
        migrate::bring_up_to_date(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing Docket database without creating or migrating anything (for
    /// `check` and `backup`).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotFound {
                entity: "database file",
                key: path.display().to_string(),
            });
        }
        sniff_header(path)?;
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE, true)?;
        migrate::identify(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes whenever another connection commits to the file: poll it to refresh views.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it lands, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Read access for the query functions of this module.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// `existing_only`: refuse a file without Docket's schema (empty, or never migrated) instead of
/// making it a database.
fn connect(path: &Path, flags: OpenFlags, existing_only: bool) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Identify the file before anything writes to it (switching to WAL rewrites the header of
    // a foreign file): a foreign or newer file is left as it was. Damage shows here, too.
    let version = migrate::identify(&conn, path)?;
    if existing_only && version == 0 {
        return Err(Error::NotDocket {
            path: path.to_path_buf(),
        });
    }
    // Switching a new file to WAL needs it alone and does not wait for the busy timeout by
    // itself: when two windows create the same file at once, retry for as long.
    let started = std::time::Instant::now();
    let mode: String = loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => break other.map_err(|e| classify(path, e))?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::msg(format!(
            "{}: cannot switch the database to WAL mode ({mode})",
            path.display()
        )));
    }
    conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;")?;
    Ok(conn)
}

/// A file that does not start like SQLite is not ours: say so before SQLite touches it.
fn sniff_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|e| Error::io(path, e))?;
    if n == 0 {
        return Ok(()); // an empty file becomes a new database
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(Error::NotDocket {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Turns SQLite's codes for a bad file into our plain errors.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotDocket {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => Error::Sqlite(e),
    }
}

/// Maps a UNIQUE violation to a `Duplicate` error naming the field.
pub(crate) fn unique_err(
    e: rusqlite::Error,
    entity: &'static str,
    field: &'static str,
    value: &str,
) -> Error {
    if let rusqlite::Error::SqliteFailure(f, Some(m)) = &e
        && f.code == rusqlite::ErrorCode::ConstraintViolation
        && m.contains("UNIQUE")
    {
        return Error::Duplicate {
            entity,
            field,
            value: value.to_string(),
        };
    }
    Error::Sqlite(e)
}

/// Appends one row to the audit log.
pub(crate) fn audit(
    c: &Connection,
    stamp: &Stamp,
    entity: &str,
    id: i64,
    action: &str,
    changes: serde_json::Value,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO audit_log (at, by_user, entity, entity_id, action, changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![stamp.ts(), stamp.by, entity, id, action, changes.to_string()])?;
    Ok(())
}

/// The fields that differ between two serialisations: `{field: [old, new]}`.
pub(crate) fn diff<T: serde::Serialize>(old: &T, new: &T) -> serde_json::Value {
    let (a, b) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    let mut out = serde_json::Map::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, vb) in b {
            if k == "version" || k == "id" {
                continue;
            }
            let va = a.get(k).cloned().unwrap_or(serde_json::Value::Null);
            if &va != vb {
                out.insert(k.clone(), serde_json::json!([va, vb]));
            }
        }
    }
    serde_json::Value::Object(out)
}

/// Takes the next number of a named counter (inside the caller's transaction).
pub(crate) fn next_counter(c: &Connection, name: &str) -> Result<i64> {
    c.execute(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1",
        [name],
    )?;
    Ok(c.query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| r.get(0))?)
}

/// How many rows a table has (for reports and tests).
impl Store {
    pub fn count(&self, table: &str) -> Result<i64> {
        // table names come from code, never from users
        debug_assert!(table.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        Ok(self
            .conn
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    }

    pub fn audit_count(&self, entity: &str, id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE entity = ?1 AND entity_id = ?2",
            rusqlite::params![entity, id],
            |r| r.get(0),
        )?)
    }
}

pub(crate) trait OptionalExt<T> {
    fn opt(self) -> Result<Option<T>>;
}
impl<T> OptionalExt<T> for rusqlite::Result<T> {
    fn opt(self) -> Result<Option<T>> {
        Ok(self.optional()?)
    }
}

// Transaction-level writers for bulk work (imports, demo data) that must share one transaction.
pub use customers::save_customer_in as save_customer_tx;
pub use customers::{save_contract_in as save_contract_tx, save_delivery_point_in as save_delivery_point_tx};
pub use orders::{create_order_in as create_order_tx, move_order_in as move_order_tx};
pub use printing::{
    assign_boxes_in as assign_boxes_tx, put_setting_in as set_setting_tx,
    set_gs1_prefix_in as set_gs1_prefix_tx,
};
pub use products::save_product_in as save_product_tx;
