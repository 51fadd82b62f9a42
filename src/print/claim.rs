//! The claim act / answer to the client (A4), in Russian or English: the claim, its lines, the
//! investigation's evidence and the decision, with signature lines.

use super::pdf::Pdf;
use crate::domain::claim::ActLang;
use crate::store::Store;

/// The claim act of a claim as a PDF.
pub fn claim_act(_store: &Store, _claim_id: i64, _lang: ActLang) -> crate::Result<Pdf> {
    Err(crate::Error::msg("the claim act is not written yet"))
}
