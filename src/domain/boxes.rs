//! The default boxes of an order, proposed before the packer weighs the real ones.
//!
//! Rules (first version):
//! * every full box of a line (`quantity / units_per_box` of them) is a box of its own, weighing
//!   `units_per_box × unit weight`, content `SKU ×units_per_box`;
//! * the loose units of all lines (`quantity % units_per_box`) go together into mixed boxes,
//!   filled in line order up to [`MAX_MIXED_BOX_G`] (25 kg, what one person may carry); a new
//!   mixed box starts when the next unit would go over it. A single unit heavier than the limit
//!   travels alone. Units of weight 0 never open a new box.
//!
//! Packaging weight is not added: the packer weighs the boxes and corrects the weights.

use serde::{Deserialize, Serialize};

/// The most a mixed box of loose units is planned to weigh.
pub const MAX_MIXED_BOX_G: i64 = 25_000;

/// What planning needs of an order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxLine {
    pub sku: String,
    pub quantity: i64,
    pub units_per_box: i64,
    /// Weight of one unit, grams.
    pub weight_g: i64,
}

/// One proposed box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedBox {
    pub weight_g: i64,
    /// Short description: `A01000 ×12` for a full box, `A01000 ×3` for loose units of one line,
    /// `mixed: 3 lines` for loose units of several.
    pub content: String,
}

/// A mixed box being filled: (sku, units) in the order they went in, and the weight so far.
#[derive(Default)]
struct Mixed {
    parts: Vec<(String, i64)>,
    weight_g: i64,
}

impl Mixed {
    fn close(self) -> Option<PlannedBox> {
        let content = match self.parts.as_slice() {
            [] => return None,
            [(sku, units)] => format!("{sku} ×{units}"),
            parts => format!("mixed: {} lines", parts.len()),
        };
        Some(PlannedBox {
            weight_g: self.weight_g,
            content,
        })
    }
}

/// The default boxes of an order: full boxes line by line, then the mixed boxes of loose units.
/// An order with any positive quantity gets at least one box.
pub fn plan_boxes(lines: &[BoxLine]) -> Vec<PlannedBox> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| l.quantity > 0 && l.units_per_box > 0) {
        for _ in 0..l.quantity / l.units_per_box {
            out.push(PlannedBox {
                weight_g: l.units_per_box * l.weight_g.max(0),
                content: format!("{} ×{}", l.sku, l.units_per_box),
            });
        }
    }
    let mut cur = Mixed::default();
    for l in lines.iter().filter(|l| l.quantity > 0) {
        let mut loose = if l.units_per_box > 0 {
            l.quantity % l.units_per_box
        } else {
            l.quantity // no box size: everything is loose
        };
        let unit = l.weight_g.max(0);
        while loose > 0 {
            let room = if unit == 0 {
                loose
            } else {
                ((MAX_MIXED_BOX_G - cur.weight_g) / unit).max(0)
            };
            // an empty box takes at least one unit, however heavy
            let take = if cur.parts.is_empty() { room.max(1) } else { room }.min(loose);
            if take == 0 {
                out.extend(std::mem::take(&mut cur).close());
                continue;
            }
            match cur.parts.last_mut() {
                Some((sku, units)) if *sku == l.sku => *units += take,
                _ => cur.parts.push((l.sku.clone(), take)),
            }
            cur.weight_g += take * unit;
            loose -= take;
        }
    }
    out.extend(cur.close());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, quantity: i64, units_per_box: i64, weight_g: i64) -> BoxLine {
        BoxLine {
            sku: sku.into(),
            quantity,
            units_per_box,
            weight_g,
        }
    }

    fn weights(b: &[PlannedBox]) -> Vec<i64> {
        b.iter().map(|b| b.weight_g).collect()
    }

    #[test]
    fn full_boxes_then_one_mixed_box() {
        let plan = plan_boxes(&[line("A01000", 26, 12, 450), line("B02000", 3, 24, 230)]);
        assert_eq!(weights(&plan), [5400, 5400, 2 * 450 + 3 * 230]);
        assert_eq!(plan[0].content, "A01000 ×12");
        assert_eq!(plan[2].content, "mixed: 2 lines");
        let total: i64 = plan.iter().map(|b| b.weight_g).sum();
        assert_eq!(total, 26 * 450 + 3 * 230, "every unit is in a box");
    }

    #[test]
    fn loose_units_of_one_line_name_the_sku() {
        let plan = plan_boxes(&[line("A01000", 5, 12, 100)]);
        assert_eq!(
            plan,
            [PlannedBox {
                weight_g: 500,
                content: "A01000 ×5".into()
            }]
        );
        // exact boxes: no mixed box at all
        let plan = plan_boxes(&[line("A01000", 24, 12, 100)]);
        assert_eq!(plan.len(), 2);
    }

    #[test]
    fn mixed_boxes_are_split_at_25_kg() {
        // 7 loose units of 3 kg (21 kg) + 5 loose of 2 kg: 21 + 2 + 2 = 25, then 3 × 2 kg
        let plan = plan_boxes(&[line("HEAVY", 7, 8, 3000), line("MID", 5, 6, 2000)]);
        assert_eq!(weights(&plan), [25_000, 6000]);
        assert_eq!(plan[0].content, "mixed: 2 lines");
        assert_eq!(plan[1].content, "MID ×3");
        assert!(plan.iter().all(|b| b.weight_g <= MAX_MIXED_BOX_G));
        // a unit heavier than the limit travels alone
        let plan = plan_boxes(&[line("ANVIL", 2, 10, 30_000), line("PIN", 1, 100, 1)]);
        assert_eq!(weights(&plan), [30_000, 30_000, 1]);
    }

    #[test]
    fn weightless_products_still_get_a_box() {
        let plan = plan_boxes(&[line("PAPER", 3, 10, 0), line("INK", 1, 10, 0)]);
        assert_eq!(weights(&plan), [0]);
        assert_eq!(plan[0].content, "mixed: 2 lines");
    }

    #[test]
    fn empty_order_has_no_box_any_other_has_one() {
        assert!(plan_boxes(&[]).is_empty());
        assert!(plan_boxes(&[line("A", 0, 12, 10)]).is_empty());
        assert_eq!(plan_boxes(&[line("A", 1, 12, 10)]).len(), 1);
        assert_eq!(plan_boxes(&[line("A", 1, 0, 10)]).len(), 1, "no box size: loose");
    }
}
