/**
 * Durable sync checkpoints, one per (platform, object), in the server's data directory.
 *
 * SQLite through node:sqlite (built into Node 24, no native addon to build) in WAL mode with
 * synchronous=FULL: a `set` returns only after the write is on disk, so a checkpoint that was
 * reported persisted survives kill -9 and power loss, and a torn write can never leave a
 * half-written file behind (the failure mode of a JSON file rewritten in place).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

export const CHECKPOINT_FILE = "sync-checkpoints.sqlite";

export interface StoredCheckpoint {
  readonly checkpoint: string;
  /** when this checkpoint was persisted */
  readonly updatedAt: Date;
}

export interface CheckpointStore {
  get(platform: string, object: string): StoredCheckpoint | undefined;
  set(platform: string, object: string, checkpoint: string, at?: Date): void;
  /** forget the position, so the next run starts from the beginning */
  clear(platform: string, object: string): void;
  close(): void;
}

interface CheckpointRow {
  checkpoint: string;
  updated_at: string;
}

function isCheckpointRow(row: unknown): row is CheckpointRow {
  return (
    typeof row === "object" &&
    row !== null &&
    typeof (row as Record<string, unknown>).checkpoint === "string" &&
    typeof (row as Record<string, unknown>).updated_at === "string"
  );
}

/** Opens (creating if needed) `<dataDir>/sync-checkpoints.sqlite`. */
export function openCheckpointStore(dataDir: string): CheckpointStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, CHECKPOINT_FILE));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS sync_checkpoints (
      platform   TEXT NOT NULL,
      object     TEXT NOT NULL,
      checkpoint TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (platform, object)
    ) STRICT;
  `);
  const select: StatementSync = db.prepare("SELECT checkpoint, updated_at FROM sync_checkpoints WHERE platform = ? AND object = ?");
  const upsert: StatementSync = db.prepare(`
    INSERT INTO sync_checkpoints (platform, object, checkpoint, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (platform, object) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
  `);
  const remove: StatementSync = db.prepare("DELETE FROM sync_checkpoints WHERE platform = ? AND object = ?");

  return {
    get(platform, object) {
      const row: unknown = select.get(platform, object);
      if (row === undefined) return undefined;
      if (!isCheckpointRow(row)) throw new Error(`checkpoint store: unexpected row shape for ${platform}/${object}`);
      return { checkpoint: row.checkpoint, updatedAt: new Date(row.updated_at) };
    },
    set(platform, object, checkpoint, at = new Date()) {
      upsert.run(platform, object, checkpoint, at.toISOString());
    },
    clear(platform, object) {
      remove.run(platform, object);
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
