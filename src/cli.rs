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
    /// Print picking lists, box labels and warehouse barcodes (to a PDF/ZPL file or a printer)
    Print {
        #[command(subcommand)]
        what: PrintWhat,
    },
    /// Export a list (orders, lines, customers, products, price-list) to a .csv or .xlsx file
    Export(crate::export::ExportArgs),
    /// Claims: statistics for management
    Claims {
        #[command(subcommand)]
        what: ClaimsWhat,
    },
    /// The document register: overdue signed copies, receiving scanned codes
    Documents {
        #[command(subcommand)]
        what: DocumentsWhat,
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
    /// Import a generated CSV of order lines (1C style) and compare with bare SQLite inserts
    Import {
        /// Order lines in the file
        #[arg(long, default_value_t = 100_000)]
        lines: usize,
        /// Orders they make
        #[arg(long, default_value_t = 10_000)]
        orders: usize,
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

/// Where a print goes: a file, or a CUPS printer.
#[derive(clap::Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub struct PrintTo {
    /// Write the document to this file
    #[arg(short = 'o', long = "out")]
    pub out: Option<PathBuf>,
    /// Send it to this printer (CUPS queue name; `lpstat -e` lists them)
    #[arg(long)]
    pub printer: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ClaimsWhat {
    /// Claims received in a period: counts by kind, culprit, customer and person, the share of
    /// orders with a claim, late answers and the mean answer time in working hours
    Stats {
        /// First day (YYYY-MM-DD)
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day (YYYY-MM-DD), included
        #[arg(long)]
        to: chrono::NaiveDate,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Also write the tables to this CSV file
        #[arg(long)]
        csv: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum DocumentsWhat {
    /// Signed copies overdue, per client (most overdue first); exit code 0 either way
    Overdue {
        /// The day to judge on (YYYY-MM-DD; default today)
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Mark signed copies received by their register codes (DOC-0000123), as a scanner would;
    /// each code is one transaction, bad codes are reported and change nothing (exit code 2)
    Receive {
        #[arg(required = true)]
        codes: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum PrintWhat {
    /// A registry of documents (A4 with signature lines): the registry of that kind and day,
    /// or a new one built from the documents that fit when there is none yet
    Registry {
        /// The registry's day (YYYY-MM-DD)
        #[arg(long)]
        date: chrono::NaiveDate,
        /// shipments, self-pickup or accounting
        #[arg(long, default_value = "shipments")]
        kind: String,
        /// Build a new registry of the documents not yet in one, even when one exists
        #[arg(long)]
        new: bool,
        #[command(flatten)]
        to: PrintTo,
    },
    /// The certificate pack of an order: a title page, then every valid certificate's scans
    Certificates {
        /// Order number
        #[arg(long)]
        order: String,
        /// The day validity is judged on (YYYY-MM-DD; default today)
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[command(flatten)]
        to: PrintTo,
    },
    /// The claim act / answer to the client of a claim (A4 PDF)
    Claim {
        /// Claim number, e.g. CL-2026-00001
        number: String,
        /// Language of the act: ru or en (default: the claim's own)
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        to: PrintTo,
    },
    /// A4 picking list of an order or a wave, in walking order
    Picking {
        /// Order number
        #[arg(long, conflicts_with = "wave", required_unless_present = "wave")]
        order: Option<String>,
        /// Wave number
        #[arg(long)]
        wave: Option<String>,
        /// For a wave: the same product summed, then a split list per order
        #[arg(long)]
        consolidated: bool,
        /// Move the printed released orders into picking with this picker named
        #[arg(long)]
        picker: Option<String>,
        #[command(flatten)]
        to: PrintTo,
    },
    /// Box labels of an order with the GS1-128 barcode of each box's SSCC
    Labels {
        /// Order number
        #[arg(long)]
        order: String,
        /// Label size: 100x150, 100x100, 58x40 or a4
        #[arg(long, default_value = "100x150")]
        size: String,
        /// pdf, or zpl for Zebra-compatible thermal printers
        #[arg(long, default_value = "pdf")]
        format: String,
        /// Printer resolution for ZPL: 203 or 300
        #[arg(long, default_value_t = 203)]
        dpi: u16,
        /// Reprint only this box (its number in the order)
        #[arg(long = "box")]
        box_no: Option<i64>,
        #[command(flatten)]
        to: PrintTo,
    },
    /// Location labels (Code 128 and large text) for a range of locations in walking order
    Locations {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Label size: a4 (2 x 7 grid), 100x150, 100x100 or 58x40
        #[arg(long, default_value = "a4")]
        size: String,
        #[command(flatten)]
        dest: PrintTo,
    },
    /// Product labels (EAN-13, name, SKU)
    Products {
        /// SKUs to print (repeat the option)
        #[arg(long = "sku", required = true)]
        skus: Vec<String>,
        /// Label size: a4, 100x150, 100x100 or 58x40
        #[arg(long, default_value = "58x40")]
        size: String,
        #[command(flatten)]
        to: PrintTo,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// Orders from a CSV registry or a client's spreadsheet (.xlsx, .xls, .ods): all or
    /// nothing unless --valid-only. Exit code 0 when the import succeeded, 2 when problems
    /// stopped it (nothing written), 1 when the file cannot be read at all.
    Orders {
        file: PathBuf,
        /// Customer code (or tax id) of every order in the file, e.g. a client's price list.
        #[arg(long)]
        customer: Option<String>,
        /// The saved import profile to read the file with (else one is found by file name or header).
        #[arg(long)]
        profile: Option<String>,
        /// Read and check only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the valid orders and write the rejected rows to a report.
        #[arg(long)]
        valid_only: bool,
        /// Where the rejected rows go (default: beside the file, NAME.rejected.csv).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Imported orders stay drafts (default: awaiting confirmation, or the profile's choice).
        #[arg(long)]
        draft: bool,
        /// Print {"orders": N, "lines": M, "rejected": [...]} with row-level reasons.
        #[arg(long)]
        json: bool,
    },
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
            crate::outln!(
                "{}: {} products, {} customers, {} orders of demo data in {:.1} s",
                db.display(),
                n.products,
                n.customers,
                n.orders,
                started.elapsed().as_secs_f64()
            );
            Ok(0)
        }
        Command::Import {
            what:
                ImportWhat::Orders {
                    file,
                    customer,
                    profile,
                    dry_run,
                    valid_only,
                    report,
                    draft,
                    json,
                },
        } => {
            let opts = crate::import::run::CliImport {
                file,
                customer: customer.as_deref(),
                profile: profile.as_deref(),
                dry_run: *dry_run,
                valid_only: *valid_only,
                report: report.as_deref(),
                draft: *draft,
                json: *json,
            };
            let mut store = Store::open(&db)?;
            Ok(crate::import::run::import_orders_cli(
                &mut store,
                &opts,
                &Stamp::now(user),
            ))
        }
        Command::Import { what } => {
            let (file, json, products) = match what {
                ImportWhat::Products { file, json } => (file, *json, true),
                ImportWhat::Customers { file, json } => (file, *json, false),
                ImportWhat::Orders { .. } => unreachable!("handled above"),
            };
            let mut store = Store::open(&db)?;
            let stamp = Stamp::now(user);
            let report = if products {
                crate::import::master::import_products(&mut store, file, &stamp)?
            } else {
                crate::import::master::import_customers(&mut store, file, &stamp)?
            };
            if json {
                crate::outln!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else if report.ok() {
                crate::outln!(
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
            what: BenchWhat::Import { lines, orders },
        } => {
            crate::bench::run_import(*lines, *orders)?;
            Ok(0)
        }
        Command::Bench {
            what: BenchWhat::PrintJson { file, out },
        } => {
            let pdf = crate::print::peer::render_file(file)?;
            std::fs::write(out, pdf.bytes).map_err(|e| Error::io(out, e))?;
            Ok(0)
        }
        Command::Print { what } => {
            let mut store = Store::open_existing(&db)?;
            print_command(&mut store, what, &Stamp::now(user))
        }
        Command::Export(args) => crate::export::run_cli(&db, cli.lang.as_deref(), args),
        Command::Claims {
            what: ClaimsWhat::Stats { from, to, json, csv },
        } => {
            let store = Store::open_existing(&db)?;
            crate::stats::run_cli(&store, *from, *to, *json, csv.as_deref())
        }
        Command::Documents { what } => {
            let mut store = Store::open_existing(&db)?;
            documents_command(&mut store, what, &Stamp::now(user))
        }
        Command::Backup { out } => {
            let store = Store::open_existing(&db)?;
            store.backup_to(out)?;
            crate::outln!("{} -> {} (online backup, checked)", db.display(), out.display());
            Ok(0)
        }
        Command::Check { json } => {
            let store = Store::open_existing(&db)?;
            let report = store.check()?;
            if *json {
                crate::outln!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else if report.ok {
                crate::outln!(
                    "{}: OK. Schema version {}, {} orders, {} customers, {} products; no damage, no broken links.",
                    report.path,
                    report.schema_version,
                    report.orders,
                    report.customers,
                    report.products
                );
            } else {
                crate::outln!("{}: PROBLEMS FOUND.", report.path);
                for p in &report.problems {
                    crate::outln!("  - {p}");
                }
                if report.foreign_key_problems > 0 {
                    crate::outln!(
                        "  - {} rows point at records that do not exist",
                        report.foreign_key_problems
                    );
                }
                if let Some(b) = crate::store::latest_backup(&db) {
                    crate::outln!("The latest backup is {}", b.display());
                }
            }
            Ok(if report.ok { 0 } else { 3 })
        }
    }
}

fn label_size(code: &str) -> Result<crate::print::labels::LabelSize> {
    crate::print::labels::LabelSize::parse(code)
        .ok_or_else(|| Error::msg(format!("--size '{code}': use one of 100x150, 100x100, 58x40, a4")))
}

/// Sends a finished document where `to` says; returns a description for the print log.
fn emit(bytes: Vec<u8>, zpl: bool, to: &PrintTo, media: &str, title: &str) -> Result<String> {
    use crate::print::output::{Payload, Target, deliver};
    let payload = if zpl {
        Payload::Zpl(bytes)
    } else {
        Payload::Pdf(bytes)
    };
    let target = match (&to.out, &to.printer) {
        (Some(path), _) => Target::File(path.clone()),
        (None, Some(name)) => Target::Printer {
            name: name.clone(),
            media: media.to_owned(),
        },
        (None, None) => return Err(Error::msg("say where to print: -o FILE or --printer NAME")),
    };
    let done = deliver(&payload, &target, title)?;
    crate::outln!("{}", done.description);
    Ok(match (&to.out, &to.printer) {
        (Some(path), _) => path.display().to_string(),
        (_, Some(name)) => name.clone(),
        _ => String::new(),
    })
}

fn print_command(store: &mut Store, what: &PrintWhat, stamp: &Stamp) -> Result<i32> {
    use crate::print::output::media_for_mm;
    use crate::print::{Progress, jobs, labels, picking, warehouse};
    use crate::store::printing::{PrintJob, PrintKind};
    let progress = Progress::new();
    match what {
        PrintWhat::Picking {
            order,
            wave,
            consolidated,
            picker,
            to,
        } => {
            let (doc, order_ids, wave_id) = match (order, wave) {
                (Some(no), _) => {
                    let id = store.order_by_number(no)?.ok_or_else(|| Error::NotFound {
                        entity: "order",
                        key: no.clone(),
                    })?;
                    (jobs::order_picking(store, id, &stamp.by)?, vec![id], None)
                }
                (None, Some(no)) => {
                    let id = store.wave_by_number(no)?.ok_or_else(|| Error::NotFound {
                        entity: "wave",
                        key: no.clone(),
                    })?;
                    let mode = if *consolidated {
                        picking::PickMode::Consolidated
                    } else {
                        picking::PickMode::Lines
                    };
                    let ids = store
                        .picking_wave(id)?
                        .orders
                        .iter()
                        .map(|o| o.order_id)
                        .collect();
                    (jobs::wave_picking(store, id, mode, &stamp.by)?, ids, Some(id))
                }
                (None, None) => return Err(Error::msg("say which: --order NO or --wave NO")),
            };
            let pdf = picking::picking_pdf(&doc, &progress)?;
            let pages = pdf.pages as i64;
            let target = emit(
                pdf.bytes,
                false,
                to,
                "A4",
                &format!("{} {}", crate::i18n::tr("Picking list"), doc.number),
            )?;
            store.record_print(
                &PrintJob {
                    kind: PrintKind::Picking,
                    order_id: if wave_id.is_none() {
                        order_ids.first().copied()
                    } else {
                        None
                    },
                    wave_id,
                    detail: format!("{} ({} lines)", doc.number, doc.lines.len()),
                    pages,
                    target,
                    boxes: Vec::new(),
                },
                stamp,
            )?;
            if let Some(p) = picker {
                let moved = jobs::start_picking(store, &order_ids, p, stamp)?;
                crate::outln!("{moved} order(s) moved into picking, picker {p}");
            }
            Ok(0)
        }
        PrintWhat::Labels {
            order,
            size,
            format,
            dpi,
            box_no,
            to,
        } => {
            let size = label_size(size)?;
            let id = store.order_by_number(order)?.ok_or_else(|| Error::NotFound {
                entity: "order",
                key: order.clone(),
            })?;
            let mut all = jobs::order_labels(store, id, stamp)?;
            if let Some(n) = box_no {
                all.retain(|(_, l)| i64::from(l.box_no) == *n);
                if all.is_empty() {
                    return Err(Error::NotFound {
                        entity: "box",
                        key: format!("{order} box {n}"),
                    });
                }
            }
            let (ids, labels): (Vec<i64>, Vec<labels::BoxLabel>) = all.into_iter().unzip();
            let zpl = match format.to_ascii_lowercase().as_str() {
                "pdf" => false,
                "zpl" => true,
                other => return Err(Error::msg(format!("--format '{other}': use pdf or zpl"))),
            };
            let bytes = if zpl {
                crate::print::zpl::labels_zpl(&labels, size, *dpi, &progress)?
            } else {
                labels::labels_pdf(&labels, size, &progress)?.bytes
            };
            let (w, h) = size.page_mm();
            let pages = labels.len().div_ceil(size.per_page()) as i64;
            let title = format!("{} {order}", crate::i18n::tr("Box labels"));
            let target = emit(bytes, zpl, to, &media_for_mm(w, h), &title)?;
            store.record_print(
                &PrintJob {
                    kind: PrintKind::Labels,
                    order_id: Some(id),
                    wave_id: None,
                    detail: format!(
                        "{} label(s) {}{}",
                        labels.len(),
                        size.code(),
                        if zpl { " ZPL" } else { "" }
                    ),
                    pages,
                    target,
                    boxes: ids,
                },
                stamp,
            )?;
            Ok(0)
        }
        PrintWhat::Locations {
            from,
            to: last,
            size,
            dest,
        } => {
            let size = label_size(size)?;
            let codes = store.locations_range(from, last)?;
            let pdf = warehouse::locations_pdf(&codes, size, &progress)?;
            let (w, h) = size.page_mm();
            let pages = pdf.pages as i64;
            let target = emit(
                pdf.bytes,
                false,
                dest,
                &media_for_mm(w, h),
                &format!("{from}..{last}"),
            )?;
            let detail = format!("{} location(s) {from}..{last}", codes.len());
            let job = PrintJob {
                kind: PrintKind::Locations,
                detail,
                pages,
                target,
                ..Default::default()
            };
            store.record_print(&job, stamp)?;
            Ok(0)
        }
        PrintWhat::Claim { number, lang, to } => {
            let id = store.claim_by_number(number)?.ok_or_else(|| Error::NotFound {
                entity: "claim",
                key: number.clone(),
            })?;
            let lang = match lang.as_deref() {
                None => store.claim(id)?.lang,
                Some(l) => crate::domain::claim::ActLang::parse(&l.trim().to_lowercase())
                    .ok_or_else(|| Error::msg(format!("--lang '{l}': use ru or en")))?,
            };
            let pdf = crate::print::claim::claim_act(store, id, lang)?;
            let pages = pdf.pages as i64;
            let target = emit(pdf.bytes, false, to, "A4", number)?;
            let order_id = store.claim(id)?.row.order_id;
            let job = PrintJob {
                kind: PrintKind::ClaimAct,
                order_id: Some(order_id),
                detail: format!("{number} ({})", lang.code()),
                pages,
                target,
                ..Default::default()
            };
            store.record_print(&job, stamp)?;
            Ok(0)
        }
        PrintWhat::Registry { date, kind, new, to } => {
            use crate::domain::document::RegistryKind;
            let code = kind.trim().to_lowercase().replace('-', "_");
            let kind = RegistryKind::parse(&code).ok_or_else(|| {
                Error::msg(format!(
                    "--kind '{kind}': use shipments, self-pickup or accounting"
                ))
            })?;
            let existing = if *new {
                None
            } else {
                store.registry_for(kind, *date)?
            };
            let id = match existing {
                Some(id) => id,
                None => {
                    let ids: Vec<i64> = store
                        .registry_candidates(kind, *date)?
                        .iter()
                        .map(|d| d.id)
                        .collect();
                    if ids.is_empty() {
                        return Err(Error::msg(format!(
                            "no documents for a {} registry on {date}",
                            kind.code().replace('_', "-")
                        )));
                    }
                    store.create_registry(kind, *date, &ids, "", stamp)?.0
                }
            };
            let detail = store.registry(id)?;
            let company: String = store
                .setting(crate::store::settings::keys::COMPANY_NAME)?
                .unwrap_or_default();
            let pdf = crate::print::registry::registry_pdf(&crate::print::registry::RegistryPrint {
                registry: &detail,
                company: &company,
                printed_by: &stamp.by,
                printed_at: chrono::Local::now(),
            })?;
            let pages = pdf.pages as i64;
            let number = detail.row.number.clone();
            let target = emit(pdf.bytes, false, to, "A4", &number)?;
            let job = PrintJob {
                kind: PrintKind::Registry,
                detail: format!("{number}: {} document(s)", detail.documents.len()),
                pages,
                target,
                ..Default::default()
            };
            store.record_print(&job, stamp)?;
            Ok(0)
        }
        PrintWhat::Certificates { order, date, to } => {
            let id = store.order_by_number(order)?.ok_or_else(|| Error::NotFound {
                entity: "order",
                key: order.clone(),
            })?;
            let on = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let (pdf, code) = crate::print::certificates::print_pack(store, id, on, stamp)?;
            let pages = pdf.pages as i64;
            let target = emit(pdf.bytes, false, to, "A4", &format!("certificates {order}"))?;
            let job = PrintJob {
                kind: PrintKind::Certificates,
                order_id: Some(id),
                detail: format!("{code}: {pages} page(s)"),
                pages,
                target,
                ..Default::default()
            };
            store.record_print(&job, stamp)?;
            Ok(0)
        }
        PrintWhat::Products { skus, size, to } => {
            let size = label_size(size)?;
            let refs: Vec<&str> = skus.iter().map(String::as_str).collect();
            let tags: Vec<warehouse::ProductTag> = store
                .products_for_labels(&refs)?
                .into_iter()
                .map(|p| warehouse::ProductTag {
                    sku: p.sku,
                    name: p.name,
                    ean13: p.ean13,
                    location: p.location,
                })
                .collect();
            let pdf = warehouse::products_pdf(&tags, size, &progress)?;
            let (w, h) = size.page_mm();
            let pages = pdf.pages as i64;
            let target = emit(pdf.bytes, false, to, &media_for_mm(w, h), "products")?;
            let detail = format!("{} product label(s)", tags.len());
            let job = PrintJob {
                kind: PrintKind::Products,
                detail,
                pages,
                target,
                ..Default::default()
            };
            store.record_print(&job, stamp)?;
            Ok(0)
        }
    }
}

fn documents_command(store: &mut Store, what: &DocumentsWhat, stamp: &Stamp) -> Result<i32> {
    match what {
        DocumentsWhat::Overdue { date, json } => {
            let today = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let clients = store.overdue_documents(today)?;
            if *json {
                let out = serde_json::json!({ "date": today, "clients": clients });
                crate::outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                return Ok(0);
            }
            if clients.is_empty() {
                crate::outln!("No signed copies overdue on {today}.");
            }
            for c in &clients {
                crate::outln!(
                    "{} {} ({} document(s), up to {} day(s) overdue){}{}",
                    c.customer_code,
                    c.customer_name,
                    c.documents.len(),
                    c.max_days_overdue,
                    if c.phone.is_empty() {
                        String::new()
                    } else {
                        format!(", tel. {}", c.phone)
                    },
                    if c.email.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", c.email)
                    },
                );
                for d in &c.documents {
                    crate::outln!(
                        "    {}  {} {} of {}, due {}, {} day(s) overdue",
                        d.code,
                        d.kind.code(),
                        d.number,
                        d.doc_date,
                        d.due_on.map(|x| x.to_string()).unwrap_or_default(),
                        d.overdue_days(today).unwrap_or(0)
                    );
                }
            }
            Ok(0)
        }
        DocumentsWhat::Receive { codes } => {
            let mut refused = 0;
            for code in codes {
                match store.receive_scan(code, stamp) {
                    Ok(r) => crate::outln!(
                        "{code}: received ({} {}, {})",
                        r.kind.code(),
                        r.number,
                        r.customer_name
                    ),
                    Err(e) => {
                        refused += 1;
                        eprintln!("docket: {code}: {e}");
                    }
                }
            }
            Ok(if refused > 0 { 2 } else { 0 })
        }
    }
}

/// Standard output could not be written: a closed pipe ends the process quietly (the reader
/// has what it wanted), anything else is said on standard error.
pub fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    eprintln!("docket: cannot write the output: {e}");
    std::process::exit(1);
}
