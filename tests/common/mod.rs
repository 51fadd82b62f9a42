//! Helpers shared by test files that read PDFs back with poppler and zbar (`.ci/run` installs
//! both). Include with `mod common;`.
#![allow(dead_code)] // each test file uses its own share of these

use std::path::{Path, PathBuf};

/// Runs a command-line tool and returns its standard output.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (.ci/run installs it): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The values zbar reads off every page of `pdf` rasterised at `dpi`, page by page.
pub fn scanned(pdf: &Path, dpi: u32) -> Vec<String> {
    let dir = pdf.with_extension("png.d");
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("p");
    let dpi = dpi.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi,
            "-gray",
            "-png",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut found = Vec::new();
    for p in pages {
        let out = tool("zbarimg", &["--raw", "-q", "--nodbus", p.to_str().unwrap()]);
        found.extend(out.lines().map(str::to_owned));
    }
    found
}
