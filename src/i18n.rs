//! The one translation layer: every user-facing string of the UI goes through [`tr`].
//!
//! Keys are the English texts themselves, so the code reads naturally and English needs no
//! table. Russian lives in [`RU`]; a test checks that every `tr("...")` in `src/ui/` and `src/print/` has its
//! Russian entry.

use crate::domain::order::{Channel, OrderStatus};
use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "ru" | "russian" | "русский" => Some(Lang::Ru),
            _ => None,
        }
    }
}

thread_local! {
    // per thread: the UI runs on one thread, and tests of both languages run side by side
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The text in the current language.
pub fn tr(key: &'static str) -> &'static str {
    match lang() {
        Lang::En => key,
        Lang::Ru => ru(key).unwrap_or(key),
    }
}

mod certificates;
mod claims;
mod contacts;
mod desk7;
mod documents;
mod pack;
mod printdocs;
mod shelf;
mod stats;

/// Every Russian table: the desk's own, then one per panel family (so that work on one panel
/// never edits another's table).
const TABLES: [&[(&str, &str)]; 10] = [
    RU,
    claims::RU,
    contacts::RU,
    stats::RU,
    documents::RU,
    certificates::RU,
    printdocs::RU,
    pack::RU,
    desk7::RU,
    shelf::RU,
];

fn ru(key: &str) -> Option<&'static str> {
    static MAP: std::sync::LazyLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::LazyLock::new(|| TABLES.iter().flat_map(|t| t.iter().copied()).collect());
    MAP.get(key).copied()
}

pub fn status_label(s: OrderStatus) -> &'static str {
    use OrderStatus::*;
    tr(match s {
        Draft => "Draft",
        AwaitingConfirmation => "Awaiting confirmation",
        CreditHold => "Credit hold",
        Released => "Released",
        Picking => "Picking",
        Checking => "Picking control",
        Packed => "Packed",
        Shipped => "Shipped",
        Delivered => "Delivered",
        PickedUp => "Picked up",
        Cancelled => "Cancelled",
        Returned => "Returned",
    })
}

pub fn channel_label(c: Channel) -> &'static str {
    use Channel::*;
    tr(match c {
        Phone => "Phone",
        Email => "E-mail",
        PriceList => "Client price list",
        Edi => "Electronic (EDI)",
        Pda => "Sales rep's PDA",
        WebPortal => "Web portal",
        InternalRegistry => "Internal registry",
        WalkIn => "Walk-in",
    })
}

