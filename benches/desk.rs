//! Desk benchmarks on a large real SQLite file: `cargo bench --bench desk`.
//! Figures are written down in docs/BENCHMARKS.md. Not a timed test: it reports, it does not
//! fail.

use docket::demo::{DemoSpec, fill};
use docket::domain::order::{DraftLine, OrderDraft, OrderStatus};
use docket::store::{Stamp, Store};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    let max = *v.iter().max().unwrap_or(&Duration::ZERO);
    (median(v), max)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let products: usize = std::env::var("BENCH_PRODUCTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let customers: usize = std::env::var("BENCH_CUSTOMERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let orders: usize = std::env::var("BENCH_ORDERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path).expect("open");
    let t = Instant::now();
    fill(
        &mut store,
        &DemoSpec {
            products,
            customers,
            orders,
            seed: 7,
            anchor: chrono::Utc::now(),
        },
    )
    .expect("fill");
    let fill_time = t.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("sqlite-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("data: {products} products, {customers} customers, {orders} orders (demo generator, seed 7)");
    println!(
        "fill (one transaction): {:.2} s, file {:.1} MB",
        fill_time.as_secs_f64(),
        size as f64 / 1e6
    );

    let rows = [
        (
            "suggest_products 'szamp' (8 hits, name part)",
            time(50, || store.suggest_products("szamp", 8).unwrap()),
        ),
        (
            "suggest_products exact SKU 'A01007'",
            time(50, || store.suggest_products("A01007", 8).unwrap()),
        ),
        (
            "suggest_products 'łabędź' (Polish, other case)",
            time(50, || store.suggest_products("ŁABĘDŹ", 8).unwrap()),
        ),
        (
            "customers 'ром' (8 hits)",
            time(50, || store.customers("ром", 8).unwrap()),
        ),
        (
            "products list, all rows (panel load)",
            time(10, || store.products("", 0).unwrap()),
        ),
        (
            "products list filtered 'шампунь'",
            time(10, || store.products("шампунь", 0).unwrap()),
        ),
        (
            "customers list, all rows",
            time(10, || store.customers("", 0).unwrap()),
        ),
        (
            "lookup order number (scan field)",
            time(200, || store.lookup("2611-00042").unwrap()),
        ),
        (
            "lookup EAN-13 (scan field)",
            time(200, || store.lookup("4608105106908").unwrap()),
        ),
    ];
    for (name, (med, max)) in rows {
        println!("{name:50} median {:>10}  max {:>10}", ms(med), ms(max));
    }

    // saving an order from the intake form: one transaction each, through WAL
    let ids: Vec<i64> = store.products("", 12).unwrap().iter().map(|p| p.id).collect();
    let cust = store.customers("", 1).unwrap()[0].id;
    let dp = store.delivery_points(cust).unwrap().first().map(|d| d.id);
    let draft = OrderDraft {
        customer_id: cust,
        delivery_point_id: dp,
        self_pickup: dp.is_none(),
        lines: ids
            .iter()
            .map(|&id| DraftLine {
                product_id: id,
                quantity: 10,
                unit: "шт".into(),
            })
            .collect(),
        ..Default::default()
    };
    let stamp = Stamp::now("bench");
    let (med, max) = time(200, || {
        store.create_order(&draft, OrderStatus::Released, &stamp).unwrap()
    });
    println!(
        "{:50} median {:>10}  max {:>10}",
        "create_order, 12 lines (one transaction)",
        ms(med),
        ms(max)
    );
    let (med, max) = time(200, || store.data_version().unwrap());
    println!(
        "{:50} median {:>10}  max {:>10}",
        "data_version poll (other windows' changes)",
        ms(med),
        ms(max)
    );
}
