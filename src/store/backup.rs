//! Backups through SQLite's online backup (safe while other windows write) and the integrity
//! check. Automatic daily backups live in `<db>-backups/` beside the database, 7 kept.

use super::Store;
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// How many automatic daily backups are kept.
pub const DAILY_KEEP: usize = 7;

/// `dir/stem.tag.sqlite` beside `path`.
pub(super) fn sibling(path: &Path, tag: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "docket".into());
    path.with_file_name(format!("{stem}.{tag}.sqlite"))
}

/// Copies the database behind `conn` to `target` page by page, then verifies the copy.
pub(super) fn backup_connection(conn: &Connection, target: &Path) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // write to a temporary name first: a half-written backup must never look like a backup
    let tmp = target.with_extension("partial");
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp).map_err(|e| Error::msg(format!("{}: {e}", tmp.display())))?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
            // page by page; a writer in another window may hold the file for a moment, but a
            // backup that cannot proceed for 30 s gives up instead of hanging
            let started = std::time::Instant::now();
            loop {
                use rusqlite::backup::StepResult;
                match b.step(256)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    _ if started.elapsed() > std::time::Duration::from_secs(30) => {
                        return Err(Error::msg(
                            "the backup waited 30 s for the database to be free; try again",
                        ));
                    }
                    _ => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        }
        let ok: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            let source = conn.path().filter(|p| !p.is_empty()).unwrap_or("the database");
            let detail: Vec<&str> = ok.lines().take(3).collect();
            return Err(Error::msg(format!(
                "{source}: the backup to {} failed its check, so the database itself is probably \
                 damaged (run `docket check`): {}",
                target.display(),
                detail.join("; ")
            )));
        }
        // a backup is one self-contained file: no WAL beside it
        dst.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))?;
        Ok(())
    })();
    if let Err(e) = copied {
        // a failed backup leaves nothing behind
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, target).map_err(|e| Error::io(target, e))?;
    Ok(())
}

/// A backup file found beside a database.
#[derive(Debug, Clone)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub modified: std::time::SystemTime,
    pub bytes: u64,
}

fn backup_dir(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "docket".into());
    db.with_file_name(format!("{name}-backups"))
}

/// Every backup of `db` (daily ones and those taken before migrations), newest first.
pub fn list_backups(db: &Path) -> Vec<BackupInfo> {
    let mut out = Vec::new();
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut scan = |dir: &Path, only_ours: bool| {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let name = p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(".sqlite") || p == db {
                continue;
            }
            if only_ours
                && !(name.starts_with(&format!("{stem}.before-"))
                    || name.starts_with(&format!("{stem}.daily-")))
            {
                continue;
            }
            if let Ok(m) = e.metadata() {
                out.push(BackupInfo {
                    path: p,
                    modified: m.modified().unwrap_or(std::time::UNIX_EPOCH),
                    bytes: m.len(),
                });
            }
        }
    };
    scan(&backup_dir(db), false);
    if let Some(parent) = db.parent() {
        scan(
            if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            },
            true,
        );
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.path.cmp(&a.path)));
    out
}

/// Where "back up now" writes: the backups folder beside the database, stamped to the second.
pub fn manual_backup_path(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    backup_dir(db).join(format!(
        "{stem}.manual-{}.sqlite",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    ))
}

pub fn latest_backup(db: &Path) -> Option<PathBuf> {
    list_backups(db).into_iter().next().map(|b| b.path)
}

/// Takes today's automatic backup if there is none yet, and keeps the last [`DAILY_KEEP`].
/// Returns the path written, if any.
pub fn daily_backup(store: &Store, today: chrono::NaiveDate) -> Result<Option<PathBuf>> {
    let dir = backup_dir(store.path());
    let stem = store
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = dir.join(format!("{stem}.daily-{today}.sqlite"));
    let written = if target.exists() {
        None
    } else {
        backup_connection(store.conn(), &target)?;
        Some(target)
    };
    let prefix = format!("{stem}.daily-");
    let mut daily: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with(&prefix) && n.to_string_lossy().ends_with(".sqlite")
            })
        })
        .collect();
    daily.sort(); // names carry the ISO date: sorting by name is sorting by day
    while daily.len() > DAILY_KEEP {
        let old = daily.remove(0);
        std::fs::remove_file(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(written)
}

/// What `docket check` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub path: String,
    pub schema_version: i64,
    pub ok: bool,
    pub problems: Vec<String>,
    pub foreign_key_problems: usize,
    pub orders: i64,
    pub customers: i64,
    pub products: i64,
}

impl Store {
    /// Online backup of the whole database to `target` (safe while the app is open).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target == self.path() {
            return Err(Error::msg("the backup cannot overwrite the database itself"));
        }
        backup_connection(&self.conn, target)
    }

    /// Integrity and foreign-key check, in plain words.
    pub fn check(&self) -> Result<CheckReport> {
        let path = self.path().to_path_buf();
        let map = |e| super::classify(&path, e);
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(map)?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(map)?
            .collect::<rusqlite::Result<_>>()
            .map_err(map)?;
        let problems: Vec<String> = problems.into_iter().filter(|p| p != "ok").collect();
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check").map_err(map)?;
        let foreign_key_problems = fk.query_map([], |_| Ok(())).map_err(map)?.count();
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let count = |t: &str| self.count(t).unwrap_or(-1);
        Ok(CheckReport {
            path: path.display().to_string(),
            schema_version: version,
            ok: problems.is_empty() && foreign_key_problems == 0,
            problems,
            foreign_key_problems,
            orders: count("orders"),
            customers: count("customers"),
            products: count("products"),
        })
    }
}
