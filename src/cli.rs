//! The command line of the same binary: the desk for automation and tests.

use crate::error::{Error, Result};
use crate::store::{Stamp, Store};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "docket",
    version,
    about = "Docket: the customer-service and dispatch desk of a wholesale warehouse"
)]
pub struct Cli {
    /// Database file (default: docket.sqlite in the OS data directory)
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// Open the desk on the demo database (created beside the default one on first use)
    #[arg(long)]
    pub demo: bool,
    /// Interface language: en or ru (default: the one chosen in Settings)
    #[arg(long)]
    pub lang: Option<String>,
    /// Workstation user recorded on changes (default: the one asked at first start)
    #[arg(long, global = true)]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Fill a new database with realistic demo data
    Demo {
        /// Number of orders
        #[arg(long, default_value_t = 500)]
        orders: usize,
        /// Random seed: the same seed gives the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of products
        #[arg(long, default_value_t = 200)]
        products: usize,
        /// Number of customers
        #[arg(long, default_value_t = 50)]
        customers: usize,
    },
    /// Import master data from CSV (all rows or none)
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Copy the database with SQLite's online backup (safe while the app is open)
    Backup {
        /// Target file
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Benchmarks (figures for docs/BENCHMARKS.md)
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Check the database's integrity and report in plain words
    Check {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchWhat {
    /// The dispatch board on a large database built in a temp dir
    Board {
        /// Open orders on the board
        #[arg(long, default_value_t = 10_000)]
        orders: usize,
        /// Closed (delivered) orders in the file
        #[arg(long, default_value_t = 200_000)]
        closed: usize,
        /// Frames to measure
        #[arg(long, default_value_t = 200)]
        frames: usize,
    },
    /// Print a peer-benchmark JSON file (../shared/bench-peers: labels or picking list) to PDF
    PrintJson {
        /// peerbench.labels.v1 or peerbench.picking.v1 JSON
        file: PathBuf,
        /// Output PDF
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// Products: sku,name,barcode,unit,box_qty,weight_kg,location
    Products {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Customers: code,name,tax_id,address,phone,email
    Customers {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// Where Docket keeps its files on this machine.
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "Docket")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn default_db() -> PathBuf {
    data_dir().join("docket.sqlite")
}

/// The demo database lives beside the default one, never in it.
pub fn demo_db() -> PathBuf {
    data_dir().join("docket-demo.sqlite")
}

/// Who the CLI records on changes.
pub fn cli_user(cli: &Cli) -> String {
    cli.user.clone().unwrap_or_else(|| {
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "cli".into());
        format!("{login} (cli)")
    })
}

/// Creates the demo database if missing; returns its path.
pub fn ensure_demo(path: &Path) -> Result<()> {
    let mut store = Store::open(path)?;
    if store.count("orders")? == 0 && store.count("customers")? == 0 {
        crate::demo::fill(&mut store, &crate::demo::DemoSpec::default())?;
    }
    Ok(())
}

/// Runs a subcommand; returns the process exit code. Output goes to stdout, errors to stderr.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    match run_inner(cli, command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("docket: {e}");
            if let Error::Corrupt { path, .. } | Error::NotDocket { path } = &e
                && let Some(b) = crate::store::latest_backup(path)
            {
                eprintln!("docket: the latest backup is {}", b.display());
            }
            1
        }
    }
}

fn run_inner(cli: &Cli, command: &Command) -> Result<i32> {
    let db = cli.db.clone().unwrap_or_else(default_db);
    let user = cli_user(cli);
    match command {
        Command::Demo {
            orders,
            seed,
            products,
            customers,
        } => {
            let mut store = Store::open(&db)?;
            let spec = crate::demo::DemoSpec {
                products: *products,
                customers: *customers,
                orders: *orders,
                seed: *seed,
                anchor: chrono::Utc::now(),
            };
            let started = std::time::Instant::now();
            let n = crate::demo::fill(&mut store, &spec)?;
            println!(
                "{}: {} products, {} customers, {} orders of demo data in {:.1} s",
                db.display(),
                n.products,
                n.customers,
                n.orders,
                started.elapsed().as_secs_f64()
            );
            Ok(0)
        }
        Command::Import { what } => {
            let (file, json, products) = match what {
                ImportWhat::Products { file, json } => (file, *json, true),
                ImportWhat::Customers { file, json } => (file, *json, false),
            };
            let mut store = Store::open(&db)?;
            let stamp = Stamp::now(user);
            let report = if products {
                crate::import::master::import_products(&mut store, file, &stamp)?
            } else {
                crate::import::master::import_customers(&mut store, file, &stamp)?
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else if report.ok() {
                println!(
                    "{}: {} rows, {} added, {} updated, {} unchanged",
                    file.display(),
                    report.rows,
                    report.inserted,
                    report.updated,
                    report.unchanged
                );
            }
            if !report.ok() {
                for e in &report.errors {
                    eprintln!("docket: {e}");
                }
                eprintln!(
                    "docket: nothing was imported ({} problem(s))",
                    report.errors.len()
                );
                return Ok(2);
            }
            Ok(0)
        }
        Command::Bench {
            what:
                BenchWhat::Board {
                    orders,
                    closed,
                    frames,
                },
        } => {
            crate::bench::run_board(&crate::bench::BoardBench {
                open: *orders,
                closed: *closed,
                frames: *frames,
                width: 1600.0,
                height: 1000.0,
            })?;
            Ok(0)
        }
        Command::Bench {
            what: BenchWhat::PrintJson { file, out },
        } => {
            let pdf = crate::print::peer::render_file(file)?;
            std::fs::write(out, pdf.bytes).map_err(|e| Error::io(out, e))?;
            Ok(0)
        }
        Command::Backup { out } => {
            let store = Store::open_existing(&db)?;
            store.backup_to(out)?;
            println!("{} -> {} (online backup, checked)", db.display(), out.display());
            Ok(0)
        }
        Command::Check { json } => {
            let store = Store::open_existing(&db)?;
            let report = store.check()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else if report.ok {
                println!(
                    "{}: OK. Schema version {}, {} orders, {} customers, {} products; no damage, no broken links.",
                    report.path, report.schema_version, report.orders, report.customers, report.products
                );
            } else {
                println!("{}: PROBLEMS FOUND.", report.path);
                for p in &report.problems {
                    println!("  - {p}");
                }
                if report.foreign_key_problems > 0 {
                    println!(
                        "  - {} rows point at records that do not exist",
                        report.foreign_key_problems
                    );
                }
                if let Some(b) = crate::store::latest_backup(&db) {
                    println!("The latest backup is {}", b.display());
                }
            }
            Ok(if report.ok { 0 } else { 3 })
        }
    }
}
