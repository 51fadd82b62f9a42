//! The way a document leaves the desk (`print::output`), for real: box labels printed through
//! CUPS to the cups-pdf queue `PDF`, the PDF it writes read back with `pdfinfo` and `zbarimg`;
//! files saved atomically; errors naming the printer or the path.
//!
//! `.ci/run` installs CUPS and cups-pdf, starts `cupsd` and makes the queue (`.ci/run --setup`
//! does only that). Without them the CUPS tests fail, never skip, unless `DOCKET_SKIP_CUPS=1`.

use docket::print::Progress;
use docket::print::labels::{BoxLabel, LabelSize, labels_pdf};
use docket::print::output::{Payload, Target, deliver, media_for_mm, printers};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const QUEUE: &str = "PDF";

/// Whether to run the CUPS tests: `false` only when `DOCKET_SKIP_CUPS=1`. Fails with what to do
/// when CUPS, its scheduler or the queue is missing.
fn cups() -> bool {
    if std::env::var("DOCKET_SKIP_CUPS").as_deref() == Ok("1") {
        eprintln!("DOCKET_SKIP_CUPS=1: CUPS test skipped");
        return false;
    }
    const FIX: &str = "run .ci/run (or just `.ci/run --setup`, as root on Debian): it installs cups and \
                       printer-driver-cups-pdf, starts cupsd and makes the queue PDF; or set \
                       DOCKET_SKIP_CUPS=1 to skip the CUPS tests";
    let lpstat = |args: &[&str]| -> String {
        let out = Command::new("lpstat")
            .args(args)
            .env("LC_ALL", "C")
            .output()
            .unwrap_or_else(|e| panic!("CUPS is not installed here (no lpstat: {e}); {FIX}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        Command::new("lp").arg("--help").output().is_ok(),
        "CUPS is not installed here (no lp); {FIX}"
    );
    assert!(
        lpstat(&["-r"]).contains("scheduler is running"),
        "the CUPS scheduler is not running; {FIX}"
    );
    assert!(
        lpstat(&["-e"]).lines().any(|l| l.trim() == QUEUE),
        "CUPS has no queue {QUEUE}; {FIX}"
    );
    true
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the print tests ({e}); run .ci/run, which installs poppler-utils and zbar-tools")
    });
    assert!(
        out.status.success() || name == "zbarimg",
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (pages, width mm, height mm, raw "Page size" line) of a PDF.
fn info(pdf: &Path) -> (usize, f64, f64, String) {
    let text = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let size = text.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap();
    let nums: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (
        pages,
        nums[0] * 25.4 / 72.0,
        nums[1] * 25.4 / 72.0,
        size.trim().to_string(),
    )
}

/// The data of every barcode on the first page.
fn barcodes(pdf: &Path, dir: &Path) -> Vec<String> {
    let prefix = dir.join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-gray",
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = dir.join("page.png");
    let xml = tool("zbarimg", &["--xml", "--nodbus", "-q", png.to_str().unwrap()]);
    xml.split("<![CDATA[")
        .skip(1)
        .map(|s| s.split("]]>").next().unwrap().to_string())
        .collect()
}

fn label() -> BoxLabel {
    BoxLabel {
        sender: "Docket Wholesale".into(),
        sender_address: "1 Warehouse Road, Gdańsk".into(),
        consignee: "Ромашка ООО".into(),
        address: "ul. Piotrkowska 12\n90-001 Łódź".into(),
        order_no: "SO-000123".into(),
        route: "R-07".into(),
        box_no: 1,
        box_count: 1,
        weight_g: 12_500,
        date: "2026-11-23".into(),
        sscc: "346012341000000008".into(),
    }
}

/// Where cups-pdf writes this user's jobs: `Out` of `/etc/cups/cups-pdf.conf` (Debian:
/// `${HOME}/PDF`).
fn cups_pdf_out() -> PathBuf {
    let home = std::env::var("HOME").expect("HOME");
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let out = std::fs::read_to_string("/etc/cups/cups-pdf.conf")
        .ok()
        .and_then(|conf| {
            conf.lines().find_map(|l| {
                let mut w = l.split_whitespace();
                (w.next() == Some("Out")).then(|| w.next().unwrap_or_default().to_string())
            })
        })
        .unwrap_or_else(|| "${HOME}/PDF".into());
    PathBuf::from(out.replace("${HOME}", &home).replace("${USER}", &user))
}

/// A title no other job has: cups-pdf names its file after it.
fn unique_title(what: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("docket-{what}-{}-{nanos}", std::process::id())
}

/// Waits (up to 30 s) for the job to leave the queue and its PDF to appear in `dir`: a new
/// file named after `title` or ending in `job_N.pdf` (cups-pdf names it `TITLE-job_N.pdf`, at
/// times with junk after the title).
fn wait_for_pdf(dir: &Path, title: &str, job: &str, before: &[PathBuf]) -> PathBuf {
    let number = job.rsplit('-').next().unwrap();
    let by_number = format!("job_{number}.pdf");
    let start = Instant::now();
    loop {
        let active = tool("lpstat", &["-o", QUEUE]);
        let done = !active.split_whitespace().any(|w| w == job);
        if done {
            let found = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .map(|e| e.unwrap().path())
                .filter(|p| !before.contains(p))
                .find(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    (name.starts_with(title) && name.ends_with(".pdf")) || name.ends_with(&by_number)
                });
            if let Some(p) = found {
                return p;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no PDF from job {job} ('{title}') in {} after 30 s (job done: {done}); see /var/log/cups/error_log \
             and /var/log/cups/cups-pdf-{QUEUE}_log",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn a_label_printed_to_cups_pdf_comes_out_100_by_150_mm() {
    if !cups() {
        return;
    }
    let pdf = labels_pdf(&[label()], LabelSize::L100x150, &Progress::new())
        .unwrap()
        .bytes;
    let (w, h) = LabelSize::L100x150.page_mm();
    let media = media_for_mm(w, h);
    assert_eq!(media, "Custom.100x150mm");

    let out_dir = cups_pdf_out();
    let before = files_in(&out_dir);
    let title = unique_title("label");
    let target = Target::Printer {
        name: QUEUE.into(),
        media: media.clone(),
    };
    let done = deliver(&Payload::Pdf(pdf), &target, &title).unwrap();
    let job = done.job.clone().expect("lp gave a job id");
    assert!(job.starts_with("PDF-"), "{job}");
    assert_eq!(done.description, format!("sent to printer PDF as job {job}"));
    assert_eq!(done.path, None);

    let printed = wait_for_pdf(&out_dir, &title, &job, &before);
    let (pages, wmm, hmm, raw) = info(&printed);
    eprintln!(
        "cups-pdf wrote {} for media {media}: page size {raw}",
        printed.display()
    );
    assert_eq!(pages, 1);
    assert!(
        (wmm - 100.0).abs() <= 0.5 && (hmm - 150.0).abs() <= 0.5,
        "page is {wmm:.2} x {hmm:.2} mm ({raw}), not 100 x 150 mm"
    );
    // cups-pdf re-renders the page with Ghostscript: the SSCC must still scan
    let scratch = tempfile::tempdir().unwrap();
    let codes = barcodes(&printed, scratch.path());
    assert!(
        codes.iter().any(|c| c.contains("00346012341000000008")),
        "SSCC not found in the printed label: {codes:?}"
    );
    let _ = std::fs::remove_file(&printed);
}

#[test]
fn printing_to_a_missing_printer_names_it() {
    if !cups() {
        return;
    }
    let name = format!("Docket_No_Such_Printer_{}", std::process::id());
    let target = Target::Printer {
        name: name.clone(),
        media: "A4".into(),
    };
    let err = deliver(&Payload::Pdf(b"%PDF-1.4\n".to_vec()), &target, "x").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&name), "{msg}");
    assert!(msg.contains("does not exist"), "lp's reason missing: {msg}");
}

#[test]
fn printers_lists_the_pdf_queue() {
    if !cups() {
        return;
    }
    let list = printers().unwrap();
    let pdf = list
        .iter()
        .find(|p| p.name == QUEUE)
        .unwrap_or_else(|| panic!("{QUEUE} not in {list:?}"));
    assert!(!pdf.description.is_empty());
    assert!(list.iter().filter(|p| p.is_default).count() <= 1, "{list:?}");
}

#[test]
fn a_file_target_is_written_whole_and_replaces_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("labels.pdf");
    std::fs::write(&path, b"old").unwrap();
    let big: Vec<u8> = (0..2_000_000u32).map(|i| i as u8).collect();
    let done = deliver(&Payload::Pdf(big.clone()), &Target::File(path.clone()), "Labels").unwrap();
    assert_eq!(done.path.as_deref(), Some(path.as_path()));
    assert_eq!(done.job, None);
    assert!(done.description.contains(&path.display().to_string()));
    assert_eq!(std::fs::read(&path).unwrap(), big);
    // nothing else left in the folder (the temp file was renamed)
    assert_eq!(files_in(dir.path()), vec![path.clone()]);

    // ZPL chosen to a .pdf name is saved as .zpl beside it
    let done = deliver(
        &Payload::Zpl(b"^XA^XZ".to_vec()),
        &Target::File(path.clone()),
        "Labels",
    )
    .unwrap();
    let zpl = dir.path().join("labels.zpl");
    assert_eq!(done.path.as_deref(), Some(zpl.as_path()));
    assert_eq!(std::fs::read(&zpl).unwrap(), b"^XA^XZ");
    assert_eq!(std::fs::read(&path).unwrap(), big);
}

#[test]
fn a_file_that_cannot_be_written_leaves_nothing_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    // a missing folder
    let path = dir.path().join("no-such-folder").join("labels.pdf");
    let err = deliver(&Payload::Pdf(b"x".to_vec()), &Target::File(path.clone()), "t").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("does not exist"), "{msg}");

    // a folder where the file should go: the rename fails, the temp file is removed
    let taken = dir.path().join("taken.pdf");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("keep"), b"k").unwrap();
    let err = deliver(&Payload::Pdf(b"x".to_vec()), &Target::File(taken.clone()), "t").unwrap_err();
    assert!(err.to_string().contains(&taken.display().to_string()), "{err}");
    assert_eq!(files_in(dir.path()), vec![taken.clone()]);
    assert_eq!(std::fs::read(taken.join("keep")).unwrap(), b"k");
}

