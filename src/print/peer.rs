//! Reads the JSON workloads of the peer PDF benchmark (`../shared/bench-peers`, schemas
//! `peerbench.labels.v1` and `peerbench.picking.v1`) into our own label and picking-list data,
//! so `docket bench print-json FILE -o OUT` prints the same content the peers print.

use std::path::Path;

use serde::Deserialize;

use super::Progress;
use super::labels::{BoxLabel, LabelSize, labels_pdf};
use super::pdf::Pdf;
use super::picking::{PickLine, PickMode, PickingDoc, picking_pdf};

#[derive(Deserialize)]
struct LabelsFile {
    ship_from: String,
    labels: Vec<PeerLabel>,
}

#[derive(Deserialize)]
struct PeerLabel {
    sscc: String,
    customer: String,
    address: Vec<String>,
    order_no: String,
    route: String,
    box_no: u32,
    box_count: u32,
    weight_kg: f64,
    date: String,
}

#[derive(Deserialize)]
struct PickingFile {
    wave: PeerWave,
    lines: Vec<PeerLine>,
}

#[derive(Deserialize)]
struct PeerWave {
    wave_no: String,
    warehouse: String,
    carrier: String,
    date: String,
    orders: u32,
    picker: String,
}

#[derive(Deserialize)]
struct PeerLine {
    location: String,
    sku: String,
    name: String,
    qty: i64,
    unit: String,
    boxes: i64,
    #[serde(default)]
    order_no: String,
}

/// Renders a peer-benchmark JSON file to a PDF.
pub fn render_file(path: &Path) -> crate::Result<Pdf> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    let bad = |e: serde_json::Error| crate::Error::Input {
        file: path.display().to_string(),
        row: e.line(),
        field: "json".into(),
        message: e.to_string(),
    };
    #[derive(Deserialize)]
    struct Probe {
        schema: String,
    }
    let probe: Probe = serde_json::from_str(&text).map_err(bad)?;
    let progress = Progress::new();
    match probe.schema.as_str() {
        "peerbench.labels.v1" => {
            let file: LabelsFile = serde_json::from_str(&text).map_err(bad)?;
            let labels: Vec<BoxLabel> = file
                .labels
                .into_iter()
                .map(|l| BoxLabel {
                    sender: file.ship_from.clone(),
                    sender_address: String::new(),
                    consignee: l.customer,
                    address: l.address.join("\n"),
                    order_no: l.order_no,
                    route: l.route,
                    box_no: l.box_no,
                    box_count: l.box_count,
                    weight_g: (l.weight_kg * 1000.0).round() as i64,
                    date: l.date,
                    sscc: l.sscc,
                })
                .collect();
            labels_pdf(&labels, LabelSize::L100x150, &progress)
        }
        "peerbench.picking.v1" => {
            let file: PickingFile = serde_json::from_str(&text).map_err(bad)?;
            let w = file.wave;
            let doc = PickingDoc {
                wave: true,
                number: w.wave_no,
                customers: format!("{} orders", w.orders),
                delivery: String::new(),
                route: String::new(),
                wanted: w.date,
                printed: String::new(),
                extra: vec![
                    ("Warehouse".into(), w.warehouse),
                    ("Carrier".into(), w.carrier),
                    ("Picker".into(), w.picker),
                ],
                lines: file
                    .lines
                    .into_iter()
                    .map(|l| PickLine {
                        order_no: l.order_no,
                        location: l.location,
                        sku: l.sku,
                        name: l.name,
                        qty: l.qty,
                        unit: l.unit,
                        boxes: (l.boxes, 0),
                        weight_g: 0,
                    })
                    .collect(),
                mode: PickMode::Lines,
            };
            picking_pdf(&doc, &progress)
        }
        other => Err(crate::Error::Input {
            file: path.display().to_string(),
            row: 1,
            field: "schema".into(),
            message: format!(
                "unknown schema '{other}' (expected peerbench.labels.v1 or peerbench.picking.v1)"
            ),
        }),
    }
}
