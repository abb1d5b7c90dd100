-- schema.sql — the tiepcan database schema (SQLite dialect of the store).
--
-- Migrations: this file is split into numbered sections. A line
--   -- migration NNN: title
-- starts migration NNN; everything up to the next such line belongs to it.
-- store_open() applies, in one transaction each, every section whose number is
-- above the highest row of schema_version, then records it there. Never edit
-- a released section: append a new one (a later PostgreSQL schema mirrors the
-- same numbers). Sections must be numbered 1, 2, 3, ... without gaps.
--
-- Conventions (kept portable so the PostgreSQL backend can mirror them):
--   * dates are TEXT 'YYYY-MM-DD', timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC),
--     written by the application, never by SQL functions;
--   * points are INTEGER hundredths (95.45 points = 9545), never REAL;
--   * unit codes are TEXT (leading zeros matter): province 2 digits,
--     district 3, commune 5 (GSO/NSO codes);
--   * SQLite-specific: the two triggers that make the audit log append-only
--     (PostgreSQL: its own trigger syntax) and WITHOUT ROWID (PostgreSQL:
--     drop the clause).

-- migration 001: initial schema

-- One row per migration applied.
CREATE TABLE schema_version (
	version    INTEGER PRIMARY KEY CHECK (version >= 1), -- migration number
	applied_at TEXT NOT NULL                              -- when it was applied (UTC)
);

-- A vintage is one official list of administrative units and the period in
-- which it is taken to be in force (see data/SOURCES.md for the sources and
-- the approximations made at the boundaries).
CREATE TABLE vintage (
	id         TEXT PRIMARY KEY CHECK (length(id) = 7),     -- '2020-02', '2025-03', '2025-07'
	title      TEXT NOT NULL,                               -- human description of the list
	valid_from TEXT NOT NULL CHECK (length(valid_from) = 10), -- first day in force
	-- last day in force; NULL = still in force
	valid_to   TEXT CHECK (valid_to IS NULL OR (length(valid_to) = 10 AND valid_to >= valid_from)),
	tiers      INTEGER NOT NULL CHECK (tiers IN (2, 3)),    -- 3: province/district/commune; 2: province/commune
	source     TEXT NOT NULL                                -- data file it was loaded from
);

-- One administrative unit as listed in one vintage. The same code may denote
-- different units in different vintages (e.g. 01392 is Thị trấn Xuân Hòa
-- before 01/07/2025 and Xã Trường Hà after), so a unit is identified by
-- (vintage, code).
-- Year Y resolves to the list in force on 31/12/Y (assessments of year Y are
-- made early in Y+1 but judge the commune as it was during Y): 2017-2019 ->
-- 2020-02, 2020-2024 -> 2025-03, 2025 on -> 2025-07. See data/SOURCES.md.
INSERT INTO vintage VALUES ('2020-02', 'Danh mục ĐVHC 02/02/2020 (ba cấp)', '2017-01-01', '2020-02-29', 3,
	'data/vn-admin-units-2020-02.csv');
INSERT INTO vintage VALUES ('2025-03', 'Danh mục ĐVHC 01/03/2025 (ba cấp)', '2020-03-01', '2025-06-30', 3,
	'data/vn-admin-units-2024.csv');
INSERT INTO vintage VALUES ('2025-07', 'Danh mục ĐVHC từ 01/07/2025 (hai cấp)', '2025-07-01', NULL, 2,
	'data/vn-admin-units-2025.csv');

CREATE TABLE unit (
	vintage       TEXT NOT NULL REFERENCES vintage (id),   -- the list this row comes from
	code          TEXT NOT NULL,                           -- GSO code, digits only
	name          TEXT NOT NULL CHECK (length(name) >= 1), -- proper name without the type prefix
	type          TEXT NOT NULL,                           -- 'Xã', 'Phường', 'Huyện', 'Tỉnh', ... (type + ' ' + name = full name)
	level         TEXT NOT NULL, -- 'province', 'district' or 'commune' (checked below)
	parent_code   TEXT,                                    -- parent in the same vintage; NULL for provinces
	province_code TEXT NOT NULL,                           -- the province it belongs to (itself for a province): scope queries
	district_code TEXT,                                    -- the district (three-tier communes, districts themselves), else NULL
	PRIMARY KEY (code, vintage),  -- code first: a code's versions are one range
	-- parent_code is deliberately not a FOREIGN KEY: the self-reference check
	-- doubled the cost of loading a national list. The loader checks every
	-- parent before writing, and store_check() finds orphans.
	CHECK ((level = 'province' AND length(code) = 2 AND parent_code IS NULL)
	    OR (level = 'district' AND length(code) = 3 AND parent_code IS NOT NULL)
	    OR (level = 'commune' AND length(code) = 5 AND parent_code IS NOT NULL))
) WITHOUT ROWID; -- SQLite: the table is its primary key (one B-tree less per row)
-- No secondary index: scoped lists filter the ~25,000 rows by vintage and
-- province in a few milliseconds, and every index would slow the load of a
-- national list (target: within 1.5x of a bare '.import').

-- Lineage between units of two vintages (many-to-many). 'full': the whole old
-- unit went into the new one; 'partial': the old unit was split and the new
-- unit got part of it; 'same-code': the code persisted from one list to the
-- next (an approximation, see data/SOURCES.md). Codes are not foreign keys
-- because the official mapping names a few units dissolved before the old
-- list was taken (those rows carry a note).
CREATE TABLE unit_lineage (
	old_vintage TEXT NOT NULL REFERENCES vintage (id), -- vintage of the predecessor
	old_code    TEXT NOT NULL,                         -- predecessor's code
	new_vintage TEXT NOT NULL REFERENCES vintage (id), -- vintage of the successor
	new_code    TEXT NOT NULL,                         -- successor's code
	relation    TEXT NOT NULL -- written as ORs: an IN list costs a temporary table per inserted row
	            CHECK (relation = 'full' OR relation = 'partial' OR relation = 'same-code'),
	note        TEXT NOT NULL DEFAULT '',              -- why a row is special ('' if not)
	PRIMARY KEY (old_vintage, old_code, new_vintage, new_code),
	CHECK (old_vintage < new_vintage)
);
CREATE INDEX lineage_by_new ON unit_lineage (new_vintage, new_code);

