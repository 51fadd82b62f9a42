-- Docket database schema: the one source of truth.
--
-- The file is split into numbered migrations by lines of the form
--     -- migration N: title
-- A database's `PRAGMA user_version` is the last migration applied to it. On opening, Docket
-- copies an existing file to a timestamped backup beside it, then applies every later
-- migration, each in one transaction. Never edit a migration that has shipped: add a new one.
--
-- Conventions, so the file reads well in sqlite3, spreadsheets and BI tools:
--   * times are TEXT in UTC, ISO 8601 (`2026-11-23T08:15:00Z`); dates are TEXT `YYYY-MM-DD`;
--   * money is INTEGER in minor units (kopecks, grosze, fen): columns end in `_minor`;
--   * quantities are INTEGER counts of the product's unit (шт, уп, кор: goods are picked whole);
--   * weights are INTEGER grams (`_g`);
--   * flags are INTEGER 0/1;
--   * `version` starts at 1 and grows by one on every update; an update names the version it
--     read, so two windows never silently overwrite each other;
--   * `search_text` columns hold the Unicode-lowercased words a row is found by (written by
--     Docket, so that search is case-insensitive in every script).

-- migration 1: foundation

-- Key/value settings of the desk (company name, targets...). Values are JSON text.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

-- Named counters for human-readable numbers (order numbers...). Incremented inside the
-- transaction that uses the number, so a number is never handed out twice.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL CHECK (value >= 0)
) STRICT;

-- Clients of the warehouse.
CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    legal_name         TEXT NOT NULL CHECK (length(trim(legal_name)) > 0),
    tax_id             TEXT NOT NULL DEFAULT '',
    legal_address      TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    credit_limit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_minor >= 0),
    overdue_debt_minor INTEGER NOT NULL DEFAULT 0 CHECK (overdue_debt_minor >= 0),
    grade              TEXT NOT NULL DEFAULT 'B' CHECK (grade IN ('A', 'B', 'C')),
    notes              TEXT NOT NULL DEFAULT '',
    search_text        TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX customers_tax_id ON customers (tax_id);

-- Where a customer's goods are delivered; `route` is the delivery route (маршрут / trasa).
CREATE TABLE delivery_points (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    name        TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL CHECK (length(trim(address)) > 0),
    contact     TEXT NOT NULL DEFAULT '',
    route       TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX delivery_points_customer ON delivery_points (customer_id);

-- Contracts with a customer: payment terms and the days the desk has to answer a claim.
CREATE TABLE contracts (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    number            TEXT NOT NULL CHECK (length(trim(number)) > 0),
    signed_on         TEXT NOT NULL,
    valid_from        TEXT NOT NULL,
    valid_to          TEXT,
    payment_days      INTEGER NOT NULL DEFAULT 0 CHECK (payment_days >= 0),
    claim_answer_days INTEGER NOT NULL DEFAULT 3 CHECK (claim_answer_days > 0),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (customer_id, number)
) STRICT;

-- Storage locations (cells) of the warehouse, e.g. `A-03-02-1` = zone A, aisle 03, rack 02,
-- level 1. Pickers walk them in `walk_sequence` order.
CREATE TABLE locations (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    walk_sequence INTEGER NOT NULL CHECK (walk_sequence >= 0),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Products (SKUs) the warehouse ships.
CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    sku           TEXT NOT NULL UNIQUE CHECK (length(trim(sku)) > 0),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    ean13         TEXT CHECK (ean13 IS NULL OR length(ean13) = 13),
    unit          TEXT NOT NULL DEFAULT 'шт',
    units_per_box INTEGER NOT NULL DEFAULT 1 CHECK (units_per_box > 0),
    weight_g      INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    location_id   INTEGER REFERENCES locations (id),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    search_text   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX products_ean13 ON products (ean13) WHERE ean13 IS NOT NULL;
CREATE INDEX products_location ON products (location_id);

-- Customer orders. `status` is one of: draft, awaiting_confirmation, credit_hold, released,
-- picking, checking, packed, shipped, delivered, picked_up, cancelled, returned.
-- `channel` is one of: phone, email, price_list, edi, pda, web_portal, internal_registry,
-- walk_in. `priority`: 0 normal, 1 high, 2 urgent.
CREATE TABLE orders (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    delivery_point_id INTEGER REFERENCES delivery_points (id),
    channel           TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'price_list', 'edi',
                          'pda', 'web_portal', 'internal_registry', 'walk_in')),
    received_at       TEXT NOT NULL,
    wanted_date       TEXT,
    self_pickup       INTEGER NOT NULL DEFAULT 0 CHECK (self_pickup IN (0, 1)),
    priority          INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    status            TEXT NOT NULL CHECK (status IN ('draft', 'awaiting_confirmation',
                          'credit_hold', 'released', 'picking', 'checking', 'packed', 'shipped',
                          'delivered', 'picked_up', 'cancelled', 'returned')),
    comment           TEXT NOT NULL DEFAULT '',
    credit_override   TEXT,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id, received_at);
