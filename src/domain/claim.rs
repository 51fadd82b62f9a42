//! Claims (рекламации / 投诉 / reklamacje): their kinds, how they came, the workflow that closes
//! every one in a loop, the decision and its rules, the answer deadline, returns and contacts.
//! Pure rules: no IO, no SQL, no egui. Labels for people live in `i18n` and the claim act.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::FieldError;
use super::calendar::WorkCalendar;
use super::sla::{Deadline, DeadlineKind, judge};

codes!(
    /// What the client complains about.
    ClaimKind {
        Shortage = "shortage",
        Surplus = "surplus",
        MisSort = "mis_sort",
        Defect = "defect",
        Expired = "expired",
        Damaged = "damaged",
        Documents = "documents",
        Other = "other",
    }
);

codes!(
    /// How the claim came to the desk. `PickingControl` is the warehouse's own finding at
    /// picking control: an internal claim.
    ClaimChannel {
        Phone = "phone",
        Email = "email",
        Letter = "letter",
        Driver = "driver",
        Portal = "portal",
        PickingControl = "picking_control",
    }
);

codes!(
    /// Where a claim stands.
    ClaimStatus {
        Registered = "registered",
        Investigating = "investigating",
        Decided = "decided",
        Answered = "answered",
        Closed = "closed",
        Cancelled = "cancelled",
    }
);

codes!(
    /// The answer on the merits.
    Decision {
        Accepted = "accepted",
        PartlyAccepted = "partly_accepted",
        Rejected = "rejected",
    }
);

codes!(
    /// Who caused what the client complains about.
    Culprit {
        Picker = "picker",
        Checker = "checker",
        Packer = "packer",
        Driver = "driver",
        Supplier = "supplier",
        Client = "client",
        Carrier = "carrier",
        Insurer = "insurer",
        Nobody = "none",
    }
);

codes!(
    /// What the client gets.
    Remedy {
        Redelivery = "redelivery",
        CreditNote = "credit_note",
        Return = "return",
        Replacement = "replacement",
        Compensation = "compensation",
        Insurance = "insurance",
        Nothing = "none",
    }
);

codes!(
    /// The investigation's checklist.
    Evidence {
        Cctv = "cctv",
        StockCount = "stock_count",
        CellInventory = "cell_inventory",
        ClientPhotos = "client_photos",
        DriverStatement = "driver_statement",
    }
);

codes!(
    /// Languages of the claim act (the answer to the client).
    ActLang {
        Ru = "ru",
        En = "en",
    }
);

codes!(
    /// What kind of return: the goods never left, or a driver brought them back.
    ReturnKind {
        Full = "full",
        Driver = "driver",
    }
);

codes!(
    /// The state of returned goods.
    Condition {
        Resaleable = "resaleable",
        Defect = "defect",
        Expired = "expired",
    }
);

codes!(
    /// How a contact with a client went.
    Medium {
        Phone = "phone",
        Email = "email",
        Visit = "visit",
        Messenger = "messenger",
    }
);

codes!(
    /// What a contact was about.
    Topic {
        OrderStatus = "order_status",
        Claim = "claim",
        Documents = "documents",
        Consultation = "consultation",
        Other = "other",
    }
);

codes!(
    /// The result of a call back.
    CallResult {
        Satisfied = "satisfied",
        NotSatisfied = "not_satisfied",
        Done = "done",
    }
);

impl ClaimKind {
    /// Kinds about goods: they name lines. A documents error or "other" may have none.
    pub fn needs_lines(self) -> bool {
        !matches!(self, ClaimKind::Documents | ClaimKind::Other)
    }
    /// Kinds where the client may name a product the order did not have (what arrived instead,
    /// or on top).
    pub fn allows_foreign_products(self) -> bool {
        matches!(self, ClaimKind::Surplus | ClaimKind::MisSort)
    }
    /// Kinds where the claimed quantity is part of what was ordered, so it cannot exceed it.
    pub fn bounded_by_order(self) -> bool {
        matches!(
            self,
            ClaimKind::Shortage | ClaimKind::Defect | ClaimKind::Expired | ClaimKind::Damaged
        )
    }
}

