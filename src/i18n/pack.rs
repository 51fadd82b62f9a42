//! Russian for the certificate pack (PDF).

pub const RU: &[(&str, &str)] = &[
    ("Certificate pack", "Пакет сертификатов"),
    ("Certificates", "Сертификаты"),
    ("Certificate", "Сертификат"),
    ("Declaration", "Декларация"),
    (
        "Certificates and declarations valid on",
        "Сертификаты и декларации, действующие на",
    ),
    (
        "No valid certificate covers the products of this order.",
        "Ни на один товар заказа нет действующего сертификата.",
    ),
    (
        "Products without a valid certificate on",
        "Товары без действующего сертификата на",
    ),
    (
        "Scans of the certificates follow in the order of the table; pages:",
        "Далее приложены копии сертификатов в порядке таблицы; страниц:",
    ),
    ("Register code", "Код в журнале"),
    ("Printed by", "Напечатал"),
    ("Issuer", "Орган по сертификации"),
    ("Product group", "Товарная группа"),
    ("Valid to", "Действует по"),
    ("Products covered", "Товары (артикулы)"),
    ("Kind", "Вид"),
    ("No.", "№"),
];