CREATE INDEX orders_status ON orders (status);
CREATE INDEX orders_received ON orders (received_at);

-- Lines of an order: one product each (the same product never twice in one order).
CREATE TABLE order_lines (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no    INTEGER NOT NULL CHECK (line_no > 0),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    unit       TEXT NOT NULL,
    UNIQUE (order_id, line_no),
    UNIQUE (order_id, product_id)
) STRICT;
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Status history of orders: every move, who made it and when. `from_status` is NULL for the
-- event that created the order.
CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX order_events_order ON order_events (order_id, at);

-- Append-only log of every change made through Docket: who, when, which row, what changed
-- (`changes` is a JSON object of field -> [old, new], or the new row for an insert).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    changes   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- migration 2: dispatch board

-- Waves: released orders grouped to be picked together (one route, one day...). A wave moves
-- through picking like an order; `status` is the status its orders share.
CREATE TABLE waves (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL DEFAULT 'released',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The order's place in the warehouse queue (released orders are picked in ascending order),
-- its wave, who picked, checked and packed it, when it reached each stage (for lead times),
-- and its totals (lines, units, boxes, grams), kept with the order so the board reads one row.
ALTER TABLE orders ADD COLUMN queue_position INTEGER;
ALTER TABLE orders ADD COLUMN wave_id INTEGER REFERENCES waves (id);
ALTER TABLE orders ADD COLUMN picker TEXT;
ALTER TABLE orders ADD COLUMN checker TEXT;
ALTER TABLE orders ADD COLUMN packer TEXT;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD COLUMN answered_at TEXT;
ALTER TABLE orders ADD COLUMN released_at TEXT;
ALTER TABLE orders ADD COLUMN picking_at TEXT;
ALTER TABLE orders ADD COLUMN checked_at TEXT;
ALTER TABLE orders ADD COLUMN packed_at TEXT;
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
ALTER TABLE orders ADD COLUMN closed_at TEXT;
ALTER TABLE orders ADD COLUMN line_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN total_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN total_boxes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN total_weight_g INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_wave ON orders (wave_id);
CREATE INDEX orders_queue ON orders (status, queue_position);
-- the board reads only what changed since its last read
CREATE INDEX orders_updated ON orders (updated_at);

UPDATE orders SET
    line_count = (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = orders.id),
    total_units = (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l WHERE l.order_id = orders.id),
    total_boxes = (SELECT COALESCE(SUM((l.quantity + p.units_per_box - 1) / p.units_per_box), 0)
                   FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id),
    total_weight_g = (SELECT COALESCE(SUM(l.quantity * p.weight_g), 0)
                      FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id);
UPDATE orders SET queue_position = id WHERE status = 'released';
UPDATE orders SET
    released_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'released'),
    picking_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'picking'),
    checked_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'checking'),
    packed_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'packed'),
    shipped_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id AND e.to_status = 'shipped'),
    delivered_at = (SELECT MIN(e.at) FROM order_events e
                    WHERE e.order_id = orders.id AND e.to_status IN ('delivered', 'picked_up')),
    closed_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id
                 AND e.to_status IN ('delivered', 'picked_up', 'cancelled', 'returned')),
    answered_at = (SELECT MIN(e.at) FROM order_events e WHERE e.order_id = orders.id
                   AND (e.to_status = 'released'
                        OR (e.from_status = 'awaiting_confirmation' AND e.to_status <> 'draft')));

-- The person a move names: the picker (into picking), checker (into picking control) or packer.
ALTER TABLE order_events ADD COLUMN person TEXT;

-- Deadline targets agreed in a contract, overriding the desk's defaults (NULL: the default).
ALTER TABLE contracts ADD COLUMN answer_hours INTEGER CHECK (answer_hours IS NULL OR answer_hours > 0);
ALTER TABLE contracts ADD COLUMN ship_days INTEGER CHECK (ship_days IS NULL OR ship_days > 0);

