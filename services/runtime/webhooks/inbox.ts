/**
 * The durable webhook inbox: one SQLite database (node:sqlite) in the server's data directory.
 *
 * - Intake writes go through a connection with WAL + synchronous=FULL and are committed before
 *   the webhook is acknowledged, so an acknowledged event survives kill -9 and a machine crash.
 *   That connection lives on a writer thread (inbox-writer-thread.ts) so the fsync never blocks
 *   the event loop, and writes are group-committed: everything enqueued while one batch is being
 *   committed goes into the next transaction (one fsync), and each caller is answered only after
 *   its own batch committed.
 * - A dedupe table (`seen`) is written in the same transaction as the event, so an event is
 *   either fully stored (and will be processed) or absent (and a redelivery will be accepted).
 * - The worker's state changes use a second connection with synchronous=NORMAL: still safe
 *   against a killed process (WAL), and a "done" mark lost to a power cut only means the event is
 *   processed again, which the memory sink tolerates (it is idempotent by record key).
 * - States: pending → processing (leased) → done | dead. A crashed worker's events come back when
 *   their lease expires or, at start, because one process owns the data directory.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { KeyValueState, WebhookEvent } from "../contract.js";

export interface InboxOptions {
  /** how long a dedupe key is remembered; default 72 h (HubSpot retries for about 24 h) */
  readonly dedupeRetentionMs?: number;
  /** how long done events are kept for inspection; default 1 h */
  readonly doneRetentionMs?: number;
  readonly now?: () => number;
}

export interface ClaimedEvent {
  readonly id: number;
  readonly event: WebhookEvent;
  /** including this one */
  readonly attempts: number;
  readonly receivedAtMs: number;
}

export interface EnqueueResult {
  readonly accepted: number;
  readonly duplicates: number;
}

interface PendingEnqueue {
  readonly events: readonly { readonly key: string; readonly type: string; readonly payload: string }[];
  readonly resolve: (result: EnqueueResult) => void;
  readonly reject: (error: unknown) => void;
}

type WriterReply = { readonly id: number; readonly results: readonly EnqueueResult[] } | { readonly id: number; readonly error: string };