-- A responsible official of a commune (cán bộ, công chức phụ trách).
CREATE TABLE official (
	id        INTEGER PRIMARY KEY,                        -- surrogate key
	vintage   TEXT NOT NULL,                              -- vintage of the unit served
	unit_code TEXT NOT NULL,                              -- the commune (or higher unit) served
	full_name TEXT NOT NULL CHECK (length(full_name) >= 1), -- full Vietnamese name
	position  TEXT NOT NULL DEFAULT '',                   -- position (chức vụ)
	phone     TEXT NOT NULL DEFAULT '',                   -- contact phone, free text
	email     TEXT NOT NULL DEFAULT '',                   -- contact e-mail, free text
	source    TEXT NOT NULL DEFAULT 'entered'
	          CHECK (source IN ('entered', 'imported', 'synthetic-demo')), -- where the row came from
	FOREIGN KEY (vintage, unit_code) REFERENCES unit (vintage, code)
);
CREATE INDEX official_by_unit ON official (vintage, unit_code);

-- A person who signs in. The password hash is computed by the caller
-- (libsodium crypto_pwhash_str); the store never sees a password.
CREATE TABLE app_user (
	id            INTEGER PRIMARY KEY,                      -- surrogate key
	username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64), -- sign-in name
	display_name  TEXT NOT NULL,                            -- shown in the UI and the audit log
	password_hash TEXT NOT NULL,                            -- crypto_pwhash_str output
	-- what the user may do (the web layer decides what each role allows)
	role          TEXT NOT NULL CHECK (role IN ('admin', 'province', 'district', 'commune', 'council', 'viewer')),
	scope_kind    TEXT NOT NULL CHECK (scope_kind IN ('all', 'province', 'district', 'unit')), -- rows the user may see
	scope_code    TEXT NOT NULL DEFAULT '',                 -- the province/district/unit code ('' for all)
	official_id   INTEGER REFERENCES official (id),         -- the official this account belongs to, if any
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), -- 0 = disabled
	created_at    TEXT NOT NULL,                            -- UTC timestamp
	CHECK ((scope_kind = 'all') = (scope_code = ''))
);

-- A signed-in session. Only the SHA-256 of the token is kept, so a copy of
-- the database does not hand out live sessions.
CREATE TABLE session (
	token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64), -- hex SHA-256 of the cookie token
	user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE, -- owner
	created_at TEXT NOT NULL,                                   -- UTC timestamp
	expires_at TEXT NOT NULL CHECK (expires_at > created_at)    -- UTC timestamp
);
CREATE INDEX session_by_user ON session (user_id);

-- One commune's assessment for one year, pinned to the rule set (id and
-- version) it was scored under. The unit is the unit as it was in that year
-- (vintage chosen by the year); results of merged communes stay with them.
CREATE TABLE assessment (
	id               INTEGER PRIMARY KEY,                     -- surrogate key
	year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), -- year assessed
	vintage          TEXT NOT NULL,                           -- unit list in force that year
	unit_code        TEXT NOT NULL,                           -- the commune
	province_code    TEXT NOT NULL,                           -- copied from unit: scope queries
	district_code    TEXT,                                    -- copied from unit: scope queries
	ruleset_id       TEXT NOT NULL CHECK (length(ruleset_id) >= 1), -- e.g. 'qd619-2017'
	ruleset_version  TEXT NOT NULL,                           -- version of that rule-set file
	-- the step reached: draft -> self_assessed (tự chấm) -> posted (công khai)
	-- -> reviewed (hội đồng thẩm định) -> recognised / not_recognised (quyết định)
	status           TEXT NOT NULL DEFAULT 'draft'
	                 CHECK (status IN ('draft', 'self_assessed', 'posted', 'reviewed', 'recognised', 'not_recognised')),
	source           TEXT NOT NULL DEFAULT 'entered'
	                 CHECK (source IN ('entered', 'imported', 'synthetic-demo')), -- synthetic rows are never real figures
	commune_class    TEXT CHECK (commune_class IS NULL OR commune_class IN ('I', 'II', 'III')), -- class used by some rule sets
	total_pts        INTEGER,                                 -- last computed total (hundredths), NULL = not scored
	recognised       INTEGER CHECK (recognised IS NULL OR recognised IN (0, 1)), -- last computed verdict
	version          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), -- bumped on every change: lost-update check
	created_at       TEXT NOT NULL,   -- when the assessment was created (UTC)
	self_assessed_at TEXT,            -- when the commune finished self-assessment; NULL = not yet
	posted_at        TEXT,            -- when the result was posted publicly; NULL = not yet
	reviewed_at      TEXT,            -- when the council reviewed it; NULL = not yet
	decided_at       TEXT,            -- when the chairman decided (recognised or not); NULL = not yet
	updated_at       TEXT NOT NULL,   -- last change of any kind (UTC)
	UNIQUE (unit_code, year),
	FOREIGN KEY (vintage, unit_code) REFERENCES unit (vintage, code)
);
CREATE INDEX assessment_by_year ON assessment (year, province_code);
CREATE INDEX assessment_by_unit ON assessment (vintage, unit_code);

-- One raw input of one indicator: the rows 'item,field,value' of the score
-- CSV, kept as entered (text) so an export reproduces them exactly.
CREATE TABLE input_value (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- whose input
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator, sub-item, gate, or 'commune_class'
	field         TEXT NOT NULL CHECK (length(field) >= 1),     -- 'points', 'met', or an input name
	value         TEXT NOT NULL,                                -- as entered, e.g. '12.5'
	PRIMARY KEY (assessment_id, item_code, field)
);

-- One indicator's points and review in one assessment.
CREATE TABLE indicator_value (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- whose indicator
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator code, e.g. '1.1'
	computed_pts  INTEGER,               -- by the engine from the inputs (hundredths)
	self_pts      INTEGER,               -- self-assessed by the commune (hundredths)
	reviewed_pts  INTEGER,               -- after the council's review (hundredths)
	comment       TEXT NOT NULL DEFAULT '', -- reviewer's or commune's remark
	official_id   INTEGER REFERENCES official (id), -- responsible official
	PRIMARY KEY (assessment_id, item_code)
);