-- migration 3: printing

-- Boxes of an order, each with its SSCC (GS1 serial shipping container code, 18 digits with
-- the check digit) printed on its label. `box_no` counts from 1 within the order ("box 2 of 5").
-- An SSCC is never used twice: when an order is re-planned with fewer boxes the extra ones are
-- voided (`voided_at` set), not deleted, and new boxes always take fresh serials (counter
-- `sscc`). The current boxes of an order are those with `voided_at` NULL.
CREATE TABLE boxes (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    box_no          INTEGER NOT NULL CHECK (box_no >= 1),
    weight_g        INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    sscc            TEXT NOT NULL UNIQUE CHECK (length(sscc) = 18),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    voided_at       TEXT,
    printed_count   INTEGER NOT NULL DEFAULT 0 CHECK (printed_count >= 0),
    last_printed_at TEXT,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX boxes_order ON boxes (order_id, box_no);
CREATE UNIQUE INDEX boxes_current ON boxes (order_id, box_no) WHERE voided_at IS NULL;

-- What was printed, when, by whom and where to: picking lists (of an order or a wave), box
-- labels, location labels, product labels. `target` is the file written or the printer used;
-- `detail` says what was in it in words (e.g. "boxes 1-3 of 3", "A-01-01-1 … A-02-12-4").
CREATE TABLE print_jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('picking', 'labels', 'locations', 'products')),
    order_id   INTEGER REFERENCES orders (id),
    wave_id    INTEGER REFERENCES waves (id),
    detail     TEXT NOT NULL DEFAULT '',
    pages      INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    target     TEXT NOT NULL DEFAULT '',
    printed_by TEXT NOT NULL,
    printed_at TEXT NOT NULL
) STRICT;
CREATE INDEX print_jobs_order ON print_jobs (order_id, printed_at);
CREATE INDEX print_jobs_wave ON print_jobs (wave_id, printed_at);

-- migration 4: orders from files

-- One import of an order file: who, when, which file (its name and SHA-256) and what came of
-- it. Orders it created point back at it.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    format      TEXT NOT NULL DEFAULT '',
    profile     TEXT,
    orders      INTEGER NOT NULL DEFAULT 0 CHECK (orders >= 0),
    lines       INTEGER NOT NULL DEFAULT 0 CHECK (lines >= 0),
    skipped     INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    rejected    INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

-- An order that came in a file keeps the sender's own order number (`external_no`; for a file
-- without numbers, such as a client's price list, `file:` and the start of the file's hash),
-- the sender's order date and the file's name. A sender's number is unique per customer, so a
-- file imported twice finds its orders already there instead of doubling them.
ALTER TABLE orders ADD COLUMN external_no TEXT;
ALTER TABLE orders ADD COLUMN external_date TEXT;
ALTER TABLE orders ADD COLUMN source_file TEXT;
ALTER TABLE orders ADD COLUMN import_id INTEGER REFERENCES imports (id);
CREATE UNIQUE INDEX orders_external ON orders (customer_id, external_no) WHERE external_no IS NOT NULL;

