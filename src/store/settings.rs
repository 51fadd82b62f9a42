//! Desk settings: JSON values by key.

use super::{OptionalExt, Stamp, Store, audit};
use crate::error::Result;
use rusqlite::params;

/// Settings with their keys and defaults.
pub mod keys {
    pub const COMPANY_NAME: &str = "company.name";
    pub const COMPANY_ADDRESS: &str = "company.address";
}

impl Store {
    pub fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let v: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .opt()?;
        Ok(v.and_then(|s| serde_json::from_str(&s).ok()))
    }

    pub fn set_setting<T: serde::Serialize>(&mut self, key: &str, value: &T, stamp: &Stamp) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| crate::Error::msg(e.to_string()))?;
        self.write(|c| {
            c.execute(
                "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
                     updated_by = excluded.updated_by",
                params![key, json, stamp.ts(), stamp.by],
            )?;
            audit(
                c,
                stamp,
                "settings",
                0,
                "update",
                serde_json::json!({ "key": key, "value": json }),
            )
        })
    }
}

impl Store {
    /// Saves the document controller's settings (days for signed copies per kind, and the days
    /// before a certificate's end when it warns) together, checked first, in one transaction.
    pub fn save_documents_settings(
        &mut self,
        due: &crate::domain::document::DueDays,
        warn_days: i64,
        stamp: &Stamp,
    ) -> Result<()> {
        due.validate()?;
        if !(1..=365).contains(&warn_days) {
            return Err(crate::domain::FieldError::new(
                "certificates.warn_days",
                "warn between 1 and 365 days before a certificate ends",
            )
            .into());
        }
        self.write(|c| {
            super::printing::put_setting_in(c, super::documents::keys::DUE_DAYS, due, stamp)?;
            super::printing::put_setting_in(c, super::certificates::keys::WARN_DAYS, &warn_days, stamp)
        })
    }
}
