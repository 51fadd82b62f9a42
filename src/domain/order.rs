//! Orders: channels, statuses, the state machine, and the rules an order draft must meet.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// How an order reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Channel {
    #[default]
    Phone,
    Email,
    PriceList,
    Edi,
    Pda,
    WebPortal,
    InternalRegistry,
    WalkIn,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Phone,
        Channel::Email,
        Channel::PriceList,
        Channel::Edi,
        Channel::Pda,
        Channel::WebPortal,
        Channel::InternalRegistry,
        Channel::WalkIn,
    ];

    /// The value stored in `orders.channel`.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::PriceList => "price_list",
            Channel::Edi => "edi",
            Channel::Pda => "pda",
            Channel::WebPortal => "web_portal",
            Channel::InternalRegistry => "internal_registry",
            Channel::WalkIn => "walk_in",
        }
    }

    /// Reads a stored code, or a common spelling from files (`e-mail`, `portal`...).
    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim().to_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "phone" | "telephone" | "телефон" => Channel::Phone,
            "email" | "e_mail" | "mail" | "почта" => Channel::Email,
            "price_list" | "pricelist" | "прайс" => Channel::PriceList,
            "edi" | "electronic" => Channel::Edi,
            "pda" | "кпк" => Channel::Pda,
            "web_portal" | "portal" | "web" | "портал" => Channel::WebPortal,
            "internal_registry" | "registry" | "реестр" => Channel::InternalRegistry,
            "walk_in" | "walkin" => Channel::WalkIn,
            _ => return None,
        })
    }
}

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, PartialOrd, Ord)]
pub enum OrderStatus {
    #[default]
    Draft,
    AwaitingConfirmation,
    CreditHold,
    Released,
    Picking,
    Checking,
    Packed,
    Shipped,
    Delivered,
    PickedUp,
    Cancelled,
    Returned,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 12] = [
        OrderStatus::Draft,
        OrderStatus::AwaitingConfirmation,
        OrderStatus::CreditHold,
        OrderStatus::Released,
        OrderStatus::Picking,
        OrderStatus::Checking,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::PickedUp,
        OrderStatus::Cancelled,
        OrderStatus::Returned,
    ];

    /// The value stored in `orders.status`.
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::AwaitingConfirmation => "awaiting_confirmation",
            OrderStatus::CreditHold => "credit_hold",
            OrderStatus::Released => "released",
            OrderStatus::Picking => "picking",
            OrderStatus::Checking => "checking",
            OrderStatus::Packed => "packed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Returned => "returned",
        }
    }

    pub fn parse(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Closed orders leave the board.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            OrderStatus::Delivered | OrderStatus::PickedUp | OrderStatus::Cancelled | OrderStatus::Returned
        )
    }

    /// Before shipping an order can still be cancelled.
    pub fn before_shipping(self) -> bool {
        matches!(
            self,
            OrderStatus::Draft
                | OrderStatus::AwaitingConfirmation
                | OrderStatus::CreditHold
                | OrderStatus::Released
                | OrderStatus::Picking
                | OrderStatus::Checking
                | OrderStatus::Packed
        )
    }
}

/// Why a move between statuses is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalMove {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub reason: String,
}

impl std::error::Error for IllegalMove {}

impl std::fmt::Display for IllegalMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot move from {} to {}: {}",
            self.from.code(),
            self.to.code(),
            self.reason
        )
    }
}

/// Facts about an order that the state machine needs besides its status.
#[derive(Debug, Clone, Copy, Default)]
pub struct MoveContext {
    pub self_pickup: bool,
    pub over_credit_limit: bool,
    /// A recorded reason to release despite the credit limit.
    pub credit_override: bool,
    /// A reason is given (cancelling needs one).
    pub has_note: bool,
    /// A person is named (moves into picking, picking control and packing need the picker,
    /// checker or packer).
    pub has_person: bool,
}

/// A request to move an order: the version it was read at, a note (the reason, for a
/// cancellation), the person who does the step, a credit override reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Move {
    pub id: i64,
    pub to: OrderStatus,
    pub version: i64,
    pub note: String,
    pub person: Option<String>,
    pub credit_override: Option<String>,
}

/// Which person a move into `to` must name, if any.
pub fn person_role(to: OrderStatus) -> Option<&'static str> {
    match to {
        OrderStatus::Picking => Some("picker"),
        OrderStatus::Checking => Some("checker"),
        OrderStatus::Packed => Some("packer"),
        _ => None,
    }
}