#[test]
fn zpl_for_the_viewer_is_saved_under_the_title_and_not_opened() {
    let id = unique_title("viewer");
    let title = format!("Labels: SO/{id}");
    let a = deliver(
        &Payload::Zpl(b"^XA^FDone^FS^XZ".to_vec()),
        &Target::Viewer,
        &title,
    )
    .unwrap();
    let b = deliver(
        &Payload::Zpl(b"^XA^FDtwo^FS^XZ".to_vec()),
        &Target::Viewer,
        &title,
    )
    .unwrap();
    let (pa, pb) = (a.path.unwrap(), b.path.unwrap());
    assert!(pa.starts_with(std::env::temp_dir()), "{}", pa.display());
    let name = pa.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!("Labels_ SO_{id}.zpl"));
    // a second document of the same title never overwrites the first (it may be open)
    assert_ne!(pa, pb);
    assert_eq!(std::fs::read(&pa).unwrap(), b"^XA^FDone^FS^XZ");
    assert_eq!(std::fs::read(&pb).unwrap(), b"^XA^FDtwo^FS^XZ");
    assert!(
        a.description.contains(&pa.display().to_string()),
        "{}",
        a.description
    );
    let _ = std::fs::remove_file(pa);
    let _ = std::fs::remove_file(pb);
}

/// The command line's `--printer`: box labels of a demo order go through CUPS and come out at
/// the label size chosen.
#[test]
fn the_cli_prints_an_orders_labels_to_a_cups_queue() {
    if !cups() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "docket {args:?}: {text}");
        text
    };
    run(&["demo", "--orders", "20", "--seed", "5"]);
    let order: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT number FROM orders WHERE status = 'released' AND line_count > 0 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let out_dir = cups_pdf_out();
    let before = files_in(&out_dir);
    let said = run(&[
        "print",
        "labels",
        "--order",
        &order,
        "--size",
        "100x100",
        "--box",
        "1",
        "--printer",
        QUEUE,
    ]);
    let job = said
        .split_whitespace()
        .find(|w| w.starts_with("PDF-"))
        .unwrap_or_else(|| panic!("no job id in: {said}"))
        .to_string();
    let printed = wait_for_pdf(&out_dir, &format!("Box labels {order}"), &job, &before);
    let (pages, w, h, raw) = info(&printed);
    assert_eq!(pages, 1);
    assert!((w - 100.0).abs() <= 0.5 && (h - 100.0).abs() <= 0.5, "{raw}");
    let _ = std::fs::remove_file(&printed);
}
