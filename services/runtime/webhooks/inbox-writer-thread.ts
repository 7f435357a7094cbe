/**
 * The inbox's only writer while the server runs, on its own thread: node:sqlite is synchronous,
 * and SQLite allows one writer at a time, so a write on the main thread would stall every request
 * twice over: for its own commit, and (busy-waiting in 1 ms+ sleeps) for the lock while this
 * thread fsyncs. Here the main thread keeps accepting webhooks while a batch is being made
 * durable, and the next batch gathers meanwhile (group commit).
 *
 * Messages are handled in arrival order, each in its own transaction:
 * - "enqueue": verified events, committed with synchronous=FULL (fsync'd) before the reply, which
 *   is what lets the intake acknowledge them;
 * - "settle": the worker's bookkeeping (the outcome of the event it just processed, and the claim
 *   of the next one), committed with synchronous=NORMAL: safe against a killed process (WAL); a
 *   "done" mark lost to a power cut only means the event is processed again;
 * - "prune": forgetting old dedupe keys, done events and dead letters, in bounded chunks (NORMAL).
 *
 * Self-contained on purpose (node built-ins only, erasable TypeScript only): it is loaded as a
 * worker file, by tsx, by Node's own type stripping, or as compiled JavaScript. inbox.ts holds the
 * schema and the message types' counterparts.
 */
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

interface StoredEvent {
  readonly key: string;
  readonly type: string;
  readonly payload: string;
}

interface EnqueueMessage {
  readonly kind: "enqueue";
  readonly id: number;
  readonly now: number;
  /** one entry per enqueue() call; each is all-or-nothing with the rest of the batch */
  readonly requests: readonly (readonly StoredEvent[])[];
}

type Outcome =
  | { readonly eventId: number; readonly result: "done" }
  | { readonly eventId: number; readonly result: "retry"; readonly availableAt: number; readonly error: string }
  | { readonly eventId: number; readonly result: "dead"; readonly error: string };

interface SettleMessage {
  readonly kind: "settle";
  readonly id: number;
  readonly now: number;
  readonly outcome?: Outcome;
  /** lease the next ready event until then */
  readonly claimLeaseUntil?: number;
}

interface PruneMessage {
  readonly kind: "prune";
  readonly id: number;
  readonly seenBefore: number;
  readonly doneBefore: number;
  readonly deadBefore: number;
}

const { file } = workerData as { file: string };
const durable = connect("FULL");
const bookkeeping = connect("NORMAL");

const markSeen = durable.prepare("INSERT OR IGNORE INTO seen (dedupe_key, seen_at) VALUES (?, ?)");
const insert = durable.prepare("INSERT INTO events (dedupe_key, type, payload, received_at, available_at) VALUES (?, ?, ?, ?, ?)");
const done = bookkeeping.prepare("UPDATE events SET state = 'done', finished_at = :now, lease_until = NULL, last_error = NULL WHERE id = :id");
const retry = bookkeeping.prepare("UPDATE events SET state = 'pending', available_at = :available, lease_until = NULL, last_error = :error WHERE id = :id");
const dead = bookkeeping.prepare("UPDATE events SET state = 'dead', finished_at = :now, lease_until = NULL, last_error = :error WHERE id = :id");
// the oldest ready event, or one whose lease ran out; each branch walks an index from its start
// (the partial index holds pending rows only), so a claim costs the same with a long backlog
const claim = bookkeeping.prepare(
  `UPDATE events SET state = 'processing', attempts = attempts + 1, lease_until = :lease
   WHERE id = (SELECT MIN(id) FROM (
     SELECT id FROM (SELECT id FROM events WHERE state = 'processing' AND lease_until < :now ORDER BY id LIMIT 1)
     UNION ALL
     SELECT id FROM (SELECT id FROM events INDEXED BY events_pending WHERE state = 'pending' AND available_at <= :now ORDER BY id LIMIT 1)))
   RETURNING id, dedupe_key, type, payload, attempts, received_at`,
);
/** prune in chunks so one message never holds the write lock for long */
const PRUNE_CHUNK = 5_000;
const pruneSeen = bookkeeping.prepare(`DELETE FROM seen WHERE dedupe_key IN (SELECT dedupe_key FROM seen WHERE seen_at < ? LIMIT ${PRUNE_CHUNK})`);
const pruneFinished = (state: "done" | "dead") =>
  bookkeeping.prepare(`DELETE FROM events WHERE id IN (SELECT id FROM events WHERE state = '${state}' AND finished_at < ? LIMIT ${PRUNE_CHUNK})`);
const pruneDone = pruneFinished("done");
const pruneDead = pruneFinished("dead");

parentPort?.on("message", (message: EnqueueMessage | SettleMessage | PruneMessage | "close") => {
  if (message === "close") {
    bookkeeping.close();
    durable.close();
    parentPort?.close();
    return;
  }
  const db = message.kind === "enqueue" ? durable : bookkeeping;
  try {
    db.exec("BEGIN IMMEDIATE");
    const reply = message.kind === "enqueue" ? { results: store(message) } : message.kind === "settle" ? { claimed: settle(message) } : prune(message);
    db.exec("COMMIT");
    parentPort?.postMessage({ id: message.id, ...reply });
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});

function store(message: EnqueueMessage): { accepted: number; duplicates: number }[] {
  return message.requests.map((events) => {
    let accepted = 0;
    for (const event of events) {
      if (markSeen.run(event.key, message.now).changes === 0) continue;
      insert.run(event.key, event.type, event.payload, message.now, message.now);
      accepted += 1;
    }
    return { accepted, duplicates: events.length - accepted };
  });
}

function settle(message: SettleMessage): unknown {
  const { outcome, now } = message;
  if (outcome?.result === "done") done.run({ id: outcome.eventId, now });
  else if (outcome?.result === "retry") retry.run({ id: outcome.eventId, available: outcome.availableAt, error: outcome.error });
  else if (outcome?.result === "dead") dead.run({ id: outcome.eventId, now, error: outcome.error });
  if (message.claimLeaseUntil === undefined) return undefined;
  return claim.get({ now, lease: message.claimLeaseUntil });
}

function prune(message: PruneMessage): { more: boolean; pruned: { done: number; dead: number } } {
  const seen = Number(pruneSeen.run(message.seenBefore).changes);
  const done = Number(pruneDone.run(message.doneBefore).changes);
  const dead = Number(pruneDead.run(message.deadBefore).changes);
  return { more: seen === PRUNE_CHUNK || done === PRUNE_CHUNK || dead === PRUNE_CHUNK, pruned: { done, dead } };
}

function connect(synchronous: "FULL" | "NORMAL"): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: 5_000 });
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
  return db;
}