impl ClaimChannel {
    pub fn is_internal(self) -> bool {
        self == ClaimChannel::PickingControl
    }
}

impl Culprit {
    /// Culprits that are one of our people: the decision names the person.
    pub fn is_person(self) -> bool {
        matches!(
            self,
            Culprit::Picker | Culprit::Checker | Culprit::Packer | Culprit::Driver
        )
    }
}

impl ClaimStatus {
    /// Open: still needs work from the desk (the deadline runs until answered).
    pub fn is_open(self) -> bool {
        !matches!(self, ClaimStatus::Closed | ClaimStatus::Cancelled)
    }

    /// Where a claim can go from here, forward first, then back, cancelling last.
    pub fn next_steps(self) -> &'static [ClaimStatus] {
        use ClaimStatus::*;
        match self {
            Registered => &[Investigating, Cancelled],
            Investigating => &[Decided, Cancelled],
            Decided => &[Answered, Investigating, Cancelled],
            Answered => &[Closed, Investigating],
            Closed => &[Investigating],
            Cancelled => &[],
        }
    }
}

/// A refused claim move, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalClaimMove {
    pub from: ClaimStatus,
    pub to: ClaimStatus,
    pub reason: String,
}

impl std::error::Error for IllegalClaimMove {}

impl std::fmt::Display for IllegalClaimMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "claim cannot go from '{}' to '{}': {}",
            self.from.code(),
            self.to.code(),
            self.reason
        )
    }
}

/// What a move needs to know about the claim.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimMoveContext {
    /// The decision is recorded (decision, culprit, remedy).
    pub decided: bool,
    /// The user gave a note (a reason for cancelling, going back or reopening).
    pub has_note: bool,
}

/// The claim workflow: is `from -> to` allowed? Every rule lives here.
pub fn check_claim_move(
    from: ClaimStatus,
    to: ClaimStatus,
    ctx: ClaimMoveContext,
) -> Result<(), IllegalClaimMove> {
    use ClaimStatus::*;
    let refuse = |reason: &str| {
        Err(IllegalClaimMove {
            from,
            to,
            reason: reason.to_string(),
        })
    };
    if from == to {
        return refuse("the claim is already there");
    }
    if !from.next_steps().contains(&to) {
        return match (from, to) {
            (Cancelled, _) => refuse("the claim is cancelled"),
            (_, Cancelled) => refuse("an answered claim cannot be cancelled"),
            _ => refuse("the claim has to pass the steps in between"),
        };
    }
    if to == Decided && !ctx.decided {
        return refuse("record the decision first: decision, culprit and remedy");
    }
    if to == Cancelled && !ctx.has_note {
        return refuse("cancelling needs a reason");
    }
    if to == Investigating && matches!(from, Decided | Answered | Closed) && !ctx.has_note {
        return refuse("going back to the investigation needs a note (why)");
    }
    Ok(())
}

/// The decision as the claims manager records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDraft {
    pub decision: Decision,
    pub culprit: Culprit,
    /// The person (picker, checker, packer, driver) or company (supplier, carrier...).
    pub culprit_name: String,
    pub remedy: Remedy,
    pub compensation_minor: i64,
    pub insurance_case: String,
    pub note: String,
}

impl DecisionDraft {
    /// The decision's own rules.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.culprit.is_person() && self.culprit_name.trim().is_empty() {
            return Err(FieldError::new("culprit_name", "name the person at fault"));
        }
        if self.compensation_minor < 0 {
            return Err(FieldError::new("compensation", "cannot be negative"));
        }
        match (self.decision, self.remedy) {
            (Decision::Rejected, Remedy::Nothing) => {}
            (Decision::Rejected, _) => {
                return Err(FieldError::new(
                    "remedy",
                    "a rejected claim gets no remedy: choose 'none'",
                ));
            }
            (_, Remedy::Nothing) => {
                return Err(FieldError::new(
                    "remedy",
                    "an accepted claim needs a remedy (re-delivery, credit note, return...)",
                ));
            }
            _ => {}
        }
        if self.remedy == Remedy::Compensation && self.compensation_minor <= 0 {
            return Err(FieldError::new("compensation", "give the compensation amount"));
        }
        if self.remedy == Remedy::Insurance && self.insurance_case.trim().is_empty() {
            return Err(FieldError::new(
                "insurance_case",
                "give the insurance case number",
            ));
        }
        if self.decision == Decision::Rejected && self.note.trim().is_empty() {
            return Err(FieldError::new("note", "say why the claim is rejected"));
        }
        Ok(())
    }
}