-- Evidence file contents, stored once per SHA-256 inside the database so a
-- backup, a transaction and the audit log cover them together.
CREATE TABLE evidence_blob (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64), -- hex SHA-256 of content
	size   INTEGER NOT NULL CHECK (size BETWEEN 1 AND 20971520), -- bytes (limit 20 MiB)
	content BLOB NOT NULL                                -- the bytes
);

-- A file attached to an assessment (optionally to one indicator).
CREATE TABLE evidence (
	id            INTEGER PRIMARY KEY,                                 -- surrogate key
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- the assessment it supports
	item_code     TEXT NOT NULL DEFAULT '',                            -- indicator ('' = whole assessment)
	sha256        TEXT NOT NULL REFERENCES evidence_blob (sha256),     -- content
	original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255), -- name as uploaded
	mime_type     TEXT NOT NULL,                                       -- one of the accepted types
	size          INTEGER NOT NULL CHECK (size >= 1),                  -- bytes (copy of the blob's)
	uploaded_at   TEXT NOT NULL,                                       -- UTC timestamp
	uploaded_by   TEXT NOT NULL,                                       -- actor
	UNIQUE (assessment_id, item_code, sha256)
);

-- Append-only, hash-chained log of every change. hash = SHA-256 over the
-- previous entry's hash and this entry's fields (see store_sqlite.c,
-- audit_hash()); the first entry chains from 64 zeros.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY CHECK (id >= 1),     -- sequence, no gaps
	at        TEXT NOT NULL,                           -- UTC timestamp
	actor     TEXT NOT NULL,                           -- who ('cli:USER', 'user:NAME', ...)
	action    TEXT NOT NULL,                           -- 'insert', 'update', 'delete', 'import', ...
	entity    TEXT NOT NULL,                           -- table or subject
	entity_key TEXT NOT NULL,                          -- which row
	before    TEXT,                                    -- JSON of the row before (NULL if none)
	after     TEXT,                                    -- JSON of the row after (NULL if none)
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64), -- previous entry's hash
	hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64) -- this entry's hash
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- migration 002: roles of the assessment workflow, session CSRF and idle time, login throttling
-- Roles become those of the workflow (src/core/workflow.h): commune (a
-- commune's officials; scope = the commune), reviewer (province or district
-- justice staff; scope = a province or a district), council (a council
-- member; scope like a reviewer), admin (everything). Old roles map:
-- province, district -> reviewer; viewer -> reviewer, disabled (a viewer had
-- no rights to act; an administrator re-enables it deliberately).
-- SQLite cannot change a CHECK in place: the table is rebuilt. Sessions are
-- dropped with it (everyone signs in again after the upgrade).
CREATE TABLE app_user_v2 (
	id            INTEGER PRIMARY KEY,                      -- surrogate key (kept)
	username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64), -- sign-in name
	display_name  TEXT NOT NULL,                            -- shown in the UI and the audit log
	password_hash TEXT NOT NULL,                            -- crypto_pwhash_str output
	role          TEXT NOT NULL CHECK (role IN ('commune', 'reviewer', 'council', 'admin')), -- workflow role
	scope_kind    TEXT NOT NULL CHECK (scope_kind IN ('all', 'province', 'district', 'unit')), -- rows the user may see
	scope_code    TEXT NOT NULL DEFAULT '',                 -- the province/district/unit code ('' for all)
	official_id   INTEGER REFERENCES official (id),         -- the official this account belongs to, if any
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), -- 0 = disabled
	created_at    TEXT NOT NULL,                            -- UTC timestamp
	password_changed_at TEXT NOT NULL,                      -- UTC timestamp of the last password set
	CHECK ((scope_kind = 'all') = (scope_code = ''))
);
INSERT INTO app_user_v2 (id, username, display_name, password_hash, role, scope_kind,
	scope_code, official_id, active, created_at, password_changed_at)
SELECT id, username, display_name, password_hash,
	CASE WHEN role IN ('province', 'district', 'viewer') THEN 'reviewer' ELSE role END,
	scope_kind, scope_code, official_id,
	CASE WHEN role = 'viewer' THEN 0 ELSE active END, created_at, created_at
FROM app_user;
DROP TABLE session;
DROP TABLE app_user;
ALTER TABLE app_user_v2 RENAME TO app_user;

-- A signed-in session. Only the hash of the token (auth_session_key) is
-- kept, so a copy of the database does not hand out live sessions.
CREATE TABLE session (
	token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64), -- hex hash of the cookie token
	user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE, -- owner
	csrf       TEXT NOT NULL DEFAULT '',                         -- this session's CSRF token
	created_at TEXT NOT NULL,                                    -- UTC timestamp (sign-in)
	last_seen  TEXT NOT NULL,                                    -- UTC timestamp of the last request (idle expiry)
	expires_at TEXT NOT NULL CHECK (expires_at > created_at)     -- UTC timestamp (absolute expiry)
);
CREATE INDEX session_by_user ON session (user_id);

-- Failed sign-ins, kept in the database so that throttling holds across
-- several app servers. A successful sign-in deletes its login's rows; rows
-- older than the throttling window are purged on the way.
CREATE TABLE login_failure (
	id    INTEGER PRIMARY KEY,                                  -- surrogate key
	login TEXT NOT NULL CHECK (length(login) BETWEEN 1 AND 64), -- the user name tried (lower case)
	ip    TEXT NOT NULL,                                        -- client address
	at    TEXT NOT NULL                                         -- UTC timestamp
);
CREATE INDEX login_failure_by_login ON login_failure (login, at);
CREATE INDEX login_failure_by_ip ON login_failure (ip, at);

-- migration 003: assessment workflow states, sign-off, posting, submissions, settings, objections

