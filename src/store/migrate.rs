//! Versioned migrations read from `schema.sql` (embedded at build time).

use super::{APPLICATION_ID, classify};
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

const SCHEMA: &str = include_str!("../../schema.sql");

/// The migrations of `schema.sql`: `(version, title, sql)` in order.
pub fn migrations() -> Vec<(i64, &'static str, &'static str)> {
    let mut out = Vec::new();
    let mut rest = SCHEMA;
    const MARK: &str = "\n-- migration ";
    while let Some(start) = rest.find(MARK) {
        let after = &rest[start + MARK.len()..];
        let line_end = after.find('\n').unwrap_or(after.len());
        let header = &after[..line_end];
        let (num, title) = header.split_once(':').unwrap_or((header, ""));
        let body_start = (line_end + 1).min(after.len());
        let body = &after[body_start..];
        let end = body.find(MARK).unwrap_or(body.len());
        let version: i64 = num
            .trim()
            .parse()
            .expect("schema.sql: migration header must be `-- migration N: title`");
        out.push((version, title.trim(), &body[..end]));
        rest = &body[end..];
    }
    out
}

/// The newest schema version this build knows.
pub static LATEST_VERSION: std::sync::LazyLock<i64> =
    std::sync::LazyLock::new(|| migrations().last().map_or(0, |m| m.0));

/// Reads the file's identity: is it ours, and of which version? Errors for foreign or newer files.
pub(super) fn identify(conn: &Connection, path: &Path) -> Result<i64> {
    // one statement, so one snapshot: another window may be migrating the file meanwhile
    let (app_id, version, tables): (i32, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT COUNT(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| classify(path, e))?;
    if app_id != APPLICATION_ID && (tables > 0 || version != 0) {
        return Err(Error::NotDocket {
            path: path.to_path_buf(),
        });
    }
    if version > *LATEST_VERSION {
        return Err(Error::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: *LATEST_VERSION,
        });
    }
    Ok(version)
}

/// Applies every migration newer than the file, each in its own transaction, after copying an
/// existing database to a timestamped backup beside it.
pub(super) fn bring_up_to_date(conn: &Connection, path: &Path) -> Result<()> {
    let seen = identify(conn, path)?;
    if seen == *LATEST_VERSION {
        return Ok(());
    }
    if seen > 0 {
        // An existing database: copy it aside first. (Not inside the transaction below: the
        // online backup cannot read through a connection that holds the write lock.) Readers
        // see committed states only, so a new file being created by another window reads as
        // version 0 here and is never backed up half-made.
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let target = super::backup::sibling(path, &format!("before-v{}-{stamp}", *LATEST_VERSION));
        super::backup::backup_connection(conn, &target)?;
    }
    // One IMMEDIATE transaction for the whole upgrade: a second window opening the same file
    // waits, then finds the work done; a failure leaves the file exactly as it was.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        let current = identify(conn, path)?; // again, under the write lock
        for (version, title, sql) in migrations().into_iter().filter(|m| m.0 > current) {
            conn.execute_batch(sql)
                .map_err(|e| Error::msg(format!("migration {version} ({title}) failed: {e}")))?;
            conn.execute_batch(&format!("PRAGMA user_version = {version};"))?;
        }
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_splits_into_numbered_migrations() {
        let m = migrations();
        assert!(!m.is_empty());
        for (i, (v, title, sql)) in m.iter().enumerate() {
            assert_eq!(*v, i as i64 + 1, "migrations are numbered 1, 2, 3...");
            assert!(!title.is_empty());
            assert!(sql.contains("CREATE") || sql.contains("ALTER"));
        }
    }
}
