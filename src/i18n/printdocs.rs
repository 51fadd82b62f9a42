//! Russian for registries, document stickers and certificate packs (PDF).

pub const RU: &[(&str, &str)] = &[];