-- The assessment's status now follows core/workflow.h (draft, signed,
-- submitted, returned, reviewed, council, recognised, not_recognised). A
-- CHECK cannot be altered in SQLite, so the table is rebuilt; its children
-- are rebuilt too, pointing at the new table, so that dropping the old one
-- cascades nothing (PostgreSQL: ALTER TABLE ... DROP/ADD CONSTRAINT and
-- ADD COLUMN instead). Old values map as: self_assessed -> signed (the
-- sign-off completed self-assessment), posted -> signed (posting runs while
-- signed), others unchanged.
CREATE TABLE assessment_v3 (
	id               INTEGER PRIMARY KEY,                     -- surrogate key
	year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), -- year assessed
	vintage          TEXT NOT NULL,                           -- unit list in force that year
	unit_code        TEXT NOT NULL,                           -- the commune
	province_code    TEXT NOT NULL,                           -- copied from unit: scope queries
	district_code    TEXT,                                    -- copied from unit: scope queries
	ruleset_id       TEXT NOT NULL CHECK (length(ruleset_id) >= 1), -- e.g. 'qd619-2017'
	ruleset_version  TEXT NOT NULL,                           -- version of that rule-set file
	-- the workflow state (core/workflow.h)
	status           TEXT NOT NULL DEFAULT 'draft'
	                 CHECK (status IN ('draft', 'signed', 'submitted', 'returned', 'reviewed',
	                                   'council', 'recognised', 'not_recognised')),
	source           TEXT NOT NULL DEFAULT 'entered'
	                 CHECK (source IN ('entered', 'imported', 'synthetic-demo')), -- synthetic rows are never real figures
	commune_class    TEXT CHECK (commune_class IS NULL OR commune_class IN ('I', 'II', 'III')), -- class used by some rule sets
	total_pts        INTEGER,                                 -- last computed total (hundredths), NULL = not scored
	recognised       INTEGER CHECK (recognised IS NULL OR recognised IN (0, 1)), -- last computed verdict
	version          INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), -- bumped on every change: lost-update check
	created_at       TEXT NOT NULL,   -- when the assessment was created (UTC)
	self_assessed_at TEXT,            -- when it was signed off (end of self-assessment); NULL = not yet
	posted_at        TEXT,            -- when public posting began; NULL = not yet
	reviewed_at      TEXT,            -- when the reviewer finished; NULL = not yet
	decided_at       TEXT,            -- when the chairman decided (recognised or not); NULL = not yet
	updated_at       TEXT NOT NULL,   -- last change of any kind (UTC)
	submitted_at     TEXT,            -- last (re)submission to the reviewer; NULL = never
	returned_at      TEXT,            -- last return for a supplement; NULL = never
	council_at       TEXT,            -- when the council's meeting was recorded; NULL = not yet
	UNIQUE (unit_code, year),
	FOREIGN KEY (vintage, unit_code) REFERENCES unit (vintage, code)
);
INSERT INTO assessment_v3 (id, year, vintage, unit_code, province_code, district_code, ruleset_id,
	ruleset_version, status, source, commune_class, total_pts, recognised, version, created_at,
	self_assessed_at, posted_at, reviewed_at, decided_at, updated_at)
SELECT id, year, vintage, unit_code, province_code, district_code, ruleset_id, ruleset_version,
	CASE status WHEN 'self_assessed' THEN 'signed' WHEN 'posted' THEN 'signed' ELSE status END,
	source, commune_class, total_pts, recognised, version, created_at, self_assessed_at,
	posted_at, reviewed_at, decided_at, updated_at
FROM assessment;

CREATE TABLE input_value_v3 (
	assessment_id INTEGER NOT NULL REFERENCES assessment_v3 (id) ON DELETE CASCADE, -- whose input
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator, sub-item, gate, or 'commune_class'
	field         TEXT NOT NULL CHECK (length(field) >= 1),     -- 'points', 'met', or an input name
	value         TEXT NOT NULL,                                -- as entered, e.g. '12.5'
	PRIMARY KEY (assessment_id, item_code, field)
);
INSERT INTO input_value_v3 SELECT assessment_id, item_code, field, value FROM input_value;

CREATE TABLE indicator_value_v3 (
	assessment_id INTEGER NOT NULL REFERENCES assessment_v3 (id) ON DELETE CASCADE, -- whose indicator
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator code, e.g. '1.1'
	computed_pts  INTEGER,               -- by the engine from the inputs (hundredths)
	self_pts      INTEGER,               -- self-assessed by the commune (hundredths)
	reviewed_pts  INTEGER,               -- after the council's review (hundredths)
	comment       TEXT NOT NULL DEFAULT '', -- reviewer's or commune's remark
	official_id   INTEGER REFERENCES official (id), -- responsible official
	PRIMARY KEY (assessment_id, item_code)
);
INSERT INTO indicator_value_v3 SELECT assessment_id, item_code, computed_pts, self_pts,
	reviewed_pts, comment, official_id FROM indicator_value;

CREATE TABLE evidence_v3 (
	id            INTEGER PRIMARY KEY,                                 -- surrogate key
	assessment_id INTEGER NOT NULL REFERENCES assessment_v3 (id) ON DELETE CASCADE, -- the assessment it supports
	item_code     TEXT NOT NULL DEFAULT '',                            -- indicator ('' = whole assessment)
	sha256        TEXT NOT NULL REFERENCES evidence_blob (sha256),     -- content
	original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255), -- name as uploaded
	mime_type     TEXT NOT NULL,                                       -- one of the accepted types
	size          INTEGER NOT NULL CHECK (size >= 1),                  -- bytes (copy of the blob's)
	uploaded_at   TEXT NOT NULL,                                       -- UTC timestamp
	uploaded_by   TEXT NOT NULL,                                       -- actor
	UNIQUE (assessment_id, item_code, sha256)
);
INSERT INTO evidence_v3 SELECT id, assessment_id, item_code, sha256, original_name, mime_type,
	size, uploaded_at, uploaded_by FROM evidence;

-- Children first: nothing references the old assessment table when it goes.
DROP TABLE evidence;
DROP TABLE indicator_value;
DROP TABLE input_value;
DROP TABLE assessment;
-- Renaming a table rewrites the references to it (SQLite >= 3.26).
ALTER TABLE assessment_v3 RENAME TO assessment;
ALTER TABLE input_value_v3 RENAME TO input_value;
ALTER TABLE indicator_value_v3 RENAME TO indicator_value;
ALTER TABLE evidence_v3 RENAME TO evidence;
CREATE INDEX assessment_by_year ON assessment (year, province_code);
CREATE INDEX assessment_by_unit ON assessment (vintage, unit_code);

