/**
 * Versioned schema migrations of the embedded SQLite store. Append new versions; never edit a shipped one.
 * `PRAGMA user_version` records the version a file is at.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'projects, runs, params, tags, summaries, series with chunked points, logs',
    sql: `
CREATE TABLE projects (
  name        TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  tags        TEXT NOT NULL DEFAULT '[]',
  created_at  REAL NOT NULL
);

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  project     TEXT NOT NULL REFERENCES projects(name),
  name        TEXT NOT NULL,
  grp         TEXT NOT NULL,
  status      TEXT NOT NULL,
  notes       TEXT NOT NULL DEFAULT '',
  start_time  REAL NOT NULL,
  end_time    REAL,
  heartbeat   REAL NOT NULL,
  exit_code   INTEGER,
  error       TEXT,
  command     TEXT,
  cwd         TEXT,
  git_commit  TEXT,
  git_dirty   INTEGER,
  host        TEXT
);
CREATE INDEX runs_project ON runs(project, id);
CREATE INDEX runs_status ON runs(status, heartbeat);

-- One row per flattened param. value holds a number, text, 0/1 for booleans or NULL; vtype says which, so
-- comparisons can require a number and booleans read back as booleans.
CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value,
  vtype  TEXT NOT NULL CHECK (vtype IN ('number', 'string', 'bool', 'null')),
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX run_params_key ON run_params(key, value);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag    TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX run_tags_tag ON run_tags(tag);

-- Explicit final metrics. value is REAL; NaN is stored as NULL (SQLite has no NaN), the row's presence is what
-- counts. Without a row, a run's summary for a key is the last value of its series.
CREATE TABLE run_summary (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

-- One row per (run, key) with its summary, maintained on write. NaN values are stored as NULL.
-- min_value/max_value are over non-NaN values (NULL when all are NaN).
CREATE TABLE series (
  id          INTEGER PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  count       INTEGER NOT NULL DEFAULT 0,
  first_value REAL,
  last_value  REAL,
  min_value   REAL,
  max_value   REAL,
  first_step  INTEGER,
  last_step   INTEGER,
  nan_count   INTEGER NOT NULL DEFAULT 0,
  last_time   REAL,
  UNIQUE (run_id, key)
);

-- Points of a series in chunks that never overlap in step range. A sealed chunk holds up to a few thousand
-- points; unsealed ones are the recent tail, written once per batch and merged into a sealed chunk when they add
-- up. blocks holds coarse per-block aggregates (one per 512 points, see chunk-codec.ts), small enough to stay in
-- the row, so long downsampled reads skip the raw data; chunk_blocks holds fine ones (one per 32 points).
CREATE TABLE chunks (
  id         INTEGER PRIMARY KEY,
  series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  sealed     INTEGER NOT NULL,
  step_min   INTEGER NOT NULL,
  step_max   INTEGER NOT NULL,
  time_min   REAL NOT NULL,
  time_max   REAL NOT NULL,
  n          INTEGER NOT NULL,
  nan_count  INTEGER NOT NULL,
  vmin       REAL,
  vmax       REAL,
  blocks     BLOB NOT NULL
);
CREATE INDEX chunks_series_step ON chunks(series_id, step_min);

CREATE TABLE chunk_blocks (
  chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
  blocks   BLOB NOT NULL
);

CREATE TABLE chunk_data (
  chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
  data     BLOB NOT NULL
);

CREATE TABLE logs (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq    INTEGER NOT NULL,
  time   REAL NOT NULL,
  stream TEXT NOT NULL,
  line   TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    description: 'histograms and text values per (run, key, step)',
    sql: `
-- edges and counts are float64 blobs (edges has one more entry than counts). A repeated (run, key, step) replaces.
CREATE TABLE histograms (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  step   INTEGER NOT NULL,
  time   REAL NOT NULL,
  edges  BLOB NOT NULL,
  counts BLOB NOT NULL,
  PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;

CREATE TABLE texts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  step   INTEGER NOT NULL,
  time   REAL NOT NULL,
  text   TEXT NOT NULL,
  PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;
`,
  },
  {
    version: 3,
    description: 'tensor snapshots per (run, name, step)',
    sql: `
-- data is the row-major values as little-endian float16 or float32 (dtype), deflated (node:zlib). NaN/Inf were
-- replaced by 0 before storing; nan_count/posinf_count/neginf_count report how many. labels is a JSON array or NULL.
CREATE TABLE tensors (
  run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  step         INTEGER NOT NULL,
  time         REAL NOT NULL,
  dtype        TEXT NOT NULL CHECK (dtype IN ('float32', 'float16')),
  rows         INTEGER NOT NULL,
  cols         INTEGER NOT NULL,
  labels       TEXT,
  nan_count    INTEGER NOT NULL,
  posinf_count INTEGER NOT NULL,
  neginf_count INTEGER NOT NULL,
  data         BLOB NOT NULL,
  -- a rowid table: megabyte blobs do not belong in the pages of a clustered index
  UNIQUE (run_id, name, step)
);
`,
  },
  {
    version: 4,
    description: 'saved dashboards (workspaces)',
    sql: `
-- spec is the JSON dashboard spec (DashboardSpecSchema in @runlens/core), validated before it is written.
CREATE TABLE dashboards (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  spec        TEXT NOT NULL,
  created     REAL NOT NULL,
  updated     REAL NOT NULL
);
CREATE INDEX dashboards_updated ON dashboards (updated DESC);
`,
  },
];
