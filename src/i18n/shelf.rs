//! Russian for printing several orders together and for location and product labels from the
//! desk (issue 4).

pub const RU: &[(&str, &str)] = &[
    ("Product labels…", "Этикетки товаров…"),
    (
        "EAN-13 labels of the selected product, or of the products listed (the first 1,000)",
        "Этикетки EAN-13 выбранного товара или товаров в списке (первых 1000)",
    ),
    ("Location labels…", "Этикетки ячеек…"),
    (
        "Code 128 labels for a range of storage locations",
        "Этикетки Code 128 для диапазона ячеек хранения",
    ),
    ("location(s)", "ячеек"),
    ("product(s)", "товаров"),
    ("labels", "этикеток"),
    (
        "at most this many print at once:",
        "за один раз печатается не больше",
    ),
    (
        "Copies: a whole number from 1 to 999",
        "Копий: целое число от 1 до 999",
    ),
    (
        "Type the first and the last location of the range",
        "Укажите первую и последнюю ячейку диапазона",
    ),
    (
        "Type or paste the SKUs to print, one per line or separated by spaces",
        "Введите или вставьте артикулы: по одному в строке или через пробел",
    ),
    (
        "without EAN-13 get a Code 128 of the SKU",
        "без EAN-13 получат Code 128 артикула",
    ),
    ("From location", "С ячейки"),
    ("To location", "По ячейку"),
    (
        "Every location between the two, in walking order (either may come first).",
        "Все ячейки между ними в порядке обхода (можно указать в любом порядке).",
    ),
    (
        "SKUs (one per line, or separated by spaces or commas)",
        "Артикулы (по одному в строке или через пробел или запятую)",
    ),
    ("Copies of each", "Копий каждой"),
];