-- The chairman's sign-off of a self-assessment and the public posting it
-- starts (one row per assessment; replaced when signed again after a return
-- to draft).
CREATE TABLE assessment_signoff (
	assessment_id   INTEGER PRIMARY KEY REFERENCES assessment (id) ON DELETE CASCADE, -- the assessment
	signed_on       TEXT NOT NULL CHECK (length(signed_on) = 10), -- date self-scoring was completed
	signer_name     TEXT NOT NULL CHECK (length(signer_name) >= 1), -- the chairman's full name
	signer_position TEXT NOT NULL CHECK (length(signer_position) >= 1), -- position, e.g. 'Chủ tịch UBND xã'
	posting_start   TEXT NOT NULL CHECK (length(posting_start) = 10), -- first day of public posting
	posting_end     TEXT NOT NULL CHECK (length(posting_end) = 10 AND posting_end >= posting_start), -- last day (computed)
	posting_days    INTEGER NOT NULL CHECK (posting_days >= 1), -- length of the period used
	posting_unit    TEXT NOT NULL CHECK (posting_unit IN ('days', 'working_days')), -- how it was counted
	posting_place   TEXT NOT NULL CHECK (length(posting_place) >= 1), -- where it is posted
	signed_at       TEXT NOT NULL  -- when it was recorded (UTC)
);

-- Every submission of a dossier to the reviewer (first submission and each
-- resubmission after a return), with the counts it carried.
CREATE TABLE assessment_submission (
	id             INTEGER PRIMARY KEY,                                 -- sequence
	assessment_id  INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- the assessment
	kind           TEXT NOT NULL CHECK (kind IN ('submit', 'resubmit')), -- first or again
	at             TEXT NOT NULL,                                       -- UTC timestamp
	actor          TEXT NOT NULL,                                       -- who submitted
	n_inputs       INTEGER NOT NULL CHECK (n_inputs >= 0),              -- raw values at that time
	n_evidence     INTEGER NOT NULL CHECK (n_evidence >= 0),            -- evidence files at that time
	total_pts      INTEGER                                              -- total then (hundredths)
);
CREATE INDEX submission_by_assessment ON assessment_submission (assessment_id, id);

-- Per-year settings chosen by administrators (year 0 = every year unless a
-- year overrides it): deadlines, posting length, ... Keys are documented in
-- docs/API.md.
CREATE TABLE setting (
	year  INTEGER NOT NULL CHECK (year = 0 OR year BETWEEN 2000 AND 2100), -- year, 0 = default
	key   TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),             -- setting name
	value TEXT NOT NULL,                                                  -- its value, as text
	PRIMARY KEY (year, key)
);

-- Public holidays added by administrators on top of the shipped list
-- (data/holidays.csv): a year's Tết or bridging days once announced.
CREATE TABLE holiday (
	day   TEXT PRIMARY KEY CHECK (length(day) = 10),                      -- the date
	name  TEXT NOT NULL CHECK (length(name) >= 1),                        -- what it is
	basis TEXT NOT NULL DEFAULT 'announced'
	      CHECK (basis IN ('announced', 'statutory', 'provisional')),     -- how it is known
	type  TEXT NOT NULL DEFAULT 'off' CHECK (type IN ('off', 'workday'))  -- day off or make-up working day
);

-- An objection sent by the public during a commune's posting period. Kept in
-- the dossier and shown to the reviewer.
CREATE TABLE objection (
	id            INTEGER PRIMARY KEY,                                 -- sequence
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- the assessment objected to
	name          TEXT NOT NULL DEFAULT '',                            -- sender's name (optional)
	contact       TEXT NOT NULL CHECK (length(contact) >= 1),          -- phone, e-mail or address
	body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000), -- the objection
	at            TEXT NOT NULL,                                       -- received (UTC)
	status        TEXT NOT NULL DEFAULT 'new'
	              CHECK (status IN ('new', 'considered', 'dismissed')), -- handling by the reviewer
	note          TEXT NOT NULL DEFAULT ''                             -- reviewer's note
);
CREATE INDEX objection_by_assessment ON objection (assessment_id, id);

-- migration 004: review, return for supplement, council, decision

-- The reviewer's score and comment for one indicator of one assessment
-- (the commune's self score stays in indicator_value.self_pts; the reviewed
-- score is mirrored into indicator_value.reviewed_pts so both sit side by
-- side there). TT 09/2021 art. 2(2): the reviewed score is the one that counts.
CREATE TABLE review_item (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- the dossier
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator (or whole-scored criterion)
	reviewed_pts  INTEGER,                 -- hundredths; NULL = comment only
	comment       TEXT NOT NULL DEFAULT '', -- the reviewer's remark on this indicator
	reviewer      TEXT NOT NULL,           -- actor who wrote it
	reviewed_at   TEXT NOT NULL,           -- UTC timestamp
	PRIMARY KEY (assessment_id, item_code)
);

-- A return of the dossier to the commune for a supplement. The inputs as
-- they were at the return are kept (JSON array of {item, field, value}) so
-- the resubmission can be shown as a diff, field by field.
CREATE TABLE review_return (
	id            INTEGER PRIMARY KEY,     -- surrogate key
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- the dossier
	round         INTEGER NOT NULL CHECK (round >= 1), -- 1 for the first return, 2, ...
	reason        TEXT NOT NULL CHECK (length(reason) >= 1), -- why (shown to the commune)
	returned_on   TEXT NOT NULL CHECK (length(returned_on) = 10), -- date of the return: the deadline counts from the next day
	deadline      TEXT NOT NULL CHECK (length(deadline) = 10 AND deadline > returned_on), -- last day to supplement (working days by the regime)
	supplement_days INTEGER NOT NULL CHECK (supplement_days >= 1), -- working days used for the deadline
	returned_at   TEXT NOT NULL,           -- UTC timestamp
	returned_by   TEXT NOT NULL,           -- actor
	inputs        TEXT NOT NULL,           -- JSON snapshot of input_value at the return
	UNIQUE (assessment_id, round)
);

