//! Russian for registries, document stickers and certificate packs (PDF).

pub const RU: &[(&str, &str)] = &[
    // kinds of documents
    ("Waybill", "Товарная накладная"),
    ("Invoice", "Счёт-фактура"),
    ("Universal transfer document", "УПД"),
    ("Act", "Акт"),
    ("Return document", "Документ на возврат"),
    ("Power of attorney", "Доверенность"),
    ("Certificate pack", "Пакет сертификатов"),
    ("Other document", "Прочий документ"),
    // kinds of registries
    ("Shipments", "Отгрузки"),
    ("Self-pickups", "Самовывоз"),
    (
        "Signed copies for accounting",
        "Подписанные экземпляры для бухгалтерии",
    ),
    // statuses of documents
    ("Issued", "Выписан"),
    ("Sent to the client", "Отправлен клиенту"),
    ("Lost", "Утерян"),
    ("Reissued", "Переоформлен"),
    ("Cancelled (document)", "Аннулирован"),
    // the registry
    ("Registry of documents", "Реестр документов"),
    ("Receiver's mark", "Отметка получателя"),
    (
        "Handed over {date} by {user} to {name}",
        "Передан {date}: сдал {user}, принял {name}",
    ),
    ("Handed over {date} by {user}", "Передан {date}: сдал {user}"),
    ("Handed over {date} to {name}", "Передан {date}: принял {name}"),
    ("Handed over {date}", "Передан {date}"),
    ("Number of documents", "Количество документов"),
    ("Total amount", "Общая сумма"),
    ("Handed over by", "Сдал"),
    ("Received by", "Принял"),
    ("Full name", "ФИО"),
    ("Signature", "Подпись"),
    // stickers
    (
        "There are no documents to print stickers for.",
        "Нет документов для печати наклеек.",
    ),
    (
        "The barcode of {code} does not fit the sticker.",
        "Штрихкод {code} не помещается на наклейке.",
    ),
];
