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
    crate::outln!(
        "data: {} open + {} closed orders (3 lines each), 500 customers, 2000 products; built in {:.1} s, {:.0} MB",
        b.open,
        b.closed,
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );

    let store = Store::open(path)?;
    crate::outln!("board query plan:");
    for line in store.board_query_plan()? {
        crate::outln!("  {line}");
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
    crate::outln!(
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
    crate::outln!("  of which the query: median {:.1} ms", percentile(&query, 0.5));
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
    crate::outln!(
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
    crate::outln!(
        "board frame at {}x{} ({} frames, layout + tessellation): median {:.2} ms, p99 {:.2} ms",
        b.width,
        b.height,
        b.frames,
        percentile(&frames, 0.5),
        percentile(&frames, 0.99)
    );
    if let Some(mb) = rss_mb() {
        crate::outln!("resident memory with the board loaded: {mb:.0} MB");
    }
    let _ = Stamp::now("bench");
    Ok(())
}

/// Peak resident memory of this process in MB (Linux `VmHWM`), if it can be read.
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// `docket bench import`: a CSV of `lines` order lines in `orders` orders (Russian header,
/// `;`, decimal comma, dd.mm.yyyy, as 1C writes them) imported into a database of 2,000
/// products and 500 customers: read + check + one transaction, timed, with the process's peak
/// memory; then the same rows inserted with bare prepared statements in one transaction (the
/// limit SQLite sets) for the ratio.
pub fn run_import(lines: usize, orders: usize) -> crate::Result<()> {
    let dir = std::env::temp_dir().join(format!("docket-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let result = run_import_in(&dir, lines, orders.max(1));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn master(path: &std::path::Path) -> crate::Result<Store> {
    let mut store = Store::open(path)?;
    let spec = crate::demo::DemoSpec {
        products: 2000,
        customers: 500,
        orders: 0,
        seed: 5,
        anchor: chrono::Utc::now(),
    };
    crate::demo::fill(&mut store, &spec)?;
    Ok(store)
}

fn run_import_in(dir: &std::path::Path, lines: usize, orders: usize) -> crate::Result<()> {
    use std::io::Write;
    let db = dir.join("import.sqlite");
    let mut store = master(&db)?;
    let catalog = store.import_catalog()?;
    let skus: Vec<String> = catalog
        .products
        .iter()
        .filter(|p| p.active)
        .map(|p| p.sku.clone())
        .collect();
    let customers: Vec<String> = catalog.customers.iter().map(|c| c.code.clone()).collect();
    drop(catalog);
    let csv = dir.join("orders.csv");
    {
        let f = std::fs::File::create(&csv).map_err(|e| crate::Error::io(&csv, e))?;
        let mut w = std::io::BufWriter::new(f);
        let io = |e| crate::Error::io(&csv, e);
        w.write_all("\u{feff}Номер заказа;Дата;Код клиента;Артикул;Кол-во;Комментарий\n".as_bytes())
            .map_err(io)?;
        let per = lines.div_ceil(orders);
        let mut written = 0;
        for o in 0..orders {
            let customer = &customers[(o * 7) % customers.len()];
            for l in 0..per {
                if written == lines {
                    break;
                }
                let sku = &skus[(o * 13 + l * 101) % skus.len()];
                writeln!(
                    w,
                    "ZK-{o:06};{:02}.11.2026;{customer};{sku};{},000;\"звонок, уточнить\"",
                    1 + o % 28,
                    1 + (o + l) % 40
                )
                .map_err(io)?;
                written += 1;
            }
        }
        w.flush().map_err(io)?;
    }
    let size = std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0);
    let before = peak_mb().unwrap_or(0.0);
    crate::outln!(
        "data: {lines} lines in {orders} orders, CSV {:.1} MB; database of 2000 products, 500 customers",
        size as f64 / 1e6
    );
    let stamp = Stamp::now("bench");
    let t = Instant::now();
    let parsed = crate::import::run::preview(
        &store,
        &csv,
        &crate::import::orders::Settings::default(),
        None,
        &crate::print::Progress::new(),
    )?;
    let read = t.elapsed();
    if parsed.problem_count > 0 {
        return Err(crate::Error::msg(format!(
            "bench data has problems: {}",
            parsed.problems.first().map(|p| p.to_string()).unwrap_or_default()
        )));
    }
    let committed = store.commit_import(&parsed, false, &stamp)?;
    let total = t.elapsed();
    let peak = peak_mb().unwrap_or(0.0);
    crate::outln!(
        "import: {} orders, {} lines: read + check {:.0} ms, write {:.0} ms, total {:.2} s; peak memory {:.0} MB (before {:.0} MB)",
        committed.orders.len(),
        committed.lines,
        read.as_secs_f64() * 1000.0,
        (total - read).as_secs_f64() * 1000.0,
        total.as_secs_f64(),
        peak,
        before
    );
    drop(parsed);

    // the limit: the same rows with bare prepared statements in one transaction
    let raw_db = dir.join("raw.sqlite");
    let mut raw = master(&raw_db)?;
    let cat = raw.import_catalog()?;
    let product_id: std::collections::HashMap<String, i64> =
        cat.products.iter().map(|p| (p.sku.clone(), p.id)).collect();
    let customer_id: std::collections::HashMap<String, i64> =
        cat.customers.iter().map(|c| (c.code.clone(), c.id)).collect();
    // the rows, already parsed, so only SQLite is timed
    let mut rows: Vec<(String, i64, i64, i64)> = Vec::with_capacity(lines);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(&csv)
        .map_err(|e| crate::Error::msg(e.to_string()))?;
    for r in rdr.records() {
        let r = r.map_err(|e| crate::Error::msg(e.to_string()))?;
        let qty: i64 = r[4].trim_end_matches(",000").parse().unwrap_or(1);
        rows.push((r[0].to_string(), customer_id[&r[2]], product_id[&r[3]], qty));
    }
    let t = Instant::now();
    let ts = stamp.ts();
    raw.write(|c| {
        let mut order = c.prepare(
            "INSERT INTO orders (number, customer_id, channel, received_at, status, created_by, created_at, updated_at)
             VALUES (?1, ?2, 'edi', ?3, 'awaiting_confirmation', 'bench', ?3, ?3)",
        )?;
        let mut line = c.prepare(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit) VALUES (?1, ?2, ?3, ?4, 'шт')",
        )?;
        let mut last = String::new();
        let mut id = 0;
        let mut no = 0;
        for (number, customer, product, qty) in &rows {
            if *number != last {
                order.execute(rusqlite::params![number, customer, ts])?;
                id = c.last_insert_rowid();
                last.clone_from(number);
                no = 0;
            }
            no += 1;
            line.execute(rusqlite::params![id, no, product, qty])?;
        }
        Ok(())
    })?;
    let raw_t = t.elapsed();
    crate::outln!(
        "raw prepared inserts of the same rows in one transaction: {:.0} ms; import / raw = {:.1}",
        raw_t.as_secs_f64() * 1000.0,
        total.as_secs_f64() / raw_t.as_secs_f64()
    );
    Ok(())
}
