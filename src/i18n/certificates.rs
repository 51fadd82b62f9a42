//! Russian for the certificate base panel, product flags and intake warnings.

pub const RU: &[(&str, &str)] = &[
    // writes
    ("Certificate added", "Сертификат добавлен"),
    ("Certificate saved", "Сертификат сохранён"),
    (
        "Certificates warn ahead",
        "Предупреждение об окончании сертификатов за",
    ),
    ("Scan attached", "Скан приложен"),
    ("Scan removed", "Скан удалён"),
    ("Products linked", "Товаров привязано"),
    ("already linked", "уже были привязаны"),
    ("Product unlinked", "Товар отвязан"),
    ("Certificate pack", "Пакет сертификатов"),
    ("saved to", "сохранён в"),
    ("opened in the viewer", "открыт в программе просмотра"),
    ("the viewer did not open", "программа просмотра не открылась"),
    // standing
    ("expires in", "истекает через"),
    ("days", "дн."),
    ("expires today", "истекает сегодня"),
    ("Expiring", "Истекает"),
    ("Expiring within", "Истекают в течение"),
    ("Expired, not renewed", "Истекли, не заменены"),
    (
        "Products without a valid certificate",
        "Товары без действующего сертификата",
    ),
    (
        "Every active product has a valid certificate",
        "У каждого активного товара есть действующий сертификат",
    ),
    ("Open the product", "Открыть товар"),
    // the list and the form
    ("New certificate", "Новый сертификат"),
    ("Edit certificate", "Изменение сертификата"),
    (
        "Number, issuer, group, comment, product SKU or name",
        "Номер, орган, группа, комментарий, артикул или название товара",
    ),
    (
        "Select a certificate, or press Ctrl+N to add one",
        "Выберите сертификат или нажмите Ctrl+N, чтобы добавить",
    ),
    (
        "type a date like 2026-11-23 or 23.11.2026",
        "введите дату, например 2026-11-23 или 23.11.2026",
    ),
    (
        "is not a date like 2026-11-23 or 23.11.2026",
        "— не дата вида 2026-11-23 или 23.11.2026",
    ),
    // scans
    ("No scans yet", "Сканов пока нет"),
    ("Scan", "Скан"),
    ("Scans (PDF, PNG, JPEG)", "Сканы (PDF, PNG, JPEG)"),
    (
        "or drop PDF, PNG or JPEG scans on the window",
        "или перетащите сканы PDF, PNG, JPEG в окно",
    ),
    (
        "Open a certificate first, then drop its scans on the window",
        "Сначала откройте сертификат, затем перетащите его сканы в окно",
    ),
    ("Remove the scan", "Удалить скан"),
    (
        "The audit log keeps its name and hash.",
        "Журнал изменений сохранит его имя и хеш.",
    ),
    ("Yes, remove", "Да, удалить"),
    ("Keep", "Оставить"),
    // products
    ("Products covered", "Товары по сертификату"),
    (
        "No products linked yet: paste their SKUs or link them by a search below",
        "Товары ещё не привязаны: вставьте их артикулы или привяжите через поиск ниже",
    ),
    ("Unlink", "Отвязать"),
    ("Link products", "Привязка товаров"),
    (
        "Paste SKUs (one per line, or separated by commas)",
        "Вставьте артикулы (по одному в строке или через запятую)",
    ),
    ("Link the SKUs", "Привязать артикулы"),
    ("Link by filter", "Привязать по поиску"),
    ("SKU, EAN or part of the name", "Артикул, EAN или часть названия"),
    ("No products found", "Товары не найдены"),
    ("linked", "привязан"),
    ("more", "ещё"),
    ("Link all", "Привязать все найденные:"),
    ("found", "шт."),
    ("More than", "Найдено больше"),
    ("products found: narrow the search", "товаров: уточните поиск"),
    // the products panel
    ("no certificate", "нет сертификата"),
    (
        "No valid certificate today",
        "Сегодня нет действующего сертификата",
    ),
    (
        "No certificates cover this product",
        "Товар не входит ни в один сертификат",
    ),
    ("Open the certificate", "Открыть сертификат"),
    // intake
    ("No valid certificate", "Нет действующего сертификата"),
    // the order window
    ("Certificate pack…", "Пакет сертификатов…"),
    (
        "One PDF with the valid certificates of the order's products: kept beside the database and opened",
        "Один PDF с действующими сертификатами товаров заказа: сохраняется рядом с базой и открывается",
    ),
    ("Print the certificate pack", "Печать пакета сертификатов"),
    ("Open the pack", "Открыть пакет"),
    (
        "No documents registered for this order",
        "По заказу нет зарегистрированных документов",
    ),
];