impl OrderStatus {
    /// Where an order can go from here in one move, in the order the board offers them
    /// (forward first, then back a step, cancelling last).
    pub fn next_steps(self, self_pickup: bool) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            Draft => &[AwaitingConfirmation, Released, CreditHold, Cancelled],
            AwaitingConfirmation => &[Released, CreditHold, Draft, Cancelled],
            CreditHold => &[Released, Draft, Cancelled],
            Released => &[Picking, AwaitingConfirmation, Cancelled],
            Picking => &[Checking, Released, Cancelled],
            Checking => &[Packed, Picking, Cancelled],
            Packed if self_pickup => &[PickedUp, Checking, Cancelled],
            Packed => &[Shipped, Checking, Cancelled],
            Shipped => &[Delivered, Returned],
            Delivered | PickedUp => &[Returned],
            Cancelled | Returned => &[],
        }
    }
}

/// The order state machine: is the move `from -> to` allowed? Every rule lives here.
pub fn check_move(from: OrderStatus, to: OrderStatus, ctx: MoveContext) -> Result<(), IllegalMove> {
    use OrderStatus::*;
    let refuse = |reason: &str| {
        Err(IllegalMove {
            from,
            to,
            reason: reason.to_string(),
        })
    };
    if from == to {
        return refuse("the order is already there");
    }
    if !from.next_steps(ctx.self_pickup).contains(&to) {
        return if from.is_closed() {
            refuse("the order is closed")
        } else if to == Cancelled {
            refuse("only an order that has not shipped can be cancelled")
        } else if to == PickedUp && !ctx.self_pickup {
            refuse("only a self-pickup order is picked up; this one is delivered")
        } else if to == Shipped && ctx.self_pickup {
            refuse("a self-pickup order is picked up, not shipped")
        } else {
            refuse("the order has to pass the steps in between")
        };
    }
    if to == Cancelled && !ctx.has_note {
        return refuse("cancelling needs a reason");
    }
    if let Some(role) = person_role(to)
        && !ctx.has_person
    {
        return refuse(&format!("name the {role}"));
    }
    if to == Released && ctx.over_credit_limit && !ctx.credit_override {
        return refuse(
            "the customer's overdue debt exceeds its credit limit: release needs an override with a reason",
        );
    }
    Ok(())
}

/// The status an order is saved in when the desk asks for `wanted`, given the credit check:
/// over the limit, anything past draft becomes credit hold unless an override is given.
pub fn status_on_save(wanted: OrderStatus, over_credit_limit: bool, has_override: bool) -> OrderStatus {
    match wanted {
        OrderStatus::Draft => OrderStatus::Draft,
        OrderStatus::Released if over_credit_limit && has_override => OrderStatus::Released,
        _ if over_credit_limit => OrderStatus::CreditHold,
        other => other,
    }
}

/// An order line being typed at intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub product_id: i64,
    pub quantity: i64,
    pub unit: String,
}

/// An order as the intake form holds it before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderDraft {
    pub customer_id: i64,
    pub delivery_point_id: Option<i64>,
    pub channel: Channel,
    pub wanted_date: Option<chrono::NaiveDate>,
    pub self_pickup: bool,
    pub priority: i64,
    pub comment: String,
    pub lines: Vec<DraftLine>,
    /// Reason to release despite the credit limit (recorded on the order).
    pub credit_override: Option<String>,
}

