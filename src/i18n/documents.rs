//! Russian for the document register panel.

pub const RU: &[(&str, &str)] = &[];