-- The per-indicator notes of a return.
CREATE TABLE review_return_note (
	return_id INTEGER NOT NULL REFERENCES review_return (id) ON DELETE CASCADE, -- the return
	item_code TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator
	note      TEXT NOT NULL CHECK (length(note) >= 1),      -- what to supplement
	PRIMARY KEY (return_id, item_code)
);

-- A meeting of the evaluation council (Hội đồng đánh giá). Its place in the
-- hierarchy (province, district) scopes who sees it, like an assessment.
CREATE TABLE council_meeting (
	id            INTEGER PRIMARY KEY,     -- surrogate key
	name          TEXT NOT NULL CHECK (length(name) >= 1), -- council's name
	meeting_date  TEXT NOT NULL CHECK (length(meeting_date) = 10), -- YYYY-MM-DD
	province_code TEXT NOT NULL,           -- scope: province of the council
	district_code TEXT,                    -- scope: district (three-tier years), else NULL
	quorum_num    INTEGER NOT NULL CHECK (quorum_num >= 1), -- quorum used, e.g. 2 of
	quorum_den    INTEGER NOT NULL CHECK (quorum_den >= quorum_num), -- ... 3
	minutes_sha256 TEXT REFERENCES evidence_blob (sha256), -- minutes file (biên bản), NULL = none yet
	minutes_name  TEXT NOT NULL DEFAULT '', -- its original file name
	minutes_mime  TEXT NOT NULL DEFAULT '', -- its type
	created_at    TEXT NOT NULL,           -- UTC timestamp
	created_by    TEXT NOT NULL,           -- actor
	version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1) -- optimistic lock
);

-- A member of a meeting, in the order listed.
CREATE TABLE council_member (
	meeting_id INTEGER NOT NULL REFERENCES council_meeting (id) ON DELETE CASCADE, -- meeting
	seq        INTEGER NOT NULL CHECK (seq >= 1),                 -- 1, 2, ...
	full_name  TEXT NOT NULL CHECK (length(full_name) >= 1),      -- member's name
	role       TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member', 'secretary')), -- role in the council
	present    INTEGER NOT NULL CHECK (present IN (0, 1)),        -- attended the meeting
	PRIMARY KEY (meeting_id, seq)
);

-- A dossier considered by a meeting and the council's outcome for it.
CREATE TABLE council_dossier (
	meeting_id    INTEGER NOT NULL REFERENCES council_meeting (id) ON DELETE CASCADE, -- meeting
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- dossier
	outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('propose', 'not_propose')), -- NULL = not decided yet
	reason        TEXT NOT NULL DEFAULT '', -- why (required for not_propose by the application)
	PRIMARY KEY (meeting_id, assessment_id)
);

-- One member's opinion on one dossier.
CREATE TABLE council_opinion (
	meeting_id    INTEGER NOT NULL,         -- meeting
	member_seq    INTEGER NOT NULL,         -- member
	assessment_id INTEGER NOT NULL,         -- dossier
	opinion       TEXT NOT NULL CHECK (opinion IN ('agree', 'disagree', 'abstain')), -- recognise?
	note          TEXT NOT NULL DEFAULT '', -- free remark
	PRIMARY KEY (meeting_id, member_seq, assessment_id),
	FOREIGN KEY (meeting_id, member_seq) REFERENCES council_member (meeting_id, seq) ON DELETE CASCADE,
	FOREIGN KEY (meeting_id, assessment_id) REFERENCES council_dossier (meeting_id, assessment_id) ON DELETE CASCADE
);

-- A recognition decision (quyết định công nhận) with its signed file.
CREATE TABLE decision (
	id              INTEGER PRIMARY KEY,    -- surrogate key
	number          TEXT NOT NULL UNIQUE CHECK (length(number) >= 1), -- "123/QĐ-UBND"
	decision_date   TEXT NOT NULL CHECK (length(decision_date) = 10), -- YYYY-MM-DD
	signer_name     TEXT NOT NULL CHECK (length(signer_name) >= 1),  -- who signed
	signer_position TEXT NOT NULL CHECK (length(signer_position) >= 1), -- their position
	file_sha256     TEXT NOT NULL REFERENCES evidence_blob (sha256), -- the signed file
	file_name       TEXT NOT NULL,          -- its original name
	file_mime       TEXT NOT NULL,          -- its type
	province_code   TEXT NOT NULL,          -- scope
	district_code   TEXT,                   -- scope (three-tier years)
	created_at      TEXT NOT NULL,          -- UTC timestamp
	created_by      TEXT NOT NULL           -- actor
);

-- One dossier in a decision: recognised or not, and why.
CREATE TABLE decision_item (
	decision_id   INTEGER NOT NULL REFERENCES decision (id) ON DELETE CASCADE, -- decision
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- dossier (a reopened one may be decided again)
	recognised    INTEGER NOT NULL CHECK (recognised IN (0, 1)), -- 1 = công nhận
	reason        TEXT NOT NULL DEFAULT '', -- reasons (required when not recognised)
	PRIMARY KEY (decision_id, assessment_id)
);

-- migration 005: pilot models and programme management
-- Plans (kế hoạch) of a province or a department, the pilot communes they
-- choose, their tasks in the six groups of work, who answers for each
-- indicator of a commune (with the history of handovers), training sessions
-- and inspection visits. Dates are 'YYYY-MM-DD'. Province scoping uses
-- plan.province_code (the issuing province).
CREATE TABLE plan (
	id            INTEGER PRIMARY KEY,                          -- surrogate key
	number        TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 63), -- '198/KH-STP'
	issued_on     TEXT NOT NULL CHECK (length(issued_on) = 10), -- date signed
	issuer        TEXT NOT NULL CHECK (length(issuer) >= 1),    -- issuing body
	province_code TEXT NOT NULL CHECK (length(province_code) = 2), -- province the plan belongs to (scope)
	year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), -- year it is for
	title         TEXT NOT NULL CHECK (length(title) >= 1),     -- title (trích yếu)
	legal_basis   TEXT NOT NULL DEFAULT '',                     -- legal basis cited
	file_sha256   TEXT NOT NULL DEFAULT '',                     -- attached scan in evidence storage ('' = none)
	parent_id     INTEGER REFERENCES plan (id),                 -- plan it implements, if any
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('draft', 'active', 'done', 'cancelled')), -- lifecycle
	lessons       TEXT NOT NULL DEFAULT '',                     -- lessons recorded (replication)
	source        TEXT NOT NULL DEFAULT 'entered'
	              CHECK (source IN ('entered', 'imported', 'synthetic-demo')) -- where the row came from
);
CREATE INDEX plan_by_year ON plan (year, province_code);

