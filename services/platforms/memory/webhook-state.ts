/**
 * Per-platform webhook state kept by the memory server (Asana's handshake secrets): the one store
 * every replica of a server can reach and that outlives their pods. A SQLite file of its own in the
 * memory server's data directory (`<dataDir>/webhook-state.sqlite`, on the memory pod's
 * PersistentVolumeClaim in the cluster), apart from the memory backend: the production backend
 * (Snowflake and Pinecone) is no place for secrets, and these few values must not depend on it.
 * Writes are committed with synchronous=FULL before the PUT is answered.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

export const WEBHOOK_STATE_FILE = "webhook-state.sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_state (
  platform TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (platform, key)
) WITHOUT ROWID;
`;

export class WebhookStateStore {
  private readonly db: DatabaseSync;
  private readonly read: StatementSync;
  private readonly write: StatementSync;
  private readonly insertIfAbsent: StatementSync;
  private readonly replaceIfEqual: StatementSync;

  /** `file` is a path, or ":memory:" (tests) */
  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file, { timeout: 5_000 });
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    this.db.exec(SCHEMA);
    this.read = this.db.prepare("SELECT value FROM webhook_state WHERE platform = ? AND key = ?");
    this.write = this.db.prepare(
      "INSERT INTO webhook_state (platform, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    );
    this.insertIfAbsent = this.db.prepare("INSERT INTO webhook_state (platform, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (platform, key) DO NOTHING");
    this.replaceIfEqual = this.db.prepare("UPDATE webhook_state SET value = ?, updated_at = ? WHERE platform = ? AND key = ? AND value = ?");
  }

  static inDataDir(dataDir: string): WebhookStateStore {
    return new WebhookStateStore(path.join(dataDir, WEBHOOK_STATE_FILE));
  }

  get(platform: string, key: string): string | undefined {
    return (this.read.get(platform, key) as { value: string } | undefined)?.value;
  }

  set(platform: string, key: string, value: string, now = Date.now()): void {
    this.write.run(platform, key, value, now);
  }

  /**
   * Stores `value` only if the current value is `expected` (null: the key is unset); false when it
   * is not, e.g. another replica stored a newer OAuth refresh token first. One statement, so atomic.
   */
  compareAndSet(platform: string, key: string, expected: string | null, value: string, now = Date.now()): boolean {
    const result = expected === null ? this.insertIfAbsent.run(platform, key, value, now) : this.replaceIfEqual.run(value, now, platform, key, expected);
    return Number(result.changes) === 1;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
