//! Russian for the desk's wiring of documents and certificates (navigation, settings, scan).

pub const RU: &[(&str, &str)] = &[
    ("Documents", "Документы"),
    ("Certificates", "Сертификаты"),
    ("Signed copy received:", "Подписанный экземпляр получен:"),
    ("Claim acts", "Акты по рекламациям"),
    ("Registries", "Реестры"),
    ("Certificate packs", "Пакеты сертификатов"),
    ("Document barcodes", "Штрихкоды документов"),
];
