//! Printing: PDF layouts (picking lists, box labels, warehouse barcodes), ZPL, and the way to the
//! printer. Layouts take plain data structs (built from `store/printing.rs`) and never touch SQL.
//!
//! - [`pdf`]: the drawing surface (mm from the top-left, font runs, fitting text, bars);
//! - [`barcode`]: Code 128, GS1-128 and EAN-13 as bar widths;
//! - [`labels`]: box labels, one layout per size;
//! - [`picking`]: picking lists for an order or a wave;
//! - [`warehouse`]: location and product barcode labels;
//! - [`claim`]: the claim act; [`registry`]: registries of documents and document stickers;
//! - [`certificates`]: an order's certificate pack;
//! - [`jobs`]: from the store to the layouts (shared by CLI and UI);
//! - [`peer`]: the `bench print-json` reader of the peer benchmark's JSON files.

pub mod barcode;
pub mod certificates;
pub mod claim;
pub mod jobs;
pub mod labels;
pub mod output;
pub mod pdf;
pub mod peer;
pub mod picking;
pub mod registry;
pub mod warehouse;
pub mod zpl;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A weight as printed: "4.58 kg", "75 kg", "4.585 kg".
pub fn kg(grams: i64) -> String {
    let s = crate::domain::decimal::format_kg(grams);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} {}", crate::i18n::tr("kg"))
}

/// Progress of a long print job, shared between the worker and the UI: the worker adds to
/// `done`, the UI reads it and may set `cancel`.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }
    pub fn set_total(&self, n: usize) {
        self.total.store(n, Ordering::Relaxed);
    }
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    /// For work counted in bytes or rows rather than steps.
    pub fn set_done(&self, n: usize) {
        self.done.store(n, Ordering::Relaxed);
    }
    /// (done, total).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
    /// `Err(Cancelled)` once the user asked to stop.
    pub fn check(&self) -> crate::Result<()> {
        if self.cancelled() {
            Err(crate::Error::Cancelled)
        } else {
            Ok(())
        }
    }
}
