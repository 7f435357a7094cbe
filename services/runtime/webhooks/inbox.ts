/**
 * The durable webhook inbox: one SQLite database (node:sqlite) in the server's data directory.
 *
 * - Every write while the server runs happens on one writer thread (inbox-writer-thread.ts), so
 *   neither an fsync nor SQLite's write lock ever blocks the event loop (the main thread only
 *   reads: depth, dead letters, the next retry time; WAL readers never wait for the writer).
 * - Intake writes are committed with WAL + synchronous=FULL before the webhook is acknowledged,
 *   so an acknowledged event survives kill -9 and a machine crash. They are group-committed:
 *   everything enqueued while one batch is being committed goes into the next transaction (one
 *   fsync), and each caller is answered only after its own batch committed.
 * - A dedupe table (`seen`) is written in the same transaction as the event, so an event is
 *   either fully stored (and will be processed) or absent (and a redelivery will be accepted).
 * - The worker's state changes (settle the event just processed, claim the next, one
 *   transaction) are committed with synchronous=NORMAL: still safe against a killed process
 *   (WAL), and a "done" mark lost to a power cut only means the event is processed again, which
 *   the memory sink tolerates (it is idempotent by record key).
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
  /** how long dead letters are kept for listing and re-driving; default 30 days */
  readonly deadRetentionMs?: number;
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

/** What became of a processed event: done, tried again after `retryInMs`, or dead-lettered. */
export type Settlement =
  | { readonly eventId: number; readonly result: "done" }
  | { readonly eventId: number; readonly result: "retry"; readonly retryInMs: number; readonly error: string }
  | { readonly eventId: number; readonly result: "dead"; readonly error: string };

interface PendingEnqueue {
  readonly events: readonly { readonly key: string; readonly type: string; readonly payload: string }[];
  readonly resolve: (result: EnqueueResult) => void;
  readonly reject: (error: unknown) => void;
}

interface ClaimedRow {
  readonly id: number;
  readonly dedupe_key: string;
  readonly type: string;
  readonly payload: string;
  readonly attempts: number;
  readonly received_at: number;
}

type WriterReply = {
  readonly id: number;
  readonly error?: string;
  readonly results?: readonly EnqueueResult[];
  readonly claimed?: ClaimedRow;
  readonly more?: boolean;
  readonly pruned?: { readonly done: number; readonly dead: number };
};

export const DEFAULT_DONE_RETENTION_MS = 3_600_000;
export const DEFAULT_DEAD_RETENTION_MS = 30 * 24 * 3_600_000;

