//! Russian for the claims panel, claim acts and returns.

pub const RU: &[(&str, &str)] = &[
];
