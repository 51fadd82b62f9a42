//! Products and storage locations.

use super::customers::escape_like;
use super::{OptionalExt, Stamp, Store, audit, diff, unique_err};
use crate::domain::product::{Product, walk_sequence};
use crate::domain::text::{fold, search_text};
use crate::error::{Error, Result};
use rusqlite::{Connection, Row, params};

/// One line of the products list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub ean13: String,
    pub unit: String,
    pub units_per_box: i64,
    pub weight_g: i64,
    pub location: String,
}

impl From<Product> for ProductRow {
    fn from(p: Product) -> Self {
        ProductRow {
            id: p.id,
            sku: p.sku,
            name: p.name,
            ean13: p.ean13.unwrap_or_default(),
            unit: p.unit,
            units_per_box: p.units_per_box,
            weight_g: p.weight_g,
            location: p.location,
        }
    }
}

/// A suggestion at order intake.
pub type ProductHit = ProductRow;

const PRODUCT_COLS: &str = "p.id, p.sku, p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, COALESCE(l.code, ''), p.active, p.version";

fn product_from_row(r: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        ean13: r.get(3)?,
        unit: r.get(4)?,
        units_per_box: r.get(5)?,
        weight_g: r.get(6)?,
        location: r.get(7)?,
        active: r.get(8)?,
        version: r.get(9)?,
    })
}

fn row_from_row(r: &Row) -> rusqlite::Result<ProductRow> {
    Ok(ProductRow {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        ean13: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        unit: r.get(4)?,
        units_per_box: r.get(5)?,
        weight_g: r.get(6)?,
        location: r.get(7)?,
    })
}

/// The id of a location code, created with its walking sequence when new.
pub(crate) fn location_id_in(c: &Connection, code: &str, stamp: &Stamp) -> Result<Option<i64>> {
    if code.is_empty() {
        return Ok(None);
    }
    if let Some(id) = c
        .query_row("SELECT id FROM locations WHERE code = ?1", [code], |r| r.get(0))
        .opt()?
    {
        return Ok(Some(id));
    }
    c.execute(
        "INSERT INTO locations (code, walk_sequence, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?3, 1)",
        params![code, walk_sequence(code), stamp.ts()],
    )?;
    let id = c.last_insert_rowid();
    audit(
        c,
        stamp,
        "locations",
        id,
        "insert",
        serde_json::json!({ "code": code }),
    )?;
    Ok(Some(id))
}

pub fn save_product_in(c: &Connection, p: &Product, stamp: &Stamp) -> Result<Product> {
    p.validate()?;
    let loc = location_id_in(c, &p.location, stamp)?;
    let st = search_text(&[&p.sku, &p.name, p.ean13.as_deref().unwrap_or("")]);
    let ts = stamp.ts();
    let dup = |e: rusqlite::Error| {
        let msg = e.to_string();
        if msg.contains("products.ean13") || msg.contains("products_ean13") {
            unique_err(e, "product", "ean13", p.ean13.as_deref().unwrap_or(""))
        } else {
            unique_err(e, "product", "sku", &p.sku)
        }
    };
    if p.id == 0 {
        c.execute(
            "INSERT INTO products (sku, name, ean13, unit, units_per_box, weight_g, location_id, active, search_text,
                 created_at, updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 1)",
            params![p.sku, p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, loc, p.active, st, ts],
        )
        .map_err(dup)?;
        let id = c.last_insert_rowid();
        let saved = Product {
            id,
            version: 1,
            ..p.clone()
        };
        audit(
            c,
            stamp,
            "products",
            id,
            "insert",
            serde_json::to_value(&saved).unwrap_or_default(),
        )?;
        Ok(saved)
    } else {
        let old = get_product_in(c, p.id)?;
        let n = c
            .execute(
                "UPDATE products SET sku = ?1, name = ?2, ean13 = ?3, unit = ?4, units_per_box = ?5, weight_g = ?6,
                     location_id = ?7, active = ?8, search_text = ?9, updated_at = ?10, version = version + 1
                 WHERE id = ?11 AND version = ?12",
                params![p.sku, p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, loc, p.active, st, ts, p.id, p.version],
            )
            .map_err(dup)?;
        if n == 0 {
            return Err(Error::Conflict {
                entity: "product",
                id: p.id,
            });
        }
        audit(c, stamp, "products", p.id, "update", diff(&old, p))?;
        Ok(Product {
            version: p.version + 1,
            ..p.clone()
        })
    }
}

pub(crate) fn get_product_in(c: &Connection, id: i64) -> Result<Product> {
    c.query_row(
        &format!("SELECT {PRODUCT_COLS} FROM products p LEFT JOIN locations l ON l.id = p.location_id WHERE p.id = ?1"),
        [id],
        product_from_row,
    )
    .opt()?
    .ok_or(Error::NotFound { entity: "product", key: id.to_string() })
}

impl Store {
    pub fn save_product(&mut self, p: &Product, stamp: &Stamp) -> Result<Product> {
        self.write(|c| save_product_in(c, p, stamp))
    }

    pub fn product(&self, id: i64) -> Result<Product> {
        get_product_in(self.conn(), id)
    }

    /// A product by exact SKU, else by exact EAN-13 (what a scanner types).
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>> {
        let code = code.trim();
        let q = |col: &str| {
            self.conn()
                .query_row(
                    &format!("SELECT {PRODUCT_COLS} FROM products p LEFT JOIN locations l ON l.id = p.location_id WHERE p.{col} = ?1"),
                    [code],
                    product_from_row,
                )
                .opt()
        };
        match q("sku")? {
            Some(p) => Ok(Some(p)),
            None => q("ean13"),
        }
    }

    /// Products whose SKU, name or EAN contain `query` (any case, any script), by SKU.
    /// `limit` 0 means no limit.
    pub fn products(&self, query: &str, limit: usize) -> Result<Vec<ProductRow>> {
        let folded = fold(query);
        let lim = if limit == 0 { i64::MAX } else { limit as i64 };
        // walking the SKU index in order lets a LIMIT stop early; no filter at all when empty
        let mut st = self.conn().prepare_cached(
            "SELECT p.id, p.sku, p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, COALESCE(l.code, '')
             FROM products p LEFT JOIN locations l ON l.id = p.location_id
             WHERE ?1 = '' OR p.search_text LIKE ?2 ESCAPE '\\' ORDER BY p.sku LIMIT ?3",
        )?;
        let needle = format!("%{}%", escape_like(&folded));
        let rows = st.query_map(params![folded, needle, lim], row_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Suggestions while typing a product at intake: an exact SKU or EAN (what a scanner
    /// types) alone, found through the unique indexes; otherwise active products whose SKU,
    /// name or EAN contain the text, by SKU.
    pub fn suggest_products(&self, query: &str, limit: usize) -> Result<Vec<ProductHit>> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(p) = self.product_by_code(q)?.filter(|p| p.active) {
            return Ok(vec![p.into()]);
        }
        let mut st = self.conn().prepare_cached(
            "SELECT p.id, p.sku, p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, COALESCE(l.code, '')
             FROM products p LEFT JOIN locations l ON l.id = p.location_id
             WHERE p.active = 1 AND p.search_text LIKE ?1 ESCAPE '\\'
             ORDER BY p.sku LIMIT ?2",
        )?;
        let rows = st.query_map(
            params![format!("%{}%", escape_like(&fold(q))), limit as i64],
            row_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
