/**
 * Where a platform's rotated OAuth refresh token is kept so the next process finds it: every
 * process of one integration (its replicas, the sync runner, the pod after a restart) reads the
 * latest one before it refreshes, and writes a new one only if the stored token is still the one it
 * refreshed with (compare-and-set), so two processes never overwrite each other's newer token.
 *
 * Two places: the memory server's shared state (`GET/POST /state`, with MEMORY_URL; every pod of
 * the fleet reaches it and it outlives them), else a SQLite file in the server's data directory
 * (the local fleet and a single process). Values are secrets: no message here carries one.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { KeyValueState } from "../contract.js";

export interface RefreshTokenStore {
  /** for messages: where the token is kept */
  readonly where: string;
  /** the latest persisted refresh token; undefined when none was ever stored */
  read(): Promise<string | undefined>;
  /**
   * stores `next` only if the stored token is still `expected` (undefined: none stored yet);
   * false when another process stored a different one meanwhile
   */
  compareAndSet(expected: string | undefined, next: string): Promise<boolean>;
}

export const REFRESH_TOKEN_FILE = "oauth-refresh-tokens.sqlite";
export const REFRESH_TOKEN_STATE_KEY = "oauth.refresh_token";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS oauth_refresh_tokens (
  platform TEXT PRIMARY KEY,
  refresh_token TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`;

/**
 * `<dataDir>/oauth-refresh-tokens.sqlite`, opened per call (a refresh is rare, and a process that
 * never refreshes leaves no file). SQLite serialises writers across processes, so the conditional
 * UPDATE is a real compare-and-set between the server and the sync runner on one machine.
 */
export function fileRefreshTokenStore(dataDir: string, platform: string): RefreshTokenStore {
  const file = path.join(dataDir, REFRESH_TOKEN_FILE);
  const open = (): DatabaseSync => {
    mkdirSync(dataDir, { recursive: true });
    const db = new DatabaseSync(file, { timeout: 5_000 });
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    db.exec(SCHEMA);
    return db;
  };
  const withDb = <T>(use: (db: DatabaseSync) => T): T => {
    const db = open();
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  return {
    where: file,
    async read() {
      if (!existsSync(file)) return undefined;
      return withDb((db) => {
        const row = db.prepare("SELECT refresh_token FROM oauth_refresh_tokens WHERE platform = ?").get(platform) as { refresh_token: string } | undefined;
        return row?.refresh_token;
      });
    },
    async compareAndSet(expected, next) {
      return withDb((db) => {
        const now = Date.now();
        const result =
          expected === undefined
            ? db.prepare("INSERT INTO oauth_refresh_tokens (platform, refresh_token, updated_at) VALUES (?, ?, ?) ON CONFLICT (platform) DO NOTHING").run(platform, next, now)
            : db.prepare("UPDATE oauth_refresh_tokens SET refresh_token = ?, updated_at = ? WHERE platform = ? AND refresh_token = ?").run(next, now, platform, expected);
        return Number(result.changes) === 1;
      });
    },
  };
}

/** Shared key-value state that can also store a value only if the current one is as expected. */
export interface CompareAndSetState extends KeyValueState {
  compareAndSet(key: string, expected: string | undefined, value: string): Promise<boolean>;
}

/** The memory server's shared state for this platform (its client is bound to the platform). */
export function sharedRefreshTokenStore(state: CompareAndSetState, where = "the memory server's shared state"): RefreshTokenStore {
  return {
    where,
    read: () => state.get(REFRESH_TOKEN_STATE_KEY),
    compareAndSet: (expected, next) => state.compareAndSet(REFRESH_TOKEN_STATE_KEY, expected, next),
  };
}