-- How to read one sender's files: the column of each field, header row, encoding, separator,
-- decimal mark, channel, the status imported orders get, the customer of a price list
-- (`settings`, JSON). A profile is applied when named, when its `file_pattern` is part of the
-- file's name, or when the file's header row equals its `signature` (normalised header words
-- joined by '|').
CREATE TABLE import_profiles (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    signature    TEXT NOT NULL DEFAULT '',
    file_pattern TEXT NOT NULL DEFAULT '',
    settings     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX import_profiles_signature ON import_profiles (signature);

-- migration 5: claims, returns and client contacts

-- A client's claim (рекламация / 投诉 / reklamacja) against one order. It is never deleted: it
-- is closed, or cancelled with a reason. `kind`: shortage, surplus, mis_sort, defect, expired,
-- damaged, documents, other. `channel` (how it came): phone, email, letter, driver, portal,
-- picking_control (an error the warehouse's own picking control found: an internal claim).
-- `status`: registered -> investigating -> decided -> answered -> closed; answered or closed go
-- back to investigating when the client is not satisfied; cancelled ends it.
-- `answer_days` and `due_at` are fixed when the claim is registered: the contract's claim days
-- (else the desk's default) counted on the working calendar from `received_at`.
-- `answered_at` is the first answer to the client (the deadline is judged on it).
CREATE TABLE claims (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    order_id           INTEGER NOT NULL REFERENCES orders (id),
    customer_id        INTEGER NOT NULL REFERENCES customers (id),
    kind               TEXT NOT NULL CHECK (kind IN ('shortage', 'surplus', 'mis_sort', 'defect',
                           'expired', 'damaged', 'documents', 'other')),
    channel            TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'driver',
                           'portal', 'picking_control')),
    status             TEXT NOT NULL CHECK (status IN ('registered', 'investigating', 'decided',
                           'answered', 'closed', 'cancelled')),
    client_words       TEXT NOT NULL DEFAULT '',
    lang               TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'en')),
    received_at        TEXT NOT NULL,
    answer_days        INTEGER NOT NULL CHECK (answer_days > 0),
    due_at             TEXT NOT NULL,
    claimed_minor      INTEGER NOT NULL DEFAULT 0 CHECK (claimed_minor >= 0),
    -- who the board's history names for the order, and the driver (typed at investigation)
    driver             TEXT NOT NULL DEFAULT '',
    -- the decision
    decision           TEXT CHECK (decision IN ('accepted', 'partly_accepted', 'rejected')),
    culprit            TEXT CHECK (culprit IN ('picker', 'checker', 'packer', 'driver', 'supplier',
                           'client', 'carrier', 'insurer', 'none')),
    culprit_name       TEXT NOT NULL DEFAULT '',
    remedy             TEXT CHECK (remedy IN ('redelivery', 'credit_note', 'return', 'replacement',
                           'compensation', 'insurance', 'none')),
    compensation_minor INTEGER NOT NULL DEFAULT 0 CHECK (compensation_minor >= 0),
    insurance_case     TEXT NOT NULL DEFAULT '',
    decision_note      TEXT NOT NULL DEFAULT '',
    decided_at         TEXT,
    answered_at        TEXT,
    closed_at          TEXT,
    cancel_reason      TEXT,
    search_text        TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX claims_order ON claims (order_id);
CREATE INDEX claims_customer ON claims (customer_id, received_at);
CREATE INDEX claims_received ON claims (received_at);
CREATE INDEX claims_status ON claims (status);
-- a claim is never deleted: it is cancelled with a reason
CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
BEGIN
    SELECT RAISE(ABORT, 'a claim is never deleted: cancel it with a reason');
END;

-- The lines a claim concerns: a product (of the order, or for a surplus or mis-sort any
-- product), the quantity claimed and the amount the client claims for it.
CREATE TABLE claim_lines (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims (id),
    line_no      INTEGER NOT NULL CHECK (line_no > 0),
    product_id   INTEGER NOT NULL REFERENCES products (id),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    amount_minor INTEGER NOT NULL DEFAULT 0 CHECK (amount_minor >= 0),
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (claim_id, line_no),
    UNIQUE (claim_id, product_id)
) STRICT;

-- Every step of a claim: who, when, from which status to which, and the note.
CREATE TABLE claim_events (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX claim_events_claim ON claim_events (claim_id, at);

-- The investigation's checklist: one row per piece of evidence looked at. `kind`: cctv (detail:
-- camera and time range), stock_count (detail: the count in each system), cell_inventory
-- (detail: the cells counted), client_photos, driver_statement; `result`: what it showed.
CREATE TABLE claim_evidence (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id),
    kind       TEXT NOT NULL CHECK (kind IN ('cctv', 'stock_count', 'cell_inventory',
                   'client_photos', 'driver_statement')),
    done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    detail     TEXT NOT NULL DEFAULT '',
    result     TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (claim_id, kind)
) STRICT;

-- Files kept with a claim (photos, PDF scans) in the database itself, with their SHA-256 and
-- size; a video is kept as a reference (`data` NULL, `reference` the path or address).
-- `mime`: image/png, image/jpeg, application/pdf, or video/reference.
CREATE TABLE claim_files (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL REFERENCES claims (id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    mime      TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'application/pdf',
                  'video/reference')),
    size      INTEGER NOT NULL CHECK (size >= 0),
    sha256    TEXT NOT NULL,
    data      BLOB,
    reference TEXT,
    note      TEXT NOT NULL DEFAULT '',
    added_by  TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    UNIQUE (claim_id, sha256),
    CHECK ((data IS NULL) = (mime = 'video/reference'))
) STRICT;
CREATE INDEX claim_files_claim ON claim_files (claim_id);

