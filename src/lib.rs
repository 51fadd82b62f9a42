//! Docket: the customer-service and dispatch desk of a wholesale warehouse.
//!
//! - [`domain`]: pure types and rules (no IO);
//! - [`store`]: the SQLite file, the only place with SQL;
//! - [`import`]: readers of the files the desk receives;
//! - [`demo`]: a realistic demo database;
//! - [`ui`]: the egui desk, one file per panel;
//! - [`cli`]: the command line of the same binary.

/// `println!` for the command line: when the reader goes away (`docket … | head`) the process
/// ends quietly with status 141 (128 + SIGPIPE), as Unix tools do, instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::cli::stdout_failed(e);
        }
    }};
}

pub mod bench;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod print;
pub mod stats;
pub mod store;
pub mod ui;

pub use error::{Error, Result};
