/**
 * The inbox's intake writer, on its own thread: node:sqlite is synchronous, and an fsync'd commit
 * (synchronous=FULL) takes milliseconds, which on the main thread would stall every request.
 * Here the main thread keeps accepting webhooks while a batch is being made durable, and the
 * next batch gathers meanwhile (group commit).
 *
 * Self-contained on purpose (node built-ins only, erasable TypeScript only): it is loaded as a
 * worker file, by tsx, by Node's own type stripping, or as compiled JavaScript.
 */
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

interface StoredEvent {
  readonly key: string;
  readonly type: string;
  readonly payload: string;
}

interface BatchMessage {
  readonly id: number;
  readonly now: number;
  /** one entry per enqueue() call; each is all-or-nothing with the rest of the batch */
  readonly requests: readonly (readonly StoredEvent[])[];
}

const { file } = workerData as { file: string };
const db = new DatabaseSync(file, { timeout: 5_000 });
db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
const markSeen = db.prepare("INSERT OR IGNORE INTO seen (dedupe_key, seen_at) VALUES (?, ?)");
const insert = db.prepare("INSERT INTO events (dedupe_key, type, payload, received_at, available_at) VALUES (?, ?, ?, ?, ?)");

parentPort?.on("message", (message: BatchMessage | "close") => {
  if (message === "close") {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    db.exec("BEGIN IMMEDIATE");
    const results = message.requests.map((events) => {
      let accepted = 0;
      for (const event of events) {
        if (markSeen.run(event.key, message.now).changes === 0) continue;
        insert.run(event.key, event.type, event.payload, message.now, message.now);
        accepted += 1;
      }
      return { accepted, duplicates: events.length - accepted };
    });
    db.exec("COMMIT");
    parentPort?.postMessage({ id: message.id, results });
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
