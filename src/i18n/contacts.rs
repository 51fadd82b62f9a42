//! Russian for the contact log and callbacks.

pub const RU: &[(&str, &str)] = &[];
