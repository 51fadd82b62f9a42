//! Russian for the certificate base panel, product flags and intake warnings.

pub const RU: &[(&str, &str)] = &[];
