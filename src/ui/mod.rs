//! The egui desk.
pub fn run_app(_db: std::path::PathBuf, _user: Option<String>, _lang: Option<String>) -> crate::Result<()> {
    Ok(())
}