/** The writer thread's file beside this one: .ts when run from source, .js when compiled. */
const WRITER_THREAD = new URL(`./inbox-writer-thread${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processing', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  lease_until INTEGER,
  finished_at INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS events_by_state ON events (state, available_at);
CREATE INDEX IF NOT EXISTS events_pending ON events (id, available_at) WHERE state = 'pending';
CREATE TABLE IF NOT EXISTS seen (dedupe_key TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_by_age ON seen (seen_at);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

export function inboxPath(dataDir: string, platform: string): string {
  return path.join(dataDir, `${platform}-inbox.sqlite`);
}

export class Inbox {
  readonly state: KeyValueState;
  private readonly intake: DatabaseSync;
  private readonly worker: DatabaseSync;
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly writer: Worker;
  private pending: PendingEnqueue[] = [];
  private inFlight: { readonly id: number; readonly batch: readonly PendingEnqueue[] } | undefined;
  private batchIds = 0;
  private drained: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly options: InboxOptions = {},
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.now = options.now ?? Date.now;
    this.intake = open(file, "FULL");
    this.intake.exec(SCHEMA);
    this.worker = open(file, "NORMAL");
    this.statements = prepareStatements(this.intake, this.worker);
    this.writer = new Worker(WRITER_THREAD, { workerData: { file } });
    this.writer.unref();
    this.writer.on("message", (reply: WriterReply) => this.onCommitted(reply));
    this.writer.on("error", (error) => this.onWriterLost(error));
    // one process owns the data directory: whatever a previous process was doing is pending again
    this.worker.prepare("UPDATE events SET state = 'pending', lease_until = NULL WHERE state = 'processing'").run();
    const { kvGet, kvSet } = this.statements;
    this.state = {
      get: (key) => (kvGet.get(key) as { value: string } | undefined)?.value,
      set: (key, value) => void kvSet.run(key, value),
    };
  }

  /** Stores verified events durably; resolves once they are committed (shared with concurrent callers). */
  enqueue(events: readonly WebhookEvent[]): Promise<EnqueueResult> {
    if (this.closed) return Promise.reject(new Error("inbox is closed"));
    const stored = events.map((event) => ({ key: event.dedupeKey, type: event.type, payload: JSON.stringify(event.payload ?? null) }));
    return new Promise((resolve, reject) => {
      this.pending.push({ events: stored, resolve, reject });
      // a batch being committed means this one waits and grows; otherwise gather this turn's arrivals
      if (this.inFlight === undefined && this.pending.length === 1) setImmediate(() => this.sendBatch());
    });
  }

  /** Takes the oldest ready event (or one whose lease ran out) and leases it for `leaseMs`. */
  claim(leaseMs: number): ClaimedEvent | undefined {
    const now = this.now();
    const row = this.statements.claim.get({ now, lease: now + leaseMs }) as
      | { id: number; dedupe_key: string; type: string; payload: string; attempts: number; received_at: number }
      | undefined;
    if (row === undefined) return undefined;
    return {
      id: row.id,
      event: { dedupeKey: row.dedupe_key, type: row.type, payload: JSON.parse(row.payload) as unknown },
      attempts: row.attempts,
      receivedAtMs: row.received_at,
    };
  }

  complete(id: number): void {
    this.statements.complete.run({ id, now: this.now() });
  }

  /** Records a failed attempt: back to pending after `retryInMs`, or dead once attempts are spent. */
  fail(id: number, error: string, attempts: number, maxAttempts: number, retryInMs: number): "retry" | "dead" {
    const now = this.now();
    if (attempts >= maxAttempts) {
      this.statements.dead.run({ id, now, error });
      return "dead";
    }
    this.statements.retry.run({ id, available: now + retryInMs, error });
    return "retry";
  }

  /** Milliseconds until the next pending event becomes ready, or undefined when none is waiting. */
  nextReadyInMs(): number | undefined {
    const row = this.statements.nextReady.get() as { at: number | null } | undefined;
    return row?.at === null || row === undefined ? undefined : Math.max(0, row.at - this.now());
  }

  depth(): { depth: number; oldestAgeSeconds: number } {
    const row = this.statements.depth.get() as { depth: number; oldest: number | null };
    return { depth: row.depth, oldestAgeSeconds: row.oldest === null ? 0 : Math.max(0, (this.now() - row.oldest) / 1000) };
  }

  deadCount(): number {
    return (this.statements.deadCount.get() as { count: number }).count;
  }

  /** Forgets dedupe keys and done events past their retention. Dead events are kept. */
  prune(): void {
    const now = this.now();
    this.statements.pruneSeen.run(now - (this.options.dedupeRetentionMs ?? 72 * 3_600_000));
    this.statements.pruneDone.run(now - (this.options.doneRetentionMs ?? 3_600_000));
  }

  /** Commits what is still pending, then closes the writer thread and the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight !== undefined || this.pending.length > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        this.sendBatch();
      });
    }
    const exited = new Promise((resolve) => this.writer.once("exit", resolve));
    this.writer.postMessage("close");
    await exited;
    this.worker.close();
    this.intake.close();
  }

  private sendBatch(): void {
    if (this.inFlight !== undefined) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      this.drained?.();
      return;
    }
    this.batchIds += 1;
    this.inFlight = { id: this.batchIds, batch };
    this.writer.postMessage({ id: this.batchIds, now: this.now(), requests: batch.map((item) => item.events) });
  }

  private onCommitted(reply: WriterReply): void {
    const inFlight = this.inFlight;
    if (inFlight === undefined || inFlight.id !== reply.id) return;
    this.inFlight = undefined;
    inFlight.batch.forEach((item, index) => {
      if ("error" in reply) item.reject(new Error(`inbox write failed: ${reply.error}`));
      else item.resolve(reply.results[index] as EnqueueResult);
    });
    this.sendBatch();
  }

  private onWriterLost(error: Error): void {
    const waiting = [...(this.inFlight?.batch ?? []), ...this.pending];
    this.inFlight = undefined;
    this.pending = [];
    this.closed = true;
    for (const item of waiting) item.reject(error);
    this.drained?.();
  }
}

function open(file: string, synchronous: "FULL" | "NORMAL"): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: 5_000 });
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
  return db;
}

function prepareStatements(intake: DatabaseSync, worker: DatabaseSync) {
  const statement = (db: DatabaseSync, sql: string): StatementSync => db.prepare(sql);
  return {
    kvGet: statement(intake, "SELECT value FROM kv WHERE key = ?"),
    kvSet: statement(intake, "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    claim: statement(
      worker,
      `UPDATE events SET state = 'processing', attempts = attempts + 1, lease_until = :lease
       WHERE id = (SELECT MIN(id) FROM (
         SELECT id FROM (SELECT id FROM events WHERE state = 'processing' AND lease_until < :now ORDER BY id LIMIT 1)
         UNION ALL
         SELECT id FROM (SELECT id FROM events INDEXED BY events_pending WHERE state = 'pending' AND available_at <= :now ORDER BY id LIMIT 1)))
       RETURNING id, dedupe_key, type, payload, attempts, received_at`,
    ),
    complete: statement(worker, "UPDATE events SET state = 'done', finished_at = :now, lease_until = NULL, last_error = NULL WHERE id = :id"),
    retry: statement(worker, "UPDATE events SET state = 'pending', available_at = :available, lease_until = NULL, last_error = :error WHERE id = :id"),
    dead: statement(worker, "UPDATE events SET state = 'dead', finished_at = :now, lease_until = NULL, last_error = :error WHERE id = :id"),
    nextReady: statement(worker, "SELECT MIN(available_at) AS at FROM events WHERE state = 'pending'"),
    depth: statement(worker, "SELECT COUNT(*) AS depth, MIN(received_at) AS oldest FROM events WHERE state IN ('pending', 'processing')"),
    deadCount: statement(worker, "SELECT COUNT(*) AS count FROM events WHERE state = 'dead'"),
    pruneSeen: statement(worker, "DELETE FROM seen WHERE seen_at < ?"),
    pruneDone: statement(worker, "DELETE FROM events WHERE state = 'done' AND finished_at < ?"),
  };
}
