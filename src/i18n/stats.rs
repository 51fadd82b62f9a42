//! Russian for claim statistics.

pub const RU: &[(&str, &str)] = &[];