/** The inbox retention an integration's `retention` settings ask for (defaults where unset). */
export function inboxRetention(retention: { readonly inbox_done_hours?: number; readonly inbox_dead_days?: number } | undefined): Pick<InboxOptions, "doneRetentionMs" | "deadRetentionMs"> {
  return {
    doneRetentionMs: retention?.inbox_done_hours === undefined ? DEFAULT_DONE_RETENTION_MS : retention.inbox_done_hours * 3_600_000,
    deadRetentionMs: retention?.inbox_dead_days === undefined ? DEFAULT_DEAD_RETENTION_MS : retention.inbox_dead_days * 24 * 3_600_000,
  };
}

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
-- the claim's path to the oldest ready event: pending rows only, in arrival order
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
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  private readonly reads: ReturnType<typeof prepareReads>;
  private readonly writer: Worker;
  /** enqueues waiting for the batch in flight to commit */
  private pending: PendingEnqueue[] = [];
  private enqueueInFlight = false;
  /** replies the writer owes, by message id */
  private readonly awaiting = new Map<number, { resolve: (reply: WriterReply) => void; reject: (error: unknown) => void }>();
  private messageIds = 0;
  private drained: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly options: InboxOptions = {},
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.now = options.now ?? Date.now;
    this.db = new DatabaseSync(file, { timeout: 5_000 });
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    // one transaction (one fsync, not one per statement): the schema, and, since one process owns
    // the data directory, whatever a previous process was doing made pending again (before the
    // writer thread starts, so this is the only writer)
    this.db.exec(`BEGIN IMMEDIATE; ${SCHEMA} UPDATE events SET state = 'pending', lease_until = NULL WHERE state = 'processing'; COMMIT;`);
    this.reads = prepareReads(this.db);
    this.writer = new Worker(WRITER_THREAD, { workerData: { file } });
    this.writer.unref();
    this.writer.on("message", (reply: WriterReply) => this.onReply(reply));
    this.writer.on("error", (error) => this.onWriterLost(error));
    const { kvGet, kvSet } = this.reads;
    // rare writes (a handshake secret) run here, not on the writer; they may briefly wait for its lock
    this.state = {
      get: async (key) => (kvGet.get(key) as { value: string } | undefined)?.value,
      set: async (key, value) => void kvSet.run(key, value),
    };
  }

  /** Stores verified events durably; resolves once they are committed (shared with concurrent callers). */
  enqueue(events: readonly WebhookEvent[]): Promise<EnqueueResult> {
    if (this.closed) return Promise.reject(new Error("inbox is closed"));
    const stored = events.map((event) => ({ key: event.dedupeKey, type: event.type, payload: JSON.stringify(event.payload ?? null) }));
    return new Promise((resolve, reject) => {
      this.pending.push({ events: stored, resolve, reject });
      // a batch being committed means this one waits and grows; otherwise gather this turn's arrivals
      if (!this.enqueueInFlight && this.pending.length === 1) setImmediate(() => this.sendBatch());
    });
  }

  /**
   * Records what became of the event just processed (if any) and, when `claimLeaseMs` is given,
   * leases the oldest ready event (or one whose lease ran out) for that long, in one transaction.
   */
  async settleAndClaim(settlement: Settlement | undefined, claimLeaseMs?: number): Promise<ClaimedEvent | undefined> {
    const now = this.now();
    const outcome =
      settlement?.result === "retry"
        ? { eventId: settlement.eventId, result: "retry", availableAt: now + settlement.retryInMs, error: settlement.error }
        : settlement;
    const reply = await this.ask({ kind: "settle", now, outcome, claimLeaseUntil: claimLeaseMs === undefined ? undefined : now + claimLeaseMs });
    const row = reply.claimed;
    if (row === undefined) return undefined;
    return {
      id: row.id,
      event: { dedupeKey: row.dedupe_key, type: row.type, payload: JSON.parse(row.payload) as unknown },
      attempts: row.attempts,
      receivedAtMs: row.received_at,
    };
  }

  /** Milliseconds until the next pending event becomes ready, or undefined when none is waiting. */
  nextReadyInMs(): number | undefined {
    const row = this.reads.nextReady.get() as { at: number | null } | undefined;
    return row?.at === null || row === undefined ? undefined : Math.max(0, row.at - this.now());
  }

  depth(): { depth: number; oldestAgeSeconds: number } {
    const row = this.reads.depth.get() as { depth: number; oldest: number | null };
    return { depth: row.depth, oldestAgeSeconds: row.oldest === null ? 0 : Math.max(0, (this.now() - row.oldest) / 1000) };
  }

  deadCount(): number {
    return (this.reads.deadCount.get() as { count: number }).count;
  }

  /** Unprocessed events that have failed at least once (waiting for, or in, a retry). */
  retryingCount(): number {
    return (this.reads.retryingCount.get() as { count: number }).count;
  }

  /**
   * Forgets dedupe keys, done events and dead letters past their retention, in chunks on the
   * writer thread (between intake batches, never holding the write lock for long); says how many
   * events of each kind went.
   */
  async prune(): Promise<{ done: number; dead: number }> {
    const now = this.now();
    const seenBefore = now - (this.options.dedupeRetentionMs ?? 72 * 3_600_000);
    const doneBefore = now - (this.options.doneRetentionMs ?? DEFAULT_DONE_RETENTION_MS);
    const deadBefore = now - (this.options.deadRetentionMs ?? DEFAULT_DEAD_RETENTION_MS);
    const pruned = { done: 0, dead: 0 };
    for (let more = true; more && !this.closed; ) {
      const reply = await this.ask({ kind: "prune", seenBefore, doneBefore, deadBefore });
      more = reply.more === true;
      pruned.done += reply.pruned?.done ?? 0;
      pruned.dead += reply.pruned?.dead ?? 0;
    }
    return pruned;
  }

  /** Commits what is still pending, waits for the writer's outstanding replies, then closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.enqueueInFlight || this.pending.length > 0 || this.awaiting.size > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        this.sendBatch();
      });
    }
    const exited = new Promise((resolve) => this.writer.once("exit", resolve));
    this.writer.postMessage("close");
    await exited;
    this.db.close();
  }

  private ask(message: { readonly kind: "settle" | "prune" } & Record<string, unknown>): Promise<WriterReply> {
    if (this.closed) return Promise.reject(new Error("inbox is closed"));
    return this.send(message).then((reply) => {
      if (reply.error !== undefined) throw new Error(`inbox write failed: ${reply.error}`);
      return reply;
    });
  }

  private send(message: Record<string, unknown>): Promise<WriterReply> {
    this.messageIds += 1;
    const id = this.messageIds;
    return new Promise((resolve, reject) => {
      this.awaiting.set(id, { resolve, reject });
      this.writer.postMessage({ ...message, id });
    });
  }

  private sendBatch(): void {
    if (this.enqueueInFlight) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      if (this.awaiting.size === 0) this.drained?.();
      return;
    }
    this.enqueueInFlight = true;
    void this.send({ kind: "enqueue", now: this.now(), requests: batch.map((item) => item.events) }).then(
      (reply) => {
        this.enqueueInFlight = false;
        batch.forEach((item, index) => {
          if (reply.error !== undefined) item.reject(new Error(`inbox write failed: ${reply.error}`));
          else item.resolve(reply.results?.[index] as EnqueueResult);
        });
        this.sendBatch();
      },
      (error: unknown) => {
        this.enqueueInFlight = false;
        for (const item of batch) item.reject(error);
      },
    );
  }

  private onReply(reply: WriterReply): void {
    const waiter = this.awaiting.get(reply.id);
    if (waiter === undefined) return;
    this.awaiting.delete(reply.id);
    waiter.resolve(reply);
    if (this.closed && !this.enqueueInFlight && this.pending.length === 0 && this.awaiting.size === 0) queueMicrotask(() => this.drained?.());
  }

  private onWriterLost(error: Error): void {
    const waiting = [...this.pending];
    this.pending = [];
    this.closed = true;
    for (const item of waiting) item.reject(error);
    for (const waiter of this.awaiting.values()) waiter.reject(error);
    this.awaiting.clear();
    this.drained?.();
  }
}

function prepareReads(db: DatabaseSync) {
  const statement = (sql: string): StatementSync => db.prepare(sql);
  return {
    kvGet: statement("SELECT value FROM kv WHERE key = ?"),
    kvSet: statement("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    nextReady: statement("SELECT MIN(available_at) AS at FROM events WHERE state = 'pending'"),
    depth: statement("SELECT COUNT(*) AS depth, MIN(received_at) AS oldest FROM events WHERE state IN ('pending', 'processing')"),
    deadCount: statement("SELECT COUNT(*) AS count FROM events WHERE state = 'dead'"),
    retryingCount: statement("SELECT COUNT(*) AS count FROM events WHERE state IN ('pending', 'processing') AND last_error IS NOT NULL"),
  };
}