-- A commune a plan chooses as a pilot (or schedules for replication).
CREATE TABLE plan_pilot (
	plan_id      INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE, -- the plan
	vintage      TEXT NOT NULL,                                -- vintage of the unit code
	unit_code    TEXT NOT NULL,                                -- the commune
	target_year  INTEGER NOT NULL,                             -- year it should meet the standard
	ntm_year     INTEGER,                                      -- year it targets New Rural status (NULL = none)
	kind         TEXT NOT NULL DEFAULT 'pilot' CHECK (kind IN ('pilot', 'next')), -- pilot, or scheduled next
	PRIMARY KEY (plan_id, unit_code),
	FOREIGN KEY (vintage, unit_code) REFERENCES unit (vintage, code)
);

-- A task of a plan. grp: 1 dissemination, 2 training, 3 resources,
-- 4 implementing criteria / duty assignment, 5 coordination, 6 inspection
-- and reporting, 7 replication.
CREATE TABLE plan_task (
	id          INTEGER PRIMARY KEY,                           -- surrogate key
	plan_id     INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE, -- the plan
	grp         INTEGER NOT NULL CHECK (grp BETWEEN 1 AND 7),  -- group of work (above)
	title       TEXT NOT NULL CHECK (length(title) >= 1),      -- what is to be done
	unit_code   TEXT NOT NULL DEFAULT '',                      -- commune concerned ('' = province level)
	responsible TEXT NOT NULL DEFAULT '',                      -- responsible unit
	person      TEXT NOT NULL DEFAULT '',                      -- responsible person
	deadline    TEXT NOT NULL CHECK (length(deadline) = 10),   -- due date
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')), -- progress
	illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)) -- 1 = demo detail not in the source
);
CREATE INDEX plan_task_by_plan ON plan_task (plan_id, grp);

-- Progress notes of a task, with their dates.
CREATE TABLE plan_task_note (
	id      INTEGER PRIMARY KEY,                                 -- surrogate key
	task_id INTEGER NOT NULL REFERENCES plan_task (id) ON DELETE CASCADE, -- the task
	on_date TEXT NOT NULL CHECK (length(on_date) = 10),          -- date of the note
	status  TEXT NOT NULL,                                       -- task status set with it
	note    TEXT NOT NULL DEFAULT '',                            -- what was done
	actor   TEXT NOT NULL                                        -- who wrote it
);

-- Who answers for an indicator of a commune in a year; item '' = the focal
-- point (justice-civil-status official) of the commune.
CREATE TABLE duty (
	unit_code   TEXT NOT NULL,                                   -- the commune
	year        INTEGER NOT NULL,                                -- assessment year
	item        TEXT NOT NULL,                                   -- indicator code, '' = focal point
	official_id INTEGER NOT NULL REFERENCES official (id),       -- the official responsible
	since       TEXT NOT NULL,                                   -- date assigned
	PRIMARY KEY (unit_code, year, item)
);

-- Handovers: kept when an official leaves or communes merge.
CREATE TABLE duty_handover (
	id        INTEGER PRIMARY KEY,                               -- surrogate key
	unit_code TEXT NOT NULL,                                     -- the commune
	year      INTEGER NOT NULL,                                  -- assessment year
	item      TEXT NOT NULL,                                     -- indicator ('' = focal point)
	from_id   INTEGER REFERENCES official (id),                  -- previous official
	to_id     INTEGER NOT NULL REFERENCES official (id),         -- new official
	on_date   TEXT NOT NULL CHECK (length(on_date) = 10),        -- date of the handover
	reason    TEXT NOT NULL DEFAULT ''                           -- why
);
CREATE INDEX duty_handover_by_unit ON duty_handover (unit_code, year);

CREATE TABLE training (
	id        INTEGER PRIMARY KEY,                               -- surrogate key
	plan_id   INTEGER REFERENCES plan (id),                      -- plan it belongs to, if any
	province_code TEXT NOT NULL CHECK (length(province_code) = 2), -- organising province (scope)
	held_on   TEXT NOT NULL CHECK (length(held_on) = 10),        -- date
	place     TEXT NOT NULL CHECK (length(place) >= 1),          -- where
	topic     TEXT NOT NULL CHECK (length(topic) >= 1),          -- what
	trainer   TEXT NOT NULL DEFAULT '',                          -- who taught
	materials TEXT NOT NULL DEFAULT ''                           -- materials handed out
);
CREATE TABLE training_attendee (
	training_id INTEGER NOT NULL REFERENCES training (id) ON DELETE CASCADE, -- the session
	official_id INTEGER NOT NULL REFERENCES official (id),       -- who attended
	PRIMARY KEY (training_id, official_id)
);

CREATE TABLE inspection (
	id        INTEGER PRIMARY KEY,                               -- surrogate key
	plan_id   INTEGER REFERENCES plan (id),                      -- plan it belongs to, if any
	unit_code TEXT NOT NULL,                                     -- commune visited
	visited_on TEXT NOT NULL CHECK (length(visited_on) = 10),    -- date
	findings  TEXT NOT NULL DEFAULT '',                          -- checklist findings
	follow_up TEXT NOT NULL DEFAULT ''                           -- follow-up actions
);

