-- cia's tables, version 1. Applied by `cia store init` in one transaction.

-- Which migrations have been applied; the highest version is the schema's version.
CREATE TABLE cia_schema_migrations (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT current_user,
    cia        text NOT NULL
);

-- One row per assessment: the whole validated document as JSONB (the same format as a file), and the
-- columns the listing shows beside it, so listing never reads the documents.
CREATE TABLE cia_assessments (
    id             text PRIMARY KEY,
    revision       integer NOT NULL CHECK (revision >= 0),
    schema_version integer NOT NULL,
    document       jsonb NOT NULL,
    title          text NOT NULL,
    status         text NOT NULL,
    status_label   text NOT NULL,
    lead           text NOT NULL,
    edition        text NOT NULL,
    done           integer NOT NULL,
    total          integer NOT NULL,
    created        timestamptz NOT NULL,
    updated        timestamptz NOT NULL,
    saved_at       timestamptz NOT NULL DEFAULT now(),
    saved_by       text NOT NULL DEFAULT current_user
);
CREATE INDEX cia_assessments_updated ON cia_assessments (updated DESC);
CREATE INDEX cia_assessments_lead ON cia_assessments (lower(lead));

-- Every text of each current assessment with where it is (category › area › field), for full-text search
-- (English configuration): a search matches the texts holding all its words, and shows where they are.
-- A save adds only the texts that are new and removes only those that are gone.
CREATE TABLE cia_texts (
    id    text NOT NULL REFERENCES cia_assessments (id) ON DELETE CASCADE,
    ord   integer NOT NULL,  -- order in the assessment when first saved (orders the matches shown)
    place text NOT NULL,
    body  text NOT NULL,
    tsv   tsvector NOT NULL
);
CREATE INDEX cia_texts_id ON cia_texts (id);
CREATE INDEX cia_texts_search ON cia_texts USING gin (tsv);

-- Every area of each current assessment with its counts, for `cia impacts` across assessments.
CREATE TABLE cia_areas (
    id             text NOT NULL REFERENCES cia_assessments (id) ON DELETE CASCADE,
    ord            integer NOT NULL,
    category       text NOT NULL,
    category_title text NOT NULL,
    area           text NOT NULL,
    area_name      text NOT NULL,
    status         text NOT NULL,
    benefits       integer NOT NULL,
    risks          integer NOT NULL,
    unmitigated    integer NOT NULL,
    high           integer NOT NULL,
    PRIMARY KEY (id, ord)
);

-- Every earlier revision of every assessment: a save moves the revision it replaces here (the current one
-- is in cia_assessments), so every revision ever saved is kept.
CREATE TABLE cia_history (
    id        text NOT NULL,
    revision  integer NOT NULL,
    status    text NOT NULL,
    updated   timestamptz NOT NULL,
    document  jsonb NOT NULL,
    saved_at  timestamptz NOT NULL DEFAULT now(),
    saved_by  text NOT NULL DEFAULT current_user,
    PRIMARY KEY (id, revision)
);

-- Deleted assessments, with their history, until someone restores or purges them.
CREATE TABLE cia_trash (
    trash_id   bigserial PRIMARY KEY,
    id         text NOT NULL,
    revision   integer NOT NULL,
    document   jsonb NOT NULL,
    history    jsonb NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    deleted_by text NOT NULL DEFAULT current_user
);
CREATE INDEX cia_trash_id ON cia_trash (id);

-- Who has an assessment open for editing. The lock itself is a session advisory lock, which the server
-- releases when the holder's connection ends; a row here only describes it (who, from where, since
-- when) and counts only while its backend still holds the advisory lock.
CREATE TABLE cia_open_locks (
    id          text PRIMARY KEY,
    backend_pid integer NOT NULL,
    user_name   text NOT NULL,
    host        text NOT NULL,
    pid         integer NOT NULL,
    since       timestamptz NOT NULL DEFAULT now()
);