/// English key -> Russian.
pub const RU: &[(&str, &str)] = &[
    // statuses and channels
    ("Draft", "Черновик"),
    ("Awaiting confirmation", "Ждёт подтверждения"),
    ("Credit hold", "Кредитный стоп"),
    ("Released", "Передан на склад"),
    ("Picking", "Сборка"),
    ("Picking control", "Контроль сборки"),
    ("Packed", "Упакован"),
    ("Shipped", "Отгружен"),
    ("Delivered", "Доставлен"),
    ("Picked up", "Выдан (самовывоз)"),
    ("Cancelled", "Отменён"),
    ("Returned", "Возврат"),
    ("Phone", "Телефон"),
    ("E-mail", "Эл. почта"),
    ("Client price list", "Прайс-лист клиента"),
    ("Electronic (EDI)", "Электронный (EDI)"),
    ("Sales rep's PDA", "КПК торгового представителя"),
    ("Web portal", "Веб-портал"),
    ("Internal registry", "Внутренний реестр"),
    ("Walk-in", "Лично"),
    // navigation and shell
    ("Intake", "Приём заказов"),
    ("Customers", "Клиенты"),
    ("Products", "Товары"),
    ("Settings", "Настройки"),
    ("Order", "Заказ"),
    (
        "Scan or type an order number, EAN or SKU",
        "Сканируйте или введите номер заказа, EAN или артикул",
    ),
    ("Search / scan", "Поиск / скан"),
    ("Nothing found for", "Ничего не найдено по запросу"),
    ("Database", "База данных"),
    ("User", "Пользователь"),
    ("Last save", "Последнее сохранение"),
    ("not yet", "ещё нет"),
    (
        "Who works at this workstation?",
        "Кто работает за этим рабочим местом?",
    ),
    (
        "Your name is recorded on every change you make.",
        "Ваше имя записывается в каждое изменение.",
    ),
    ("Your name", "Ваше имя"),
    ("Start", "Начать"),
    ("Updated from another window", "Обновлено из другого окна"),
    ("Close", "Закрыть"),
    ("Cannot open the database", "Не удалось открыть базу данных"),
    ("Latest backup", "Последняя резервная копия"),
    ("Open the latest backup", "Открыть последнюю копию"),
    // common
    ("Save", "Сохранить"),
    ("order(s)", "заказ(ов)"),
    ("New", "Новый"),
    ("Search", "Поиск"),
    ("Saved", "Сохранено"),
    ("Code", "Код"),
    ("Name", "Наименование"),
    ("Legal name", "Юридическое название"),
    ("Tax ID", "ИНН"),
    ("Legal address", "Юридический адрес"),
    ("Address", "Адрес"),
    ("Contact", "Контакт"),
    ("Route", "Маршрут"),
    ("Notes", "Примечания"),
    ("Credit limit", "Кредитный лимит"),
    ("Overdue debt", "Просроченный долг"),
    ("Grade", "Категория"),
    ("over limit", "сверх лимита"),
    ("Delivery points", "Точки доставки"),
    ("Add delivery point", "Добавить точку доставки"),
    ("Save delivery point", "Сохранить точку доставки"),
    ("inactive", "неактивна"),
    ("Edit", "Изменить"),
    ("Contracts", "Договоры"),
    ("Number", "Номер"),
    ("Valid", "Действует"),
    ("Payment days", "Отсрочка, дней"),
    ("Claim answer days", "Ответ на претензию, дней"),
    ("Add contract", "Добавить договор"),
    ("Contract number", "Номер договора"),
    ("rows", "строк"),
    ("Import CSV…", "Импорт CSV…"),
    ("Imported", "Импортировано"),
    ("added", "добавлено"),
    ("updated", "обновлено"),
    ("Nothing was imported", "Ничего не импортировано"),
    ("SKU", "Артикул"),
    ("EAN-13", "EAN-13"),
    ("Unit", "Ед."),
    ("Units per box", "Штук в коробе"),
    ("Weight, kg", "Вес, кг"),
    ("Location", "Ячейка"),
    ("Active", "Активен"),
    ("Select a row or press New", "Выберите строку или нажмите «Новый»"),
    // intake
    ("Customer", "Клиент"),
    ("Type code, name or tax ID", "Код, название или ИНН"),
    ("Delivery point", "Точка доставки"),
    ("Self-pickup", "Самовывоз"),
    ("Channel", "Канал"),
    ("Wanted date", "Желаемая дата"),
    ("Priority", "Приоритет"),
    ("Normal", "Обычный"),
    ("High", "Высокий"),
    ("Urgent", "Срочный"),
    ("Comment", "Комментарий"),
    ("Add product", "Добавить товар"),
    (
        "SKU, EAN or part of the name, then Enter",
        "Артикул, EAN или часть названия, затем Enter",
    ),
    ("Quantity", "Количество"),
    ("Boxes", "Коробов"),
    ("Weight", "Вес"),
    ("Lines", "Строк"),
    ("Units", "Единиц"),
    ("Remove line", "Удалить строку"),
    ("Save draft", "Сохранить черновик"),
    ("Send for confirmation", "На подтверждение клиенту"),
    ("Release to warehouse", "Передать на склад"),
    ("Repeat last order", "Повторить последний заказ"),
    ("Clear", "Очистить"),
    ("Today's orders", "Заказы за сегодня"),
    ("No orders yet today", "Сегодня заказов ещё нет"),
    (
        "Credit hold: overdue debt exceeds the credit limit",
        "Кредитный стоп: просроченный долг превышает лимит",
    ),
    (
        "Override the credit hold, reason",
        "Снять кредитный стоп, причина",
    ),
    (
        "The order will be saved on credit hold",
        "Заказ будет сохранён с кредитным стопом",
    ),
    ("is already in the order", "уже есть в заказе"),
    ("Merge quantities", "Объединить количество"),
    ("Add as it is", "Оставить как есть"),
    ("Unknown product", "Неизвестный товар"),
    (
        "The customer has no previous order",
        "У клиента нет предыдущих заказов",
    ),
    ("Copied from", "Скопировано из"),
    ("saved as", "сохранён со статусом"),
    (
        "Dates: 2026-11-23 or 23.11.2026",
        "Даты: 2026-11-23 или 23.11.2026",
    ),
    ("not a date", "не дата"),
    ("Quantity must be more than 0", "Количество должно быть больше 0"),
    ("Release on credit hold", "Передать несмотря на стоп"),
    ("Reason", "Причина"),
    ("Release", "Передать"),
    ("Cancel", "Отмена"),
    // board
    ("Board", "Доска"),
    ("Late", "Просрочено"),
    ("At risk", "Под угрозой"),
    ("Cards", "Карточки"),
    ("Table", "Таблица"),
    ("Selected", "Выбрано"),
    ("Make wave", "Собрать волну"),
    ("Number, customer, route", "Номер, клиент, маршрут"),
    ("All", "Все"),
    ("From", "С"),
    ("To", "По"),
    ("Clear filters", "Сбросить фильтры"),
    ("Waves", "Волны"),
    ("Wave", "Волна"),
    ("Into picking", "В сборку"),
    ("Into picking control", "На контроль сборки"),
    ("Picker", "Сборщик"),
    ("Checker", "Контролёр"),
    ("Packer", "Упаковщик"),
    ("Cancel the order", "Отменить заказ"),
    ("Confirm", "Подтвердить"),
    ("ln", "стр."),
    ("box", "кор."),
    (
        "Double click or Enter: details",
        "Двойной щелчок или Enter: подробности",
    ),
    ("Deadline", "Срок"),
    ("Queue", "Очередь"),
    ("Up the queue", "Выше в очереди"),
    ("Down the queue", "Ниже в очереди"),
    ("Leave the wave", "Убрать из волны"),
    ("d", "д"),
    ("h", "ч"),
    ("min", "мин"),
    ("met", "выполнено в срок"),
    ("missed", "срок нарушен"),
    ("late", "просрочено на"),
    ("left", "осталось"),
    // order view
    ("Status", "Статус"),
    ("Received", "Получен"),
    ("Created by", "Создал"),
    ("History", "История"),
    ("Answered", "Ответ клиенту"),
    ("Line", "Строка"),
    // settings
    ("Language", "Язык"),
    ("Theme", "Тема"),
    ("Light", "Светлая"),
    ("Dark", "Тёмная"),
    ("Workstation user", "Пользователь рабочего места"),
    (
        "Company name (sender on labels)",
        "Название компании (отправитель на этикетках)",
    ),
    ("Company address", "Адрес компании"),
    ("Backups", "Резервные копии"),
    ("Deadlines", "Сроки"),
    ("Working days", "Рабочие дни"),
    ("Mon", "Пн"),
    ("Tue", "Вт"),
    ("Wed", "Ср"),
    ("Thu", "Чт"),
    ("Fri", "Пт"),
    ("Sat", "Сб"),
    ("Sun", "Вс"),
    ("Working day starts", "Начало рабочего дня"),
    ("Working day ends", "Конец рабочего дня"),
    ("Holidays", "Праздники"),
    ("Extra working days", "Рабочие выходные"),
    ("Answer within, working hours", "Ответ клиенту, рабочих часов"),
    ("Ship within, working days", "Отгрузка, рабочих дней"),
    ("Save deadlines", "Сохранить сроки"),
    ("is not a time like 09:00", "не время вида 09:00"),
    ("is not a whole number above 0", "не целое число больше 0"),
    ("Back up now", "Сделать копию сейчас"),
    ("Backup written", "Копия записана"),
    (
        "Automatic daily backups are kept beside the database (last 7).",
        "Ежедневные копии хранятся рядом с базой (последние 7).",
    ),
    // printing (src/print)
    ("Barcode of", "Штрихкод"),
    ("Box labels", "Этикетки коробов"),
    ("Box", "Короб"),
    ("Boxes + units", "Коробов + шт"),
    ("Consignee", "Получатель"),
    (
        "Consolidated: the same product summed over the wave",
        "Сводный лист: одинаковый товар суммирован по волне",
    ),
    ("Date", "Дата"),
    ("Delivery", "Доставка"),
    ("Page", "Стр."),
    ("Picked", "Собрано"),
    ("Picking list", "Сборочный лист"),
    ("Picking lists", "Сборочные листы"),
    ("Printed", "Напечатан"),
    ("Product", "Товар"),
    ("Qty", "Кол-во"),
    ("Sender", "Отправитель"),
    ("Split by order", "Разбивка по заказам"),
    ("Wanted", "Желаемая дата"),
    ("loose units", "шт россыпью"),
    ("name, signature", "ФИО, подпись"),
    ("of", "из"),
    ("Location labels", "Этикетки ячеек"),
    ("kg", "кг"),
    ("Product labels", "Этикетки товаров"),
    (
        "Name the picker to move the printed orders into picking",
        "Укажите сборщика, чтобы передать напечатанные заказы в сборку",
    ),
    ("Note", "Примечание"),
    ("orders", "заказов"),
    ("picking list printed", "напечатан сборочный лист"),
    // printing (src/ui)
    ("Prints", "История печати"),
    ("Print picking list…", "Печать сборочного листа…"),
    ("Box labels…", "Этикетки коробов…"),
    ("Nothing printed yet", "Ещё ничего не печаталось"),
    ("p.", "стр."),
    ("Print wave…", "Печать волны…"),
    (
        "Picking list and all box labels of the wave",
        "Сборочный лист и все этикетки коробов волны",
    ),
    ("Printing…", "Печать…"),
    ("Boxes saved", "Короба сохранены"),
    ("boxes", "короба"),
    ("A4 sheet, 8 labels", "Лист A4, 8 этикеток"),
    ("Picking lists", "Сборочные листы"),
    ("is not a weight in kg such as 12.5", "— не вес в кг вида 12,5"),
    ("lines", "строк"),
    ("consolidated + split by order", "сводный + разбивка по заказам"),
    (
        "the box to reprint is no longer current; print the current boxes",
        "короба для перепечатки больше нет; печатайте текущие короба",
    ),
    ("Number of boxes", "Количество коробов"),
    ("is not a whole number from 1 to", "— не целое число от 1 до"),
    ("Total", "Итого"),
    (
        "Planned boxes, not saved yet: they get their SSCCs when saved or printed.",
        "Плановые короба, ещё не сохранены: SSCC присваиваются при сохранении или печати.",
    ),
    ("not printed", "не печаталась"),
    ("printed", "напечатана"),
    ("Reprint", "Перепечатать"),
    ("Reprint the label of box", "Перепечатать этикетку короба"),
    ("Save the boxes first", "Сначала сохраните короба"),
    (
        "new box: SSCC given when saved",
        "новый короб: SSCC при сохранении",
    ),
    ("Save boxes", "Сохранить короба"),
    ("Print", "Печать"),
    (
        "cancelled, nothing printed or recorded",
        "отменено, ничего не напечатано и не записано",
    ),
    (
        "Choose what to print: the picking list, the box labels or both",
        "Выберите, что печатать: сборочный лист, этикетки коробов или то и другое",
    ),
    ("Type the path of the file to save", "Введите путь к файлу"),
    ("Nothing moved into picking", "В сборку ничего не передано"),
    ("By lines, in walking order", "По строкам, в порядке обхода"),
    ("Consolidated + split by order", "Сводный + разбивка по заказам"),
    (
        "Box labels are made once the order is released to the warehouse",
        "Этикетки коробов печатаются после передачи заказа на склад",
    ),
    ("Label size", "Размер этикетки"),
    ("Format", "Формат"),
    ("ZPL (thermal printer)", "ZPL (термопринтер)"),
    (
        "ZPL is for thermal label sizes only",
        "ZPL — только для размеров термоэтикеток",
    ),
    (
        "The GS1 company prefix is not set: set it in Settings → Printing before making box labels.",
        "Не задан префикс компании GS1: укажите его в Настройки → Печать, прежде чем печатать этикетки коробов.",
    ),
    ("Open Settings", "Открыть настройки"),
    ("All box labels of the orders", "Все этикетки коробов заказов"),
    (
        "order(s) have no boxes yet: their planned boxes are saved when printed",
        "заказ(ов) ещё без коробов: плановые короба сохранятся при печати",
    ),
    ("Destination", "Куда"),
    ("Send to printer", "На принтер"),
    ("Open in viewer", "Открыть для просмотра"),
    ("Save as…", "Сохранить как…"),
    (
        "no printer set in Settings → Printing: opens in the viewer",
        "принтер не задан в Настройки → Печать: откроется для просмотра",
    ),
    ("File", "Файл"),
    ("Choose…", "Выбрать…"),
    // exports of the lists (src/export.rs, src/ui/export.rs)
    ("Orders", "Заказы"),
    ("Order lines", "Строки заказов"),
    ("Customer code", "Код клиента"),
    ("Price list", "Прайс-лист"),
    ("Box weight, kg", "Вес короба, кг"),
    ("yes", "да"),
    ("no", "нет"),
    ("Export…", "Экспорт…"),
    ("Export price list…", "Экспорт прайс-листа…"),
    ("Exporting…", "Экспорт…"),
    ("Exported", "Выгружено"),
    (
        "Save as an Excel workbook (.xlsx) or a CSV file for Excel",
        "Сохранить книгой Excel (.xlsx) или CSV-файлом для Excel",
    ),
    (
        "The file dialog could not open on this system; nothing was exported.",
        "Окно выбора файла не открылось в этой системе; ничего не выгружено.",
    ),
    (
        "the export stopped unexpectedly; nothing was written",
        "экспорт неожиданно прервался; файл не записан",
    ),
    (
        "The file dialog could not open on this system: type the path in the File field.",
        "Окно выбора файла не открылось в этой системе: введите путь в поле «Файл».",
    ),
    ("Cancelling…", "Отмена…"),
    (
        "The picking list is printed. Settings move the released orders into picking:",
        "Сборочный лист напечатан. По настройкам переданные на склад заказы переходят в сборку:",
    ),
    ("Move into picking", "Передать в сборку"),
    ("Not now", "Не сейчас"),
    ("Extension digit", "Цифра расширения"),
    ("is not one digit 0-9", "— не одна цифра 0-9"),
    ("GS1 company prefix", "Префикс компании GS1"),
    ("Printing", "Печать"),
    (
        "Box labels carry SSCCs made of this prefix (7 to 10 digits, from GS1).",
        "Этикетки коробов несут SSCC с этим префиксом (7–10 цифр, выдаёт GS1).",
    ),
    ("Save GS1 prefix", "Сохранить префикс GS1"),
    (
        "Printing a picking list moves released orders into picking",
        "Печать сборочного листа передаёт заказы со склада в сборку",
    ),
    ("Printers", "Принтеры"),
    ("Refresh", "Обновить"),
    ("Looking for printers…", "Поиск принтеров…"),
    (
        "No printers found: documents open in the viewer or are saved as files.",
        "Принтеры не найдены: документы открываются для просмотра или сохраняются в файл.",
    ),
    ("None: open in the viewer", "Нет: открыть для просмотра"),
    ("Document", "Документ"),
    ("Printer", "Принтер"),
    ("Media", "Носитель"),
    ("default", "по умолчанию"),
    (
        "type the media, e.g. A4 or Custom.100x150mm",
        "укажите носитель, например A4 или Custom.100x150mm",
    ),
    (
        "Send raw ZPL to a thermal label printer instead of PDF",
        "Отправлять ZPL на термопринтер вместо PDF",
    ),
    (
        "the document could not be laid out (internal error)",
        "документ не удалось сверстать (внутренняя ошибка)",
    ),
    (
        "not printed: the print stopped unexpectedly",
        "не напечатано: печать неожиданно прервалась",
    ),
    // order import
    ("separator", "разделитель"),
    ("Export orders…", "Экспорт заказов…"),
    ("Export lines…", "Экспорт строк заказов…"),
    ("Encoding", "Кодировка"),
    (
        "CSV or a client's Excel price list; or drop the file on the window (Ctrl+I)",
        "CSV или прайс-лист клиента в Excel; или перетащите файл в окно (Ctrl+I)",
    ),
    ("Reading cancelled", "Чтение отменено"),
    (
        "the file could not be read (internal error)",
        "файл не удалось прочитать (внутренняя ошибка)",
    ),
    ("imported", "импортировано"),
    ("orders with", "заказов,"),
    ("imported before, skipped", "уже были импортированы, пропущены"),
    ("rejected", "отклонено"),
    ("Import orders", "Импорт заказов"),
    ("Reading the file…", "Чтение файла…"),
    ("Importing…", "Импорт…"),
    ("Import", "Импортировать"),
    ("Profile saved", "Профиль сохранён"),
    ("Customer of the whole file", "Клиент всего файла"),
    (
        "code or tax id; empty: from the file",
        "код или ИНН; пусто: из файла",
    ),
    ("Imported orders become", "Импортированные заказы получают статус"),
    ("awaiting confirmation", "ожидает подтверждения"),
    ("drafts", "черновики"),
    (
        "Import only the valid orders (the rejected rows go to a report beside the file)",
        "Импортировать только верные заказы (отклонённые строки — в отчёт рядом с файлом)",
    ),
    ("Profile name", "Имя профиля"),
    (
        "Profile applies to file names containing",
        "Профиль для файлов, имя которых содержит",
    ),
    ("Save as profile", "Сохранить как профиль"),
    ("header on row", "заголовок в строке"),
    ("Profile applied", "Применён профиль"),
    ("orders found", "заказов найдено"),
    ("valid", "верных"),
    ("imported before", "уже импортированы"),
    (
        "rows without a quantity were left out",
        "строк без количества пропущено",
    ),
    ("Columns", "Столбцы"),
    ("Rows of the file", "Строки файла"),
    ("Sender's number", "Номер отправителя"),
    ("State", "Состояние"),
    ("imported before as", "уже импортирован как"),
    ("ok", "в порядке"),
    ("has problems", "есть ошибки"),
    ("more", "ещё"),
    ("Problems", "Ошибки"),
    ("row", "строка"),
    ("column", "столбец"),
    ("sender's order number", "номер заказа отправителя"),
    ("order date", "дата заказа"),
    ("wanted date", "желаемая дата"),
    ("customer", "клиент"),
    ("customer tax id", "ИНН клиента"),
    ("delivery point", "точка доставки"),
    ("EAN", "EAN"),
    ("quantity", "количество"),
    ("unit", "единица"),
    ("channel", "канал"),
    ("comment", "комментарий"),
    ("Import orders…", "Импорт заказов…"),
    (
        "Answer a claim within, working days",
        "Ответ на рекламацию в течение, рабочих дней",
    ),
    (
        "Follow-up call after closing, working days",
        "Контрольный звонок после закрытия, через рабочих дней",
    ),
    (
        "Largest file kept with a claim, MB",
        "Наибольший файл в рекламации, МБ",
    ),
    (
        "A customer's contract can set its own claim days; these apply when it does not.",
        "Договор клиента может задать свой срок ответа на рекламацию; эти значения действуют, если не задал.",
    ),
    ("Save claim settings", "Сохранить настройки рекламаций"),
    ("is not a whole number", "не целое число"),
    ("Claim cancelled", "Отменена"),
    ("Answer due", "Срок ответа"),
    ("By", "Кто"),
    ("Claim", "Рекламация"),
    ("Claimed", "Заявлено"),
    ("Culprit", "Виновный"),
    ("Decision", "Решение"),
    ("Direction", "Направление"),
    ("How", "Как"),
    ("How it came", "Как поступила"),
    ("Kind", "Вид"),
    ("Outcome", "Итог"),
    ("Person", "Сотрудник"),
    ("Remedy", "Урегулирование"),
    ("Summary", "Содержание"),
    ("Topic", "Тема"),
    ("When", "Когда"),
    ("Accepted", "Удовлетворена"),
    ("Carrier", "Перевозчик"),
    ("Client", "Клиент"),
    ("Closed", "Закрыта"),
    ("Compensation", "Компенсация"),
    ("Credit note", "Кредит-нота"),
    ("Damaged in transit", "Повреждение при перевозке"),
    ("Decided", "Решение принято"),
    ("Defect", "Брак"),
    ("Documents error", "Ошибка в документах"),
    ("Driver", "Водитель"),
    ("Expired / short shelf life", "Просрочка / малый остаточный срок"),
    ("Insurance case", "Страховой случай"),
    ("Insurer", "Страховщик"),
    ("Investigating", "Расследование"),
    ("Letter", "Письмо"),
    ("Mis-sort", "Пересорт"),
    ("Nobody", "Никто"),
    ("None", "Нет"),
    ("Other", "Другое"),
    ("Partly accepted", "Удовлетворена частично"),
    ("Picking control (internal)", "Контроль сборки (внутренняя)"),
    ("Portal", "Портал"),
    ("Re-delivery", "Довоз"),
    ("Registered", "Зарегистрирована"),
    ("Rejected", "Отклонена"),
    ("Replacement", "Замена"),
    ("Shortage", "Недовоз"),
    ("Supplier", "Поставщик"),
    ("Surplus", "Излишек"),
    ("Consultation", "Консультация"),
    ("Documents", "Документы"),
    ("Messenger", "Мессенджер"),
    ("Order status", "Статус заказа"),
    ("Visit", "Визит"),
    ("incoming", "входящий"),
    ("outgoing", "исходящий"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_string_has_russian() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut missing = Vec::new();
        let files = ["src/ui", "src/print"]
            .iter()
            .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap())
            .collect::<Vec<_>>();
        for entry in files {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut parts = text.split("tr(\"");
            let mut before = parts.next().unwrap_or_default();
            for part in parts {
                // `tr("…")` itself, not `push_str("…")` and the like
                let call = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
                before = part;
                if !call {
                    continue;
                }
                let key = &part[..part.find('"').unwrap()];
                if ru(key).is_none() {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "no Russian for:\n{}", missing.join("\n"));
        for (en, ru) in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(!en.is_empty() && !ru.is_empty());
        }
    }

    #[test]
    fn labels_switch_language() {
        set_lang(Lang::Ru);
        assert_eq!(status_label(OrderStatus::Released), "Передан на склад");
        set_lang(Lang::En);
        assert_eq!(status_label(OrderStatus::Released), "Released");
    }
}
