//! Russian for the certificate pack (PDF).

pub const RU: &[(&str, &str)] = &[];
