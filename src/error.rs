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

    #[error("{}", words::conflict(entity, *id))]
    Conflict { entity: &'static str, id: i64 },

    #[error(
        "order {number} was changed meanwhile (in another window?): it is now '{status}'; nothing was moved"
    )]
    Moved { number: String, status: String },

    #[error("{}", words::not_found(entity, key))]
    NotFound { entity: &'static str, key: String },

    #[error("{}", words::duplicate(entity, field, value))]
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

    #[error("{}", words::cancelled())]
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

/// The wording of the errors a desk user meets most (a record another window changed, a code
/// not found or already used, a cancelled job) in the interface language. English is the
/// wording the command line and the tests know.
mod words {
    use crate::i18n::{Lang, lang};

    fn ru() -> bool {
        lang() == Lang::Ru
    }

    /// The Russian name of a kind of record (the names the store uses).
    fn entity_ru(entity: &str) -> &str {
        match entity {
            "order" => "заказ",
            "product" => "товар",
            "customer" => "клиент",
            "wave" => "волна",
            "document" => "документ",
            "registry" => "реестр",
            "claim" => "рекламация",
            "box" => "короб",
            "certificate" => "сертификат",
            "certificate scan" => "скан сертификата",
            "location" => "ячейка",
            "import profile" => "профиль импорта",
            "delivery point" => "точка доставки",
            "database file" => "файл базы",
            "contract" => "договор",
            "claim file" => "файл рекламации",
            "call back" => "обратный звонок",
            other => other,
        }
    }

    fn field_ru(field: &str) -> &str {
        match field {
            "code" => "код",
            "sku" => "артикул",
            "ean13" => "EAN-13",
            "number" => "номер",
            "name" => "название",
            "tax_id" | "inn" => "ИНН",
            other => other,
        }
    }

    pub fn not_found(entity: &str, key: &str) -> String {
        if ru() {
            format!("не найдено — {}: {key}", entity_ru(entity))
        } else {
            format!("{entity} not found: {key}")
        }
    }

    pub fn conflict(entity: &str, id: i64) -> String {
        if ru() {
            format!(
                "{} {id} тем временем изменён(а) кем-то ещё (в другом окне?); откройте заново и повторите изменение",
                entity_ru(entity)
            )
        } else {
            format!(
                "{entity} {id} was changed by someone else meanwhile (in another window?); reopen it and make your change again"
            )
        }
    }

    pub fn duplicate(entity: &str, field: &str, value: &str) -> String {
        if ru() {
            format!(
                "{} «{value}» уже занят(о): {} с таким значением уже есть",
                field_ru(field),
                entity_ru(entity)
            )
        } else {
            format!("{field} '{value}' is already used by another {entity}")
        }
    }

    pub fn cancelled() -> &'static str {
        if ru() {
            "отменено; ничего не записано"
        } else {
            "cancelled; nothing was written"
        }
    }

    #[cfg(test)]
    mod tests {
        use crate::error::Error;
        use crate::i18n::{Lang, set_lang};

        #[test]
        fn common_errors_speak_the_interface_language() {
            let e = Error::NotFound {
                entity: "location",
                key: "Z-99-99-9".into(),
            };
            assert_eq!(e.to_string(), "location not found: Z-99-99-9");
            set_lang(Lang::Ru);
            assert_eq!(e.to_string(), "не найдено — ячейка: Z-99-99-9");
            let d = Error::Duplicate {
                entity: "product",
                field: "sku",
                value: "A-1".into(),
            };
            assert_eq!(
                d.to_string(),
                "артикул «A-1» уже занят(о): товар с таким значением уже есть"
            );
            assert!(
                Error::Conflict {
                    entity: "order",
                    id: 7
                }
                .to_string()
                .starts_with("заказ 7 тем временем")
            );
            assert_eq!(Error::Cancelled.to_string(), "отменено; ничего не записано");
            set_lang(Lang::En);
            assert_eq!(d.to_string(), "sku 'A-1' is already used by another product");
            assert!(
                Error::Conflict {
                    entity: "order",
                    id: 7
                }
                .to_string()
                .starts_with("order 7 was changed")
            );
        }
    }
}
