//! The way a finished document leaves the desk: saved as a file, opened in the system's viewer,
//! or sent to a printer.
//!
//! - Linux and macOS print through CUPS: `lp -d NAME -t TITLE [-o media=MEDIA] [-o raw] -` with
//!   the document on its standard input; [`printers`] reads `lpstat`.
//! - Windows prints a PDF through the shell's print verb of the program that opens PDFs
//!   (PowerShell `Start-Process -Verb PrintTo`, else `-Verb Print`); [`printers`] asks
//!   `Get-CimInstance Win32_Printer`.
//!
//! A ZPL payload is raw printer language: on a CUPS printer it goes with `-o raw`; to a file or
//! the "viewer" it is saved as a `.zpl` file (no viewer shows ZPL, so none is opened).

use crate::error::{Error, Result};
use crate::store::printing::PrinterChoice;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A finished document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    Pdf(Vec<u8>),
    /// Zebra printer language, sent raw to a label printer.
    Zpl(Vec<u8>),
}

impl Payload {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Payload::Pdf(b) | Payload::Zpl(b) => b,
        }
    }

    /// File extension without the dot: `pdf` or `zpl`.
    pub fn extension(&self) -> &'static str {
        match self {
            Payload::Pdf(_) => "pdf",
            Payload::Zpl(_) => "zpl",
        }
    }

    fn is_zpl(&self) -> bool {
        matches!(self, Payload::Zpl(_))
    }
}

/// Where a finished document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Saved at this path (replacing a file there). A ZPL payload given a `.pdf` path or one
    /// without an extension is saved as `.zpl` beside it.
    File(PathBuf),
    /// Saved in the OS temp folder and opened in the system's PDF viewer (a ZPL payload is only
    /// saved there).
    Viewer,
    /// A printer as the system knows it; `media` such as `A4` or `Custom.100x150mm` (see
    /// [`media_for_mm`]) is passed to the printer as given; empty: the printer's default.
    Printer { name: String, media: String },
}

impl Target {
    /// The printer of a printing setting; `None` when it names none (save a file instead).
    pub fn printer(choice: &PrinterChoice) -> Option<Target> {
        let name = choice.printer.trim();
        (!name.is_empty()).then(|| Target::Printer {
            name: name.to_string(),
            media: choice.media.trim().to_string(),
        })
    }
}

/// What [`deliver`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// In words, for the status line and the print log: "sent to printer PDF as job PDF-12",
    /// "saved to /home/anna/labels.pdf".
    pub description: String,
    /// The file written, if one was (File, Viewer, and Printer on Windows).
    pub path: Option<PathBuf>,
    /// The printer's job id (CUPS), if the printer gave one.
    pub job: Option<String>,
}

/// A printer the system knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterInfo {
    /// The name to print to.
    pub name: String,
    /// The system's default printer.
    pub is_default: bool,
    /// The printer's description as set up in the system (often the model); may equal the name.
    pub description: String,
}

/// Sends the document where `target` says; `title` names the job on the printer and the file
/// the viewer opens.
pub fn deliver(payload: &Payload, target: &Target, title: &str) -> Result<Delivered> {
    match target {
        Target::File(path) => {
            let path = file_path(payload, path);
            write_atomic(&path, payload.bytes())?;
            Ok(Delivered {
                description: format!("saved to {}", path.display()),
                path: Some(path),
                job: None,
            })
        }
        Target::Viewer => {
            let path = write_temp(payload, title)?;
            if payload.is_zpl() {
                return Ok(Delivered {
                    description: format!(
                        "ZPL saved to {} (no viewer shows ZPL: send it to a label printer)",
                        path.display()
                    ),
                    path: Some(path),
                    job: None,
                });
            }
            open_in_viewer(&path)?;
            Ok(Delivered {
                description: format!("opened {} in the viewer", path.display()),
                path: Some(path),
                job: None,
            })
        }
        Target::Printer { name, media } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(Error::msg("no printer chosen: choose one in Settings → Printing"));
            }
            print(payload, name, media.trim(), title)
        }
    }
}