-- migration 006: rule sets uploaded by administrators
-- Every valid rule-set file an administrator loaded through the web, kept
-- for good (never updated or deleted: a new version is a new row). Every
-- server process loads them after the built-in and --rules-dir sets; for one
-- ruleset_id the row with the highest id is the one in force. max(id) is the
-- generation a server compares with its own to notice another process's
-- upload. (ruleset_id, version) is unique: the same version with another
-- text is refused (docs/RULES.md, "Uploading a rule set").
CREATE TABLE ruleset_upload (
	id          INTEGER PRIMARY KEY,                               -- upload number (generation)
	ruleset_id  TEXT NOT NULL CHECK (length(ruleset_id) BETWEEN 1 AND 63), -- the file's `id`
	version     TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 63),    -- the file's `version`
	title       TEXT NOT NULL,                                     -- the file's `title`
	year_from   INTEGER NOT NULL,                                  -- first evaluation year
	year_to     INTEGER NOT NULL,                                  -- last evaluation year
	file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255), -- name as uploaded
	sha256      TEXT NOT NULL CHECK (length(sha256) = 64),         -- of text
	size        INTEGER NOT NULL CHECK (size BETWEEN 1 AND 1048576), -- bytes of text
	text        TEXT NOT NULL,                                     -- the whole file (UTF-8)
	uploaded_at TEXT NOT NULL,                                     -- when (UTC)
	uploaded_by TEXT NOT NULL,                                     -- the store actor (user:LOGIN)
	UNIQUE (ruleset_id, version)
);

CREATE TRIGGER ruleset_upload_no_update BEFORE UPDATE ON ruleset_upload
BEGIN
	SELECT RAISE(ABORT, 'uploaded rule sets are kept as uploaded: upload a new version');
END;

CREATE TRIGGER ruleset_upload_no_delete BEFORE DELETE ON ruleset_upload
BEGIN
	SELECT RAISE(ABORT, 'uploaded rule sets are kept as uploaded: upload a new version');
END;

-- migration 007: pilot attachments and edits
-- The plan's official document (its content in evidence_blob like every
-- file, referenced by plan.file_sha256), and evidence files of a plan task's
-- progress. No foreign key from plan.file_sha256 ('' = none) to the blob.
ALTER TABLE plan ADD COLUMN file_name TEXT NOT NULL DEFAULT '';  -- original name of the attached document
ALTER TABLE plan ADD COLUMN file_mime TEXT NOT NULL DEFAULT '';  -- its type (an accepted evidence type)
CREATE TABLE plan_task_file (
	id            INTEGER PRIMARY KEY,                                 -- surrogate key
	task_id       INTEGER NOT NULL REFERENCES plan_task (id) ON DELETE CASCADE, -- the task
	sha256        TEXT NOT NULL REFERENCES evidence_blob (sha256),     -- content
	original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255), -- name as uploaded
	mime_type     TEXT NOT NULL,                                       -- one of the accepted types
	size          INTEGER NOT NULL CHECK (size >= 1),                  -- bytes
	uploaded_at   TEXT NOT NULL,                                       -- UTC timestamp
	uploaded_by   TEXT NOT NULL,                                       -- actor
	UNIQUE (task_id, sha256)
);

-- migration 008: web performance: store-wide change counter, dashboard index
-- One row. seq grows by one in every write transaction the store commits,
-- inside that transaction (store_sqlite.c tx_end), so it changes exactly
-- when committed data does. `tiepcan serve` keys the rendered public pages it
-- keeps in memory by it and reads it once per request: a committed write,
-- from this process or any other sharing the database, shows on the next
-- request. Never decreases.
CREATE TABLE store_change (
	id  INTEGER PRIMARY KEY CHECK (id = 1),        -- the one row
	seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0) -- committed write transactions so far
);
INSERT INTO store_change (id, seq) VALUES (1, 0);

-- The dashboard's counts (per year, province, district; every year for the
-- trend; the current communes' predecessors by vintage and code) read only
-- these columns: with them in one index the counts scan the index alone
-- instead of looking up each of the 85,797 national rows in the table
-- (uncached national dashboard ~20% faster). One index entry per assessment.
CREATE INDEX assessment_dash ON assessment
	(year, province_code, district_code, vintage, unit_code, status, recognised, total_pts);

-- migration 009: input and indicator values as WITHOUT ROWID tables (import speed)

-- input_value and indicator_value are only ever reached through their
-- primary key (an assessment's rows, one item's row): stored WITHOUT ROWID
-- each is one B-tree ordered by that key instead of a rowid table plus an
-- index holding the key again. That halves what `tiepcan import scores`
-- writes for them (2 million rows on the national data; bench/results/
-- NOTES.md). Same columns, constraints and contents; nothing references
-- these two tables. A migration that adds an index on either table must
-- come after this one (the rebuild drops the old tables' indexes).
-- PostgreSQL has no rowid tables: its 009 only documents this.
CREATE TABLE input_value_v9 (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- whose input
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator, sub-item, gate, or 'commune_class'
	field         TEXT NOT NULL CHECK (length(field) >= 1),     -- 'points', 'met', or an input name
	value         TEXT NOT NULL,                                -- as entered, e.g. '12.5'
	PRIMARY KEY (assessment_id, item_code, field)
) WITHOUT ROWID;
INSERT INTO input_value_v9 SELECT assessment_id, item_code, field, value FROM input_value;

CREATE TABLE indicator_value_v9 (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE, -- whose indicator
	item_code     TEXT NOT NULL CHECK (length(item_code) >= 1), -- indicator code, e.g. '1.1'
	computed_pts  INTEGER,               -- by the engine from the inputs (hundredths)
	self_pts      INTEGER,               -- self-assessed by the commune (hundredths)
	reviewed_pts  INTEGER,               -- after the council's review (hundredths)
	comment       TEXT NOT NULL DEFAULT '', -- reviewer's or commune's remark
	official_id   INTEGER REFERENCES official (id), -- responsible official
	PRIMARY KEY (assessment_id, item_code)
) WITHOUT ROWID;
INSERT INTO indicator_value_v9 SELECT assessment_id, item_code, computed_pts, self_pts,
	reviewed_pts, comment, official_id FROM indicator_value;

DROP TABLE indicator_value;
DROP TABLE input_value;
ALTER TABLE input_value_v9 RENAME TO input_value;
ALTER TABLE indicator_value_v9 RENAME TO indicator_value;