/// A line of a claim being registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimLineDraft {
    pub product_id: i64,
    pub quantity: i64,
    pub amount_minor: i64,
    pub note: String,
}

/// A claim being registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDraft {
    pub order_id: i64,
    pub kind: ClaimKind,
    pub channel: ClaimChannel,
    /// When the claim reached the desk, local wall-clock time.
    pub received_at: NaiveDateTime,
    pub client_words: String,
    pub lang: ActLang,
    pub lines: Vec<ClaimLineDraft>,
}

impl ClaimDraft {
    /// Checks the draft against the order's lines (`ordered`: product id and quantity).
    pub fn validate(&self, ordered: &[(i64, i64)]) -> Result<(), FieldError> {
        if self.kind.needs_lines() && self.lines.is_empty() {
            return Err(FieldError::new(
                "lines",
                "choose the lines and quantities the claim is about",
            ));
        }
        for (i, l) in self.lines.iter().enumerate() {
            let field = "lines";
            let n = i + 1;
            if l.quantity <= 0 {
                return Err(FieldError::new(
                    field,
                    format!("line {n}: the quantity must be at least 1"),
                ));
            }
            if l.amount_minor < 0 {
                return Err(FieldError::new(
                    field,
                    format!("line {n}: the amount cannot be negative"),
                ));
            }
            if self.lines[..i].iter().any(|o| o.product_id == l.product_id) {
                return Err(FieldError::new(
                    field,
                    format!("line {n}: the product is already on the claim"),
                ));
            }
            match ordered.iter().find(|(p, _)| *p == l.product_id) {
                None if !self.kind.allows_foreign_products() => {
                    return Err(FieldError::new(
                        field,
                        format!("line {n}: the order does not have this product"),
                    ));
                }
                Some((_, q)) if self.kind.bounded_by_order() && l.quantity > *q => {
                    return Err(FieldError::new(
                        field,
                        format!("line {n}: {} claimed but only {q} ordered", l.quantity),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    pub fn claimed_minor(&self) -> i64 {
        self.lines.iter().map(|l| l.amount_minor.max(0)).sum()
    }
}

/// When the answer to a claim received at `received` is due: `days` working days later on the
/// calendar (at the time of day of the next working moment at or after receipt).
pub fn answer_due(cal: &WorkCalendar, received: NaiveDateTime, days: i64) -> NaiveDateTime {
    cal.add_working_days(received, days.max(1))
}

/// The answer deadline of a claim, as the board shows an order's: open claims run until
/// answered (`Late` past due, `AtRisk` with less than a quarter left); an answered claim is
/// `Met` or `Missed`; a claim cancelled before any answer has none.
pub fn claim_deadline(
    cal: &WorkCalendar,
    received: NaiveDateTime,
    due: NaiveDateTime,
    answered: Option<NaiveDateTime>,
    cancelled: bool,
    now: NaiveDateTime,
) -> Option<Deadline> {
    if answered.is_none() && cancelled {
        return None;
    }
    Some(judge(cal, DeadlineKind::Answer, received, due, answered, now))
}

/// A line of a return being recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLineDraft {
    pub product_id: i64,
    pub quantity: i64,
    pub condition: Condition,
}

/// A return being recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnDraft {
    pub order_id: i64,
    pub claim_id: Option<i64>,
    pub kind: ReturnKind,
    pub driver: String,
    pub note: String,
    pub lines: Vec<ReturnLineDraft>,
}

/// How what came back compares with what was expected, per product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// Products expected and not (all) back: product id, missing quantity.
    pub missing: Vec<(i64, i64)>,
    /// Products back beyond what was expected: product id, extra quantity.
    pub extra: Vec<(i64, i64)>,
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares returned quantities (any condition) with the expected ones (the order's lines, or
/// the claim's).
pub fn completeness(expected: &[(i64, i64)], lines: &[ReturnLineDraft]) -> Completeness {
    use std::collections::BTreeMap;
    let mut back: BTreeMap<i64, i64> = BTreeMap::new();
    for l in lines {
        *back.entry(l.product_id).or_default() += l.quantity;
    }
    let mut missing = Vec::new();
    for (p, q) in expected {
        let got = back.remove(p).unwrap_or(0);
        if got < *q {
            missing.push((*p, q - got));
        } else if got > *q {
            back.insert(*p, got - q);
        }
    }
    Completeness {
        missing,
        extra: back.into_iter().filter(|(_, q)| *q > 0).collect(),
    }
}

impl ReturnDraft {
    /// Checks the lines against the order (`ordered`: product id and the quantity that can still
    /// come back: ordered less earlier returns): a return takes back only products of the order
    /// and never more than that.
    pub fn validate(&self, ordered: &[(i64, i64)]) -> Result<(), FieldError> {
        if self.lines.is_empty() {
            return Err(FieldError::new(
                "lines",
                "record what came back: at least one line",
            ));
        }
        let mut total: std::collections::BTreeMap<i64, i64> = Default::default();
        for (i, l) in self.lines.iter().enumerate() {
            let n = i + 1;
            if l.quantity <= 0 {
                return Err(FieldError::new(
                    "lines",
                    format!("line {n}: the quantity must be at least 1"),
                ));
            }
            if self.lines[..i]
                .iter()
                .any(|o| o.product_id == l.product_id && o.condition == l.condition)
            {
                return Err(FieldError::new(
                    "lines",
                    format!("line {n}: the same product and condition twice"),
                ));
            }
            let Some((_, q)) = ordered.iter().find(|(p, _)| *p == l.product_id) else {
                return Err(FieldError::new(
                    "lines",
                    format!("line {n}: the order does not have this product"),
                ));
            };
            let t = total.entry(l.product_id).or_default();
            *t += l.quantity;
            if *t > *q {
                return Err(FieldError::new(
                    "lines",
                    format!("line {n}: {t} back but only {q} can come back (the order less earlier returns)"),
                ));
            }
        }
        if self.kind == ReturnKind::Driver && self.driver.trim().is_empty() {
            return Err(FieldError::new(
                "driver",
                "name the driver who brought the goods back",
            ));
        }
        Ok(())
    }
}

/// Size limit of a file attached to a claim, unless Settings say otherwise.
pub const DEFAULT_ATTACHMENT_MB: i64 = 20;

/// The kinds of files a claim keeps, told by their first bytes (never by the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Png,
    Jpeg,
    Pdf,
}

impl FileType {
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Pdf => "application/pdf",
        }
    }
    pub fn is_image(self) -> bool {
        matches!(self, FileType::Png | FileType::Jpeg)
    }
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else {
            None
        }
    }
}

/// The claim number of the `n`th claim of a year: `CL-2026-00017`.
pub fn claim_number(year: i32, n: i64) -> String {
    format!("CL-{year}-{n:05}")
}

/// The return number of the `n`th return of a year: `RT-2026-00003`.
pub fn return_number(year: i32, n: i64) -> String {
    format!("RT-{year}-{n:05}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::Health;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn ctx(decided: bool, has_note: bool) -> ClaimMoveContext {
        ClaimMoveContext { decided, has_note }
    }

    #[test]
    fn codes_round_trip() {
        for k in ClaimKind::ALL {
            assert_eq!(ClaimKind::parse(k.code()), Some(*k));
        }
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.code()), Some(*s));
        }
        assert_eq!(Culprit::parse("none"), Some(Culprit::Nobody));
        assert_eq!(Remedy::parse("none"), Some(Remedy::Nothing));
        assert_eq!(ClaimKind::parse("bogus"), None);
    }

    #[test]
    fn the_loop_forward_and_back() {
        use ClaimStatus::*;
        assert!(check_claim_move(Registered, Investigating, ctx(false, false)).is_ok());
        assert!(check_claim_move(Investigating, Decided, ctx(false, false)).is_err());
        assert!(check_claim_move(Investigating, Decided, ctx(true, false)).is_ok());
        assert!(check_claim_move(Decided, Answered, ctx(true, false)).is_ok());
        assert!(check_claim_move(Answered, Closed, ctx(true, false)).is_ok());
        // not satisfied: reopened, with a note
        assert!(check_claim_move(Closed, Investigating, ctx(true, false)).is_err());
        assert!(check_claim_move(Closed, Investigating, ctx(true, true)).is_ok());
        // no skipping
        let e = check_claim_move(Registered, Answered, ctx(true, true)).unwrap_err();
        assert!(e.reason.contains("steps in between"), "{e}");
        // cancel needs a reason; an answered claim is not cancelled; a cancelled one is final
        assert!(check_claim_move(Registered, Cancelled, ctx(false, false)).is_err());
        assert!(check_claim_move(Registered, Cancelled, ctx(false, true)).is_ok());
        assert!(check_claim_move(Answered, Cancelled, ctx(true, true)).is_err());
        assert!(check_claim_move(Cancelled, Investigating, ctx(true, true)).is_err());
        assert!(check_claim_move(Closed, Closed, ctx(true, true)).is_err());
    }

    fn decision(d: Decision, c: Culprit, name: &str, r: Remedy) -> DecisionDraft {
        DecisionDraft {
            decision: d,
            culprit: c,
            culprit_name: name.into(),
            remedy: r,
            compensation_minor: 0,
            insurance_case: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn decision_rules() {
        use Culprit::*;
        use Decision::*;
        assert!(
            decision(Accepted, Picker, "Иванов", Remedy::Redelivery)
                .validate()
                .is_ok()
        );
        assert_eq!(
            decision(Accepted, Picker, " ", Remedy::Redelivery)
                .validate()
                .unwrap_err()
                .field,
            "culprit_name"
        );
        assert!(
            decision(Accepted, Supplier, "", Remedy::CreditNote)
                .validate()
                .is_ok()
        );
        assert_eq!(
            decision(Accepted, Nobody, "", Remedy::Nothing)
                .validate()
                .unwrap_err()
                .field,
            "remedy"
        );
        assert_eq!(
            decision(Rejected, Client, "", Remedy::Return)
                .validate()
                .unwrap_err()
                .field,
            "remedy"
        );
        assert_eq!(
            decision(Rejected, Client, "", Remedy::Nothing)
                .validate()
                .unwrap_err()
                .field,
            "note"
        );
        let mut r = decision(Rejected, Client, "", Remedy::Nothing);
        r.note = "CCTV shows 12 boxes loaded".into();
        assert!(r.validate().is_ok());
        let mut c = decision(PartlyAccepted, Carrier, "ООО Трак", Remedy::Compensation);
        assert_eq!(c.validate().unwrap_err().field, "compensation");
        c.compensation_minor = 1_500_00;
        assert!(c.validate().is_ok());
        let mut i = decision(Accepted, Insurer, "", Remedy::Insurance);
        assert_eq!(i.validate().unwrap_err().field, "insurance_case");
        i.insurance_case = "INS-77".into();
        assert!(i.validate().is_ok());
    }

    fn draft(kind: ClaimKind, lines: &[(i64, i64)]) -> ClaimDraft {
        ClaimDraft {
            order_id: 1,
            kind,
            channel: ClaimChannel::Phone,
            received_at: at(23, 10, 0),
            client_words: String::new(),
            lang: ActLang::Ru,
            lines: lines
                .iter()
                .map(|&(p, q)| ClaimLineDraft {
                    product_id: p,
                    quantity: q,
                    amount_minor: 100,
                    note: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn lines_against_the_order() {
        let ordered = [(10, 5), (11, 2)];
        assert!(draft(ClaimKind::Shortage, &[(10, 5)]).validate(&ordered).is_ok());
        assert!(draft(ClaimKind::Shortage, &[(10, 6)]).validate(&ordered).is_err());
        assert!(draft(ClaimKind::Shortage, &[(12, 1)]).validate(&ordered).is_err());
        assert!(draft(ClaimKind::Shortage, &[]).validate(&ordered).is_err());
        assert!(
            draft(ClaimKind::Shortage, &[(10, 1), (10, 1)])
                .validate(&ordered)
                .is_err()
        );
        assert!(draft(ClaimKind::Shortage, &[(10, 0)]).validate(&ordered).is_err());
        // a mis-sort names what came instead; a surplus can exceed the order
        assert!(
            draft(ClaimKind::MisSort, &[(10, 1), (12, 1)])
                .validate(&ordered)
                .is_ok()
        );
        assert!(draft(ClaimKind::Surplus, &[(10, 9)]).validate(&ordered).is_ok());
        assert!(draft(ClaimKind::Documents, &[]).validate(&ordered).is_ok());
        assert_eq!(draft(ClaimKind::Defect, &[(10, 2), (11, 1)]).claimed_minor(), 200);
    }

    #[test]
    fn deadline_on_the_working_calendar() {
        let cal = WorkCalendar::default(); // Mon–Fri 09–18
        // Friday 20 Nov 2026, 16:00 + 3 working days = Wednesday 25 Nov, 16:00
        let received = at(20, 16, 0);
        let due = answer_due(&cal, received, 3);
        assert_eq!(due, at(25, 16, 0));
        // received on Saturday: counts from Monday 09:00
        assert_eq!(answer_due(&cal, at(21, 11, 0), 3), at(26, 9, 0));
        let d = claim_deadline(&cal, received, due, None, false, at(23, 9, 0)).unwrap();
        assert_eq!(d.health, Health::OnTrack);
        let d = claim_deadline(&cal, received, due, None, false, at(25, 12, 0)).unwrap();
        assert_eq!(d.health, Health::AtRisk);
        let d = claim_deadline(&cal, received, due, None, false, at(26, 9, 30)).unwrap();
        assert_eq!(d.health, Health::Late);
        let d = claim_deadline(&cal, received, due, Some(at(24, 10, 0)), false, at(30, 9, 0)).unwrap();
        assert_eq!(d.health, Health::Met);
        let d = claim_deadline(&cal, received, due, Some(at(26, 10, 0)), false, at(30, 9, 0)).unwrap();
        assert_eq!(d.health, Health::Missed);
        assert!(claim_deadline(&cal, received, due, None, true, at(30, 9, 0)).is_none());
    }

    #[test]
    fn returns_checked_against_the_order() {
        let ordered = [(10, 5), (11, 2)];
        let line = |p, q, c| ReturnLineDraft {
            product_id: p,
            quantity: q,
            condition: c,
        };
        let mut r = ReturnDraft {
            order_id: 1,
            claim_id: None,
            kind: ReturnKind::Full,
            driver: String::new(),
            note: String::new(),
            lines: vec![line(10, 3, Condition::Resaleable), line(10, 2, Condition::Defect)],
        };
        assert!(r.validate(&ordered).is_ok());
        let c = completeness(&ordered, &r.lines);
        assert_eq!(c.missing, vec![(11, 2)]);
        assert!(c.extra.is_empty());
        r.lines.push(line(11, 2, Condition::Resaleable));
        assert!(completeness(&ordered, &r.lines).is_complete());
        r.lines.push(line(10, 1, Condition::Expired));
        assert!(r.validate(&ordered).unwrap_err().message.contains("only 5"));
        r.lines.pop();
        r.kind = ReturnKind::Driver;
        assert_eq!(r.validate(&ordered).unwrap_err().field, "driver");
        r.driver = "Петров".into();
        assert!(r.validate(&ordered).is_ok());
        assert_eq!(
            completeness(&[(10, 1)], &[line(10, 3, Condition::Defect)]).extra,
            vec![(10, 2)]
        );
    }

    #[test]
    fn files_told_by_their_bytes() {
        assert_eq!(FileType::sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileType::Jpeg));
        assert_eq!(FileType::sniff(b"%PDF-1.7"), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(b"MZ\x90\x00"), None);
        assert_eq!(FileType::sniff(b""), None);
        assert_eq!(claim_number(2026, 17), "CL-2026-00017");
    }
}