/// The media name of a page `w` × `h` mm: `A4` for 210 × 297, otherwise
/// `Custom.{w}x{h}mm` (tenths of a mm at most), as CUPS understands it.
pub fn media_for_mm(w: f32, h: f32) -> String {
    if (w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5 {
        return "A4".into();
    }
    let r = |v: f32| (v * 10.0).round() / 10.0;
    format!("Custom.{}x{}mm", r(w), r(h))
}

// ---------------------------------------------------------------------------------------------
// files

/// The path a payload is saved at when the user chose `path`.
fn file_path(payload: &Payload, path: &Path) -> PathBuf {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match (payload, ext.as_deref()) {
        (Payload::Zpl(_), None | Some("pdf")) => path.with_extension("zpl"),
        _ => path.to_path_buf(),
    }
}

/// Writes `bytes` to `path` all or nothing: into a temp file beside it, flushed to disk, then
/// renamed over `path`. On any failure the temp file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::msg(format!("{}: not a file name", path.display())))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::msg(format!(
            "{}: cannot save, the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.{}.tmp", std::process::id(), unique()));
    let tmp = dir.join(tmp_name);
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::msg(format!(
            "{}: could not save the file ({e})",
            path.display()
        )));
    }
    // the rename itself on disk too (best effort: not every system lets a folder be synced)
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A number that differs between calls (nanoseconds and a counter).
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A file name (without extension) made of `title`: letters of any script, digits, spaces and
/// `-_.()` kept, anything else `_`; at most 80 characters; never empty nor a reserved Windows
/// name.
pub fn sanitize_file_name(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    s = s.trim_matches(|c: char| c == '.' || c == ' ').to_string();
    if s.trim_matches('_').is_empty() {
        return "document".into();
    }
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = s.split('.').next().unwrap_or_default();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        s.insert(0, '_');
    }
    s
}

/// Saves the payload under `<temp>/docket/` named after the title (`Title.pdf`, or
/// `Title (2).pdf`… when taken: a file still open in a viewer is never overwritten). The file
/// is kept for the viewer.
fn write_temp(payload: &Payload, title: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join("docket");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stem = sanitize_file_name(title);
    let ext = payload.extension();
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let done = f.write_all(payload.bytes()).and_then(|()| f.sync_all());
                if let Err(e) = done {
                    drop(f);
                    let _ = std::fs::remove_file(&path);
                    return Err(Error::msg(format!(
                        "{}: could not save the file ({e})",
                        path.display()
                    )));
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(Error::msg(format!(
                    "{}: could not save the file ({e})",
                    path.display()
                )));
            }
        }
    }
    Err(Error::msg(format!(
        "{}: too many files named '{stem}'; empty the folder",
        dir.display()
    )))
}

// ---------------------------------------------------------------------------------------------
// the viewer

/// Opens `path` with the system's viewer and returns at once; the opener is reaped by a thread
/// so it never lingers as a zombie.
fn open_in_viewer(path: &Path) -> Result<()> {
    let (program, mut cmd) = viewer_command(path);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().map_err(|e| {
        Error::msg(format!(
            "could not open the viewer ({program}: {e}); the file is saved at {}",
            path.display()
        ))
    })?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(windows)]
fn viewer_command(path: &Path) -> (&'static str, Command) {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let mut cmd = Command::new("cmd");
    cmd.arg("/C").arg("start").arg("").arg(path);
    cmd.creation_flags(CREATE_NO_WINDOW);
    ("cmd /C start", cmd)
}

#[cfg(target_os = "macos")]
fn viewer_command(path: &Path) -> (&'static str, Command) {
    let mut cmd = Command::new("open");
    cmd.arg(path);
    ("open", cmd)
}

#[cfg(not(any(windows, target_os = "macos")))]
fn viewer_command(path: &Path) -> (&'static str, Command) {
    let mut cmd = Command::new("xdg-open");
    cmd.arg(path);
    ("xdg-open", cmd)
}

// ---------------------------------------------------------------------------------------------
// printers: CUPS (Linux, macOS)

