/**
 * The embedded store's SQLite schema. WAL lets readers proceed while a batch is written, and
 * synchronous=NORMAL is durable against process crashes (the WAL is fsynced at checkpoints);
 * a power loss can lose the last transactions, which the senders' inboxes redeliver.
 */
import type { DatabaseSync } from "node:sqlite";

export const SCHEMA_VERSION = 1;

export function openSchema(db: DatabaseSync): void {
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 5000;
    PRAGMA foreign_keys = ON;

    CREATE TABLE IF NOT EXISTS memories (
      seq         INTEGER PRIMARY KEY,
      id          TEXT NOT NULL UNIQUE,
      memory_key  TEXT NOT NULL UNIQUE,
      source      TEXT NOT NULL,
      memory_type TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      title       TEXT,
      content     TEXT NOT NULL,
      record      TEXT NOT NULL,
      url         TEXT,
      stored_at   TEXT NOT NULL,
      vector      BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS memories_newest ON memories (occurred_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS memories_source_newest ON memories (source, occurred_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS memories_type_newest ON memories (memory_type, occurred_at DESC, id DESC);

    -- external-content FTS5 over title and content; rows are added in the same transaction
    CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
      title, content, content = 'memories', content_rowid = 'seq', tokenize = 'porter unicode61'
    );

    CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const row = db.prepare("SELECT value FROM store_meta WHERE name = 'schema_version'").get() as { value: string } | undefined;
  if (row === undefined) {
    db.prepare("INSERT INTO store_meta (name, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  } else if (Number(row.value) !== SCHEMA_VERSION) {
    throw new Error(`memory database has schema version ${row.value}, this build reads ${SCHEMA_VERSION}`);
  }
}
