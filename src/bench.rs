//! `docket bench board`: builds a large database and measures the board the way a dispatcher
//! meets it — the refresh after a change and headless egui frames (layout + tessellation).

use crate::store::{Stamp, Store};
use crate::ui::{DeskApp, Prefs, Route};
use std::time::{Duration, Instant};

pub struct BoardBench {
    pub open: usize,
    pub closed: usize,
    pub frames: usize,
    pub width: f32,
    pub height: f32,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Resident memory of this process in MB (Linux), if it can be read.
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

pub fn run_board(b: &BoardBench) -> crate::Result<()> {
    let dir = std::env::temp_dir().join(format!("docket-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let path = dir.join("board.sqlite");
    let result = run_board_on(b, &path);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_board_on(b: &BoardBench, path: &std::path::Path) -> crate::Result<()> {
    let t = Instant::now();
    let mut store = Store::open(path)?;
    let spec = crate::demo::DemoSpec {
        products: 2000,
        customers: 500,
        orders: 0,
        seed: 11,
        anchor: chrono::Utc::now(),
    };
    crate::demo::fill(&mut store, &spec)?;
    let now = chrono::Utc::now();
    store.write(|c| crate::store::board::bench_orders_tx(c, b.open, b.closed, 11, now))?;
    drop(store);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "data: {} open + {} closed orders (3 lines each), 500 customers, 2000 products; built in {:.1} s, {:.0} MB",
        b.open,
        b.closed,
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );

    let store = Store::open(path)?;
    println!("board query plan:");
    for line in store.board_query_plan()? {
        println!("  {line}");
    }
    // refresh: the read plus deadlines plus filtering into columns
    let mut panel = crate::ui::board::BoardPanel::default();
    let filter = crate::ui::board::BoardFilter::default();
    let mut refresh = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        panel.reload_all(&store, &filter);
        refresh.push(t.elapsed());
    }
    refresh.sort();
    println!(
        "full reload (query {} orders + deadlines + columns): median {:.1} ms, max {:.1} ms",
        panel.len(),
        percentile(&refresh, 0.5),
        percentile(&refresh, 1.0)
    );
    let mut query = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(store.board_orders()?);
        query.push(t.elapsed());
    }
    query.sort();
    println!("  of which the query: median {:.1} ms", percentile(&query, 0.5));
    // after a change: one order moved (in this or another window), the board reads just it
    let mut writer = Store::open(path)?;
    let mut changes = Vec::new();
    let released = store
        .board_orders()?
        .into_iter()
        .filter(|o| o.status == crate::domain::order::OrderStatus::Released)
        .take(20);
    for o in released {
        let m = crate::domain::order::Move {
            id: o.id,
            to: crate::domain::order::OrderStatus::Picking,
            version: o.version,
            person: Some("bench".into()),
            ..Default::default()
        };
        writer.move_order(&m, &Stamp::now("bench"))?;
        let t = Instant::now();
        panel.refresh_changes(&store, &filter);
        changes.push(t.elapsed());
    }
    changes.sort();
    println!(
        "refresh after a change (one order moved, incremental): median {:.1} ms, max {:.1} ms",
        percentile(&changes, 0.5),
        percentile(&changes, 1.0)
    );

    // frames: the whole desk on the board panel, headless
    let ctx = egui::Context::default();
    crate::ui::theme::install(&ctx, false);
    let prefs = Prefs {
        user: Some("bench".into()),
        route: Route::Board,
        ..Default::default()
    };
    let mut app = DeskApp::from_store(store, prefs);
    let raw = |t: f64| egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(b.width, b.height),
        )),
        time: Some(t),
        ..Default::default()
    };
    for i in 0..10 {
        // warm-up: fonts, first layout, column widths
        let mut out = ctx.run_ui(raw(i as f64 * 0.016), |ui| app.ui(ui));
        out.textures_delta.clear(); // no GPU here: font atlas uploads are dropped
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    }
    let mut frames = Vec::with_capacity(b.frames);
    for i in 0..b.frames {
        let t = Instant::now();
        let mut out = ctx.run_ui(raw(1.0 + i as f64 * 0.016), |ui| app.ui(ui));
        out.textures_delta.clear();
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        frames.push(t.elapsed());
    }
    frames.sort();
    println!(
        "board frame at {}x{} ({} frames, layout + tessellation): median {:.2} ms, p99 {:.2} ms",
        b.width,
        b.height,
        b.frames,
        percentile(&frames, 0.5),
        percentile(&frames, 0.99)
    );
    if let Some(mb) = rss_mb() {
        println!("resident memory with the board loaded: {mb:.0} MB");
    }
    let _ = Stamp::now("bench");
    Ok(())
}