-- Returns of goods of an order. `kind`: full (the goods never left: back to stock, the order
-- reduced or cancelled) or driver (brought back by a driver after shipping). Linked to a claim
-- when there is one.
CREATE TABLE returns (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    claim_id    INTEGER REFERENCES claims (id),
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'driver')),
    received_at TEXT NOT NULL,
    driver      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX returns_order ON returns (order_id);
CREATE INDEX returns_claim ON returns (claim_id);

-- What came back: product, quantity and condition (resaleable, defect, expired).
CREATE TABLE return_lines (
    id         INTEGER PRIMARY KEY,
    return_id  INTEGER NOT NULL REFERENCES returns (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    condition  TEXT NOT NULL CHECK (condition IN ('resaleable', 'defect', 'expired')),
    UNIQUE (return_id, product_id, condition)
) STRICT;

-- The contact log: every call or e-mail with a client. `medium`: phone, email, visit,
-- messenger; `direction`: in, out; `topic`: order_status, claim, documents, consultation, other.
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    medium      TEXT NOT NULL CHECK (medium IN ('phone', 'email', 'visit', 'messenger')),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    topic       TEXT NOT NULL CHECK (topic IN ('order_status', 'claim', 'documents',
                    'consultation', 'other')),
    person      TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    order_id    INTEGER REFERENCES orders (id),
    claim_id    INTEGER REFERENCES claims (id),
    search_text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contacts_customer ON contacts (customer_id, at);
CREATE INDEX contacts_at ON contacts (at);

-- Scheduled calls back to a client (回访): a claim's follow-up after closing, or any promised
-- call. Open while `done_at` is NULL. `result`: satisfied or not_satisfied (a claim's
-- follow-up; not satisfied reopens the claim), done (any other call). A call that found nobody
-- is moved to another day (`due_on` changes, the row stays open).
CREATE TABLE callbacks (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    claim_id    INTEGER REFERENCES claims (id),
    order_id    INTEGER REFERENCES orders (id),
    due_on      TEXT NOT NULL,
    topic       TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    done_at     TEXT,
    done_by     TEXT,
    result      TEXT CHECK (result IN ('satisfied', 'not_satisfied', 'done')),
    comment     TEXT NOT NULL DEFAULT '',
    contact_id  INTEGER REFERENCES contacts (id),
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX callbacks_due ON callbacks (done_at, due_on);
CREATE INDEX callbacks_claim ON callbacks (claim_id);

-- migration 6: documents and certificates

-- The register of primary documents (журнал документов): waybills, invoices, universal transfer
-- documents (УПД), acts, return documents, powers of attorney, certificate packs, others.
-- `direction`: outgoing (to a client) or incoming (from a client or a supplier; `counterparty`
-- names a supplier that is not a customer). Its register code `DOC-0000123` (from `id`) is
-- printed as a barcode on the document; scanning a signed copy marks it received.
-- `status`: outgoing issued → sent → signed (the signed copy is back) → handed (to accounting),
-- or lost → reissued (`replaced_by` the new one); incoming received → handed (to a department);
-- cancelled (a mistake, with a reason; never deleted). `sent_via`: goods, email, courier.
-- `due_on`: the date the signed copy is due (the kind's days from Settings, counted from
-- sending or, before that, from the document date); NULL when none is expected.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('waybill', 'invoice', 'upd', 'act', 'return_doc',
                      'power_of_attorney', 'certificate_pack', 'other')),
    direction     TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    number        TEXT NOT NULL CHECK (length(trim(number)) > 0),
    doc_date      TEXT NOT NULL,
    customer_id   INTEGER REFERENCES customers (id),
    counterparty  TEXT NOT NULL DEFAULT '',
    amount_minor  INTEGER,
    comment       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('issued', 'sent', 'signed', 'handed', 'lost',
                      'reissued', 'received', 'cancelled')),
    sent_via      TEXT CHECK (sent_via IN ('goods', 'email', 'courier')),
    sent_at       TEXT,
    due_on        TEXT,
    received_at   TEXT,
    handed_at     TEXT,
    handed_to     TEXT NOT NULL DEFAULT '',
    lost_at       TEXT,
    replaces_id   INTEGER REFERENCES documents (id),
    cancel_reason TEXT NOT NULL DEFAULT '',
    search_text   TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (customer_id IS NOT NULL OR length(trim(counterparty)) > 0)
) STRICT;
CREATE UNIQUE INDEX documents_number ON documents (kind, direction, number, doc_date);
CREATE INDEX documents_customer ON documents (customer_id, doc_date);
CREATE INDEX documents_status ON documents (status, due_on);
CREATE INDEX documents_date ON documents (doc_date);