impl OrderDraft {
    /// Rules an order must meet before it is stored.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.customer_id <= 0 {
            return Err(FieldError::new("customer", "choose a customer"));
        }
        if !self.self_pickup && self.delivery_point_id.is_none() {
            return Err(FieldError::new(
                "delivery_point",
                "choose a delivery point or self-pickup",
            ));
        }
        if !(0..=2).contains(&self.priority) {
            return Err(FieldError::new("priority", "is 0, 1 or 2"));
        }
        if self.lines.is_empty() {
            return Err(FieldError::new("lines", "an order needs at least one line"));
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.quantity <= 0 {
                return Err(FieldError::new(
                    "quantity",
                    format!("line {}: quantity must be more than 0", i + 1),
                ));
            }
            if self.lines[..i].iter().any(|o| o.product_id == l.product_id) {
                return Err(FieldError::new(
                    "lines",
                    format!("line {}: the same product is already in the order", i + 1),
                ));
            }
        }
        if let Some(r) = &self.credit_override
            && r.trim().is_empty()
        {
            return Err(FieldError::new(
                "credit_override",
                "give a reason for the override",
            ));
        }
        Ok(())
    }

    /// Adds a product, or — when it is already there — merges the quantity into that line.
    /// Returns the index of the line.
    pub fn add_or_merge(&mut self, product_id: i64, quantity: i64, unit: &str) -> usize {
        if let Some(i) = self.lines.iter().position(|l| l.product_id == product_id) {
            self.lines[i].quantity += quantity;
            i
        } else {
            self.lines.push(DraftLine {
                product_id,
                quantity,
                unit: unit.to_string(),
            });
            self.lines.len() - 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn codes_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.code()), Some(s));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(c));
        }
        assert_eq!(Channel::parse("E-mail"), Some(Channel::Email));
    }

    #[test]
    fn state_machine() {
        let ctx = MoveContext::default();
        assert!(check_move(Draft, Released, ctx).is_ok());
        assert!(
            check_move(Released, Picking, ctx)
                .unwrap_err()
                .reason
                .contains("picker")
        );
        assert!(
            check_move(
                Released,
                Picking,
                MoveContext {
                    has_person: true,
                    ..ctx
                }
            )
            .is_ok()
        );
        assert!(check_move(Draft, Shipped, ctx).is_err());
        assert!(check_move(Released, Released, ctx).is_err());
        let over = MoveContext {
            over_credit_limit: true,
            ..ctx
        };
        let e = check_move(CreditHold, Released, over).unwrap_err();
        assert!(e.reason.contains("credit limit"), "{e}");
        assert!(
            check_move(
                CreditHold,
                Released,
                MoveContext {
                    credit_override: true,
                    ..over
                }
            )
            .is_ok()
        );
        assert!(check_move(Packed, PickedUp, ctx).is_err());
        assert!(
            check_move(Checking, Packed, ctx)
                .unwrap_err()
                .reason
                .contains("packer")
        );
        assert!(
            check_move(
                Packed,
                PickedUp,
                MoveContext {
                    self_pickup: true,
                    ..ctx
                }
            )
            .is_ok()
        );
        assert!(check_move(Picking, Cancelled, ctx).is_err(), "needs a reason");
        assert!(
            check_move(
                Picking,
                Cancelled,
                MoveContext {
                    has_note: true,
                    ..ctx
                }
            )
            .is_ok()
        );
        assert!(
            check_move(
                Shipped,
                Cancelled,
                MoveContext {
                    has_note: true,
                    ..ctx
                }
            )
            .is_err()
        );
        assert!(check_move(Cancelled, Draft, ctx).is_err());
    }

    #[test]
    fn credit_hold_on_save() {
        assert_eq!(status_on_save(Released, true, false), CreditHold);
        assert_eq!(status_on_save(AwaitingConfirmation, true, false), CreditHold);
        assert_eq!(status_on_save(Released, true, true), Released);
        assert_eq!(status_on_save(Draft, true, false), Draft);
        assert_eq!(status_on_save(Released, false, false), Released);
    }

    #[test]
    fn draft_rules() {
        let mut d = OrderDraft {
            customer_id: 1,
            delivery_point_id: Some(1),
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap_err().field, "lines");
        d.add_or_merge(7, 5, "шт");
        assert_eq!(d.add_or_merge(7, 3, "шт"), 0);
        assert_eq!(d.lines[0].quantity, 8);
        assert_eq!(d.validate(), Ok(()));
        d.lines.push(DraftLine {
            product_id: 7,
            quantity: 1,
            unit: "шт".into(),
        });
        assert!(d.validate().unwrap_err().message.contains("same product"));
        d.lines.pop();
        d.lines[0].quantity = 0;
        assert_eq!(d.validate().unwrap_err().field, "quantity");
    }

    /// Random walks over the state machine (a deterministic generator, many seeds): whatever
    /// is tried, an accepted move is one the rules allow, a refused one changes nothing, and
    /// the history of accepted moves replays to the current state.
    #[test]
    fn random_move_sequences_never_reach_an_illegal_state() {
        let mut rng = crate::demo::Rng::new(42);
        for _ in 0..3000 {
            let self_pickup = rng.chance(30);
            let mut status = Draft;
            let mut history: Vec<(OrderStatus, OrderStatus)> = Vec::new();
            for _ in 0..40 {
                let to = *rng.pick(&OrderStatus::ALL);
                let ctx = MoveContext {
                    self_pickup,
                    over_credit_limit: rng.chance(20),
                    credit_override: rng.chance(50),
                    has_note: rng.chance(70),
                    has_person: rng.chance(70),
                };
                match check_move(status, to, ctx) {
                    Ok(()) => {
                        assert!(status.next_steps(self_pickup).contains(&to));
                        assert!(!status.is_closed() || to == Returned, "{status:?} -> {to:?}");
                        if to == Cancelled {
                            assert!(status.before_shipping() && ctx.has_note);
                        }
                        if person_role(to).is_some() {
                            assert!(ctx.has_person);
                        }
                        if to == Released && ctx.over_credit_limit {
                            assert!(ctx.credit_override);
                        }
                        assert!(to != PickedUp || self_pickup, "picked up needs self-pickup");
                        assert!(to != Shipped || !self_pickup, "self-pickup is not shipped");
                        history.push((status, to));
                        status = to;
                    }
                    Err(e) => {
                        assert_eq!((e.from, e.to), (status, to));
                        assert!(!e.reason.is_empty());
                    }
                }
            }
            // replay
            let mut replay = Draft;
            for (from, to) in &history {
                assert_eq!(*from, replay);
                replay = *to;
            }
            assert_eq!(replay, status);
        }
    }
}
