-- cia's tables, version 2: the council's own template editions, kept in the database as a folder store keeps
-- them in <store>/templates/. Applied by `cia store init` in one transaction.

-- One row per published version of a council edition: its TOML exactly as checked and published (cia reads
-- it as it reads an edition file). A published version is never replaced: a change is a new version.
CREATE TABLE cia_editions (
    id           text NOT NULL CHECK (id <> ''),
    version      integer NOT NULL CHECK (version >= 1),
    title        text NOT NULL,
    extends      text NOT NULL DEFAULT '',
    toml         text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    published_by text NOT NULL DEFAULT current_user,
    PRIMARY KEY (id, version)
);