#[cfg(not(windows))]
fn print(payload: &Payload, name: &str, media: &str, title: &str) -> Result<Delivered> {
    let title = if title.trim().is_empty() {
        "Docket"
    } else {
        title.trim()
    };
    let mut cmd = Command::new("lp");
    cmd.arg("-d").arg(name).arg("-t").arg(title);
    if payload.is_zpl() {
        // raw: the label printer gets the bytes as they are; its media is set up in the printer
        cmd.arg("-o").arg("raw");
    } else if !media.is_empty() {
        cmd.arg("-o").arg(format!("media={media}"));
    }
    cmd.arg("-");
    let out = run_with_stdin(cmd, payload.bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::msg(format!(
                "cannot print to printer '{name}': the CUPS command lp is not installed (on Debian and \
                 Ubuntu: apt install cups)"
            ))
        } else {
            Error::msg(format!(
                "cannot print to printer '{name}': lp failed to run ({e})"
            ))
        }
    })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut said = stderr.trim().to_string();
        if said.is_empty() {
            said = format!("lp ended with {}", out.status);
        }
        let hint = if scheduler_running() == Some(false) {
            " (the printing service CUPS is not running)"
        } else {
            ""
        };
        return Err(Error::msg(format!(
            "cannot print to printer '{name}': {said}{hint}"
        )));
    }
    let job = parse_job_id(&stdout);
    let description = match &job {
        Some(j) => format!("sent to printer {name} as job {j}"),
        None => format!("sent to printer {name}"),
    };
    Ok(Delivered {
        description,
        path: None,
        job,
    })
}

/// Runs `cmd` with `input` on its standard input and collects its output. A program that exits
/// without reading all of it (lp refusing an unknown printer) is not an error here: its exit
/// status and stderr tell.
#[cfg(not(windows))]
fn run_with_stdin(mut cmd: Command, input: &[u8]) -> std::io::Result<std::process::Output> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        match stdin.write_all(&input) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
        // stdin dropped here: end of file for the child
    });
    let out = child.wait_with_output()?;
    let written = writer.join().unwrap_or(Ok(()));
    if out.status.success() {
        written?;
    }
    Ok(out)
}

/// The job id in lp's answer: `request id is PDF-12 (1 file(s))` → `PDF-12`. In another
/// language the first word shaped `QUEUE-NUMBER` is taken.
pub fn parse_job_id(stdout: &str) -> Option<String> {
    if let Some(rest) = stdout.split("request id is ").nth(1) {
        return rest.split_whitespace().next().map(str::to_string);
    }
    stdout
        .split_whitespace()
        .find(|w| {
            w.rsplit_once('-').is_some_and(|(queue, n)| {
                !queue.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            })
        })
        .map(str::to_string)
}

/// `lpstat` in the C locale (its answers are parsed); `None` when it cannot run.
#[cfg(not(windows))]
fn lpstat(args: &[&str]) -> std::io::Result<String> {
    let out = Command::new("lpstat")
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether the CUPS scheduler runs (`lpstat -r`); `None` when lpstat cannot tell.
#[cfg(not(windows))]
fn scheduler_running() -> Option<bool> {
    let s = lpstat(&["-r"]).ok()?;
    if s.contains("not running") {
        Some(false)
    } else if s.contains("is running") {
        Some(true)
    } else {
        None
    }
}

/// The printers CUPS knows (`lpstat -e`, `-d`, `-l -p`), by name.
#[cfg(not(windows))]
pub fn printers() -> Result<Vec<PrinterInfo>> {
    let names = lpstat(&["-e"]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::msg("cannot list printers: CUPS is not installed (no lpstat; on Debian and Ubuntu: apt install cups)")
        } else {
            Error::msg(format!("cannot list printers: lpstat failed to run ({e})"))
        }
    })?;
    let names: Vec<String> = names
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if names.is_empty() && scheduler_running() == Some(false) {
        return Err(Error::msg(
            "cannot list printers: the printing service CUPS is not running (start cupsd)",
        ));
    }
    let default = parse_default(&lpstat(&["-d"]).unwrap_or_default(), &names);
    let descriptions = parse_descriptions(&lpstat(&["-l", "-p"]).unwrap_or_default());
    Ok(names
        .into_iter()
        .map(|name| PrinterInfo {
            is_default: default.as_deref() == Some(name.as_str()),
            description: descriptions
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, d)| d.clone())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| name.clone()),
            name,
        })
        .collect())
}

