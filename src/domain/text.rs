//! Text rules shared by search and validation.

/// The form a text is searched by: Unicode lowercase (Cyrillic, Polish and Latin alike), `ё`
/// folded to `е`, runs of white space collapsed. Chinese has no case and passes through.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(if ch == 'ё' { 'е' } else { ch });
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The `search_text` of a row: its words folded and joined.
pub fn search_text(parts: &[&str]) -> String {
    fold(&parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_script() {
        assert_eq!(fold("ООО «Ромашка»"), "ооо «ромашка»");
        assert_eq!(fold("ŁÓDŹ Żółw"), "łódź żółw");
        assert_eq!(fold("成都  迅达"), "成都 迅达");
        assert_eq!(fold("Ёлка"), "елка");
    }
}
