//! Russian for the claims panel, claim acts and returns.

pub const RU: &[(&str, &str)] = &[
    ("Claims", "Рекламации"),
    ("Contacts", "Контакты"),
    ("Statistics", "Статистика"),
    ("Return", "Возврат"),
    ("Register a claim…", "Зарегистрировать рекламацию…"),
    ("Picking-control error…", "Ошибка на контроле сборки…"),
    (
        "Record an error found at picking control: an internal claim",
        "Записать ошибку, найденную на контроле сборки: внутренняя рекламация",
    ),
    ("Record a return…", "Оформить возврат…"),
];