/// The default printer in `lpstat -d`'s answer (`system default destination: PDF`), if it is
/// one of `names`.
pub fn parse_default(stdout: &str, names: &[String]) -> Option<String> {
    let line = stdout.lines().next()?.trim_end();
    let (_, last) = line.rsplit_once(": ")?;
    names.iter().find(|n| n.as_str() == last.trim()).cloned()
}

/// (name, description) from `lpstat -l -p`: a `printer NAME …` line, then indented
/// `Description: …`.
pub fn parse_descriptions(stdout: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("printer ") {
            current = rest.split_whitespace().next().map(str::to_string);
        } else if let Some(d) = line.trim_start().strip_prefix("Description:")
            && line.starts_with(char::is_whitespace)
            && let Some(name) = current.take()
        {
            found.push((name, d.trim().to_string()));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// printers: Windows

/// A PowerShell string literal.
#[cfg(any(windows, test))]
fn ps_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(windows)]
fn powershell(script: &str) -> std::io::Result<std::process::Output> {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let script = format!("[Console]::OutputEncoding = [Text.Encoding]::UTF8; {script}");
    Command::new("powershell")
        .args(["-NoProfile", "-NonInteractive", "-Command", &script])
        .stdin(Stdio::null())
        .creation_flags(CREATE_NO_WINDOW)
        .output()
}

/// Windows prints a PDF through the program that opens PDFs: its `PrintTo` verb with the
/// printer's name, or (a program without one) its `Print` verb, which prints on the default
/// printer. Raw ZPL cannot go this way.
#[cfg(windows)]
fn print(payload: &Payload, name: &str, _media: &str, title: &str) -> Result<Delivered> {
    if payload.is_zpl() {
        return Err(Error::msg(format!(
            "cannot print ZPL to printer '{name}' on Windows yet: save the labels as a file, or print them as PDF"
        )));
    }
    let path = write_temp(payload, title)?;
    let script = format!(
        "$f = {f}; $p = {p}; \
         try {{ Start-Process -FilePath $f -Verb PrintTo -ArgumentList ('\"' + $p + '\"') -ErrorAction Stop; 'printto' }} \
         catch {{ Start-Process -FilePath $f -Verb Print -ErrorAction Stop; 'print' }}",
        f = ps_quote(&path.to_string_lossy()),
        p = ps_quote(name),
    );
    let out = powershell(&script).map_err(|e| {
        Error::msg(format!(
            "cannot print to printer '{name}': PowerShell failed to run ({e})"
        ))
    })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !(stdout.contains("printto") || stdout.contains("print")) {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(Error::msg(format!(
            "cannot print to printer '{name}': no program prints PDF files here ({}); the file is saved at {}",
            stderr.trim(),
            path.display()
        )));
    }
    let description = if stdout.contains("printto") {
        format!("sent to printer {name} through the PDF program")
    } else {
        format!("sent to the default printer through the PDF program (it cannot choose printer {name})")
    };
    Ok(Delivered {
        description,
        path: Some(path),
        job: None,
    })
}

/// The printers Windows knows (`Get-CimInstance Win32_Printer`).
#[cfg(windows)]
pub fn printers() -> Result<Vec<PrinterInfo>> {
    let out = powershell(
        "ConvertTo-Json -Compress -InputObject @(Get-CimInstance Win32_Printer | \
         Select-Object Name, Default, Comment, DriverName)",
    )
    .map_err(|e| Error::msg(format!("cannot list printers: PowerShell failed to run ({e})")))?;
    if !out.status.success() {
        return Err(Error::msg(format!(
            "cannot list printers: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    parse_win_printers(&String::from_utf8_lossy(&out.stdout))
}

/// Printers from PowerShell's JSON: `[{"Name":…,"Default":…,"Comment":…,"DriverName":…}]`.
#[cfg(any(windows, test))]
fn parse_win_printers(json: &str) -> Result<Vec<PrinterInfo>> {
    let json = json.trim();
    if json.is_empty() {
        return Ok(Vec::new());
    }
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Error::msg(format!("cannot list printers: {e}")))?;
    let items = match v {
        serde_json::Value::Array(a) => a,
        other => vec![other],
    };
    let text =
        |o: &serde_json::Value, k: &str| o.get(k).and_then(|v| v.as_str()).unwrap_or("").trim().to_string();
    Ok(items
        .iter()
        .filter(|o| !text(o, "Name").is_empty())
        .map(|o| {
            let name = text(o, "Name");
            let description = [text(o, "Comment"), text(o, "DriverName")]
                .into_iter()
                .find(|d| !d.is_empty())
                .unwrap_or_else(|| name.clone());
            PrinterInfo {
                is_default: o.get("Default").and_then(|v| v.as_bool()).unwrap_or(false),
                description,
                name,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_names() {
        assert_eq!(media_for_mm(210.0, 297.0), "A4");
        assert_eq!(media_for_mm(100.0, 150.0), "Custom.100x150mm");
        assert_eq!(media_for_mm(58.0, 40.0), "Custom.58x40mm");
        assert_eq!(media_for_mm(57.5, 40.04), "Custom.57.5x40mm");
    }

    #[test]
    fn job_ids() {
        assert_eq!(
            parse_job_id("request id is PDF-12 (1 file(s))\n").as_deref(),
            Some("PDF-12")
        );
        assert_eq!(
            parse_job_id("request id is PDF-1 (0 file(s))\n").as_deref(),
            Some("PDF-1")
        );
        assert_eq!(
            parse_job_id("идентификатор запроса: Zebra_ZT-411-7 (1 файл(ов))").as_deref(),
            Some("Zebra_ZT-411-7")
        );
        assert_eq!(parse_job_id(""), None);
    }

    #[test]
    fn lpstat_answers() {
        let names = vec!["PDF".to_string(), "Zebra".to_string()];
        assert_eq!(
            parse_default("system default destination: Zebra\n", &names).as_deref(),
            Some("Zebra")
        );
        assert_eq!(parse_default("no system default destination\n", &names), None);
        let l = "printer PDF is idle.  enabled since Mon Nov 23 11:03:18 2026\n\tForm mounted:\n\
                 \tDescription: Generic CUPS-PDF\n\tAlerts: none\n\
                 printer Zebra disabled since Mon Nov 23 2026 -\n\treason unknown\n\tDescription: ZT411 dock 2\n";
        assert_eq!(
            parse_descriptions(l),
            vec![
                ("PDF".to_string(), "Generic CUPS-PDF".to_string()),
                ("Zebra".to_string(), "ZT411 dock 2".to_string())
            ]
        );
    }

    #[test]
    fn windows_printer_json() {
        let one = r#"[{"Name":"Zebra ZT411","Default":true,"Comment":"","DriverName":"ZDesigner ZT411-203dpi"},
                      {"Name":"Microsoft Print to PDF","Default":false,"Comment":null,"DriverName":null}]"#;
        let p = parse_win_printers(one).unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].is_default);
        assert_eq!(p[0].description, "ZDesigner ZT411-203dpi");
        assert_eq!(p[1].description, "Microsoft Print to PDF");
        assert_eq!(
            parse_win_printers(r#"{"Name":"A","Default":false}"#).unwrap()[0].name,
            "A"
        );
        assert!(parse_win_printers("").unwrap().is_empty());
        assert_eq!(ps_quote("it's"), "'it''s'");
    }

    #[test]
    fn file_names() {
        assert_eq!(
            sanitize_file_name("Box labels: order 12/3"),
            "Box labels_ order 12_3"
        );
        assert_eq!(sanitize_file_name("Этикетки Łódź"), "Этикетки Łódź");
        assert_eq!(sanitize_file_name("  ..  "), "document");
        assert_eq!(sanitize_file_name("con"), "_con");
        assert_eq!(sanitize_file_name(&"x".repeat(200)).len(), 80);
    }

    #[test]
    fn zpl_files_get_their_extension() {
        let zpl = Payload::Zpl(Vec::new());
        let pdf = Payload::Pdf(Vec::new());
        assert_eq!(file_path(&zpl, Path::new("/a/l.pdf")), Path::new("/a/l.zpl"));
        assert_eq!(file_path(&zpl, Path::new("/a/l")), Path::new("/a/l.zpl"));
        assert_eq!(file_path(&zpl, Path::new("/a/l.txt")), Path::new("/a/l.txt"));
        assert_eq!(file_path(&pdf, Path::new("/a/l")), Path::new("/a/l"));
    }
}