-- A register row is never deleted: a mistake is cancelled with a reason.
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are never deleted: cancel it with a reason');
END;

-- The orders a document belongs to (a waybill of one order, an act over several).
CREATE TABLE document_orders (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    PRIMARY KEY (document_id, order_id)
) STRICT;
CREATE INDEX document_orders_order ON document_orders (order_id);

-- Registries (реестры): documents handed over together, the day's shipments, the self-pickups,
-- the stack of signed copies for accounting. `kind`: shipments, self_pickup, accounting.
-- Open until handed over (`handed_at`): then every document in it took the step at once.
CREATE TABLE registries (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('shipments', 'self_pickup', 'accounting')),
    on_date    TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    handed_at  TEXT,
    handed_by  TEXT,
    handed_to  TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX registries_date ON registries (on_date, kind);

-- Every step of a document: who, when, from which status to which, and why.
CREATE TABLE document_events (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    registry_id INTEGER REFERENCES registries (id)
) STRICT;
CREATE INDEX document_events_document ON document_events (document_id, at);

-- The documents of a registry, in printed order. A document is in at most one registry of
-- each kind.
CREATE TABLE registry_documents (
    registry_id   INTEGER NOT NULL REFERENCES registries (id),
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    registry_kind TEXT NOT NULL CHECK (registry_kind IN ('shipments', 'self_pickup', 'accounting')),
    position      INTEGER NOT NULL CHECK (position >= 1),
    PRIMARY KEY (registry_id, document_id),
    UNIQUE (document_id, registry_kind)
) STRICT;

-- Certificates and declarations of conformity (сертификаты, декларации о соответствии).
-- `kind`: certificate, declaration. Valid from `valid_from` to `valid_to` inclusive.
CREATE TABLE certificates (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    kind          TEXT NOT NULL CHECK (kind IN ('certificate', 'declaration')),
    issuer        TEXT NOT NULL DEFAULT '',
    product_group TEXT NOT NULL DEFAULT '',
    valid_from    TEXT NOT NULL,
    valid_to      TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    search_text   TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (valid_to >= valid_from)
) STRICT;
CREATE INDEX certificates_valid_to ON certificates (valid_to);

-- Scans of a certificate (PDF, PNG or JPEG), kept in the database with their SHA-256.
CREATE TABLE certificate_files (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificates (id),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    mime           TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'application/pdf')),
    size           INTEGER NOT NULL CHECK (size >= 0),
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    UNIQUE (certificate_id, sha256)
) STRICT;
CREATE INDEX certificate_files_certificate ON certificate_files (certificate_id);

-- Which products a certificate covers (many to many).
CREATE TABLE certificate_products (
    certificate_id INTEGER NOT NULL REFERENCES certificates (id),
    product_id     INTEGER NOT NULL REFERENCES products (id),
    linked_by      TEXT NOT NULL,
    linked_at      TEXT NOT NULL,
    PRIMARY KEY (certificate_id, product_id)
) STRICT;
CREATE INDEX certificate_products_product ON certificate_products (product_id);

-- The print log learns the new documents: claim acts, registries, certificate packs and
-- document barcode stickers (SQLite cannot widen a CHECK: the table is rebuilt, rows kept).
CREATE TABLE print_jobs_v6 (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('picking', 'labels', 'locations', 'products',
                   'claim_act', 'registry', 'certificates', 'document_labels')),
    order_id   INTEGER REFERENCES orders (id),
    wave_id    INTEGER REFERENCES waves (id),
    detail     TEXT NOT NULL DEFAULT '',
    pages      INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    target     TEXT NOT NULL DEFAULT '',
    printed_by TEXT NOT NULL,
    printed_at TEXT NOT NULL
) STRICT;
INSERT INTO print_jobs_v6 (id, kind, order_id, wave_id, detail, pages, target, printed_by, printed_at)
    SELECT id, kind, order_id, wave_id, detail, pages, target, printed_by, printed_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v6 RENAME TO print_jobs;
CREATE INDEX print_jobs_order ON print_jobs (order_id, printed_at);
CREATE INDEX print_jobs_wave ON print_jobs (wave_id, printed_at);
