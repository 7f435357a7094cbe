/**
 * Memory server startup with a large embedded store: how long the real server process takes to
 * listen (liveness answers) and to be ready (its search index rebuilt from the file), its RSS once
 * ready, and the slowest /healthz answer while the index loads, at 100,000 and 1,000,000 memories.
 * Baseline in the same run: the same server on an empty store.
 *
 * The stores are written straight into SQLite in the store's own format (schema.ts, the rows
 * prepareBatch makes, their FTS5 entries and encoded vectors), in large transactions without
 * fsync, which is much faster than ingesting through the server; the corpus is memory-corpus.ts.
 * The server runs as `npm start` runs it (node --import tsx, so module loading includes compiling
 * TypeScript; the image runs compiled JavaScript). Every server is stopped with SIGTERM, and killed
 * if a step takes longer than STEP_TIMEOUT_MS, so the bench always ends by itself.
 *
 * These figures set the memory server's startup and readiness probes (services/fleet/plan.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { openSchema } from "../services/memory/embedded/schema.js";
import { encodeVector } from "../services/memory/embedded/vector-codec.js";
import { documentVector } from "../services/memory/lexical-vectors.js";
import { prepareBatch } from "../services/memory/records.js";
import type { MemoryRecord } from "../services/runtime/contract.js";
import { syntheticMemoryStream } from "./memory-corpus.js";

/** MEMORY_STARTUP_SIZES=100000 runs fewer sizes (1M takes long to write on a busy machine) */
const SIZES = (process.env.MEMORY_STARTUP_SIZES ?? "100000,1000000").split(",").map((n) => {
  const size = Number(n);
  if (!Number.isSafeInteger(size) || size <= 0) throw new Error(`MEMORY_STARTUP_SIZES: "${n}" is not a positive whole number`);
  return size;
});
const WRITE_BATCH = 10_000;
const POLL_MS = 20;
const STEP_TIMEOUT_MS = 10 * 60_000;
const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const MAIN = path.join(REPO_ROOT, "services", "runtime", "main.ts");

/** Writes `count` memories into `<dir>/memory.sqlite` as EmbeddedMemoryStore.store would. */
function writeStore(dir: string, count: number): number {
  const started = performance.now();
  const db = new DatabaseSync(path.join(dir, "memory.sqlite"));
  openSchema(db);
  // a bench fixture: a crash loses nothing that matters, so skip the fsyncs
  db.exec("PRAGMA synchronous = OFF");
  const insertRow = db.prepare(
    `INSERT INTO memories (id, memory_key, source, memory_type, occurred_at, title, content, record, url, stored_at, vector)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
  );
  const insertText = db.prepare("INSERT INTO memories_fts (rowid, title, content) VALUES (?, ?, ?)");
  const storedAt = new Date().toISOString();
  const flush = (batch: MemoryRecord[]) => {
    db.exec("BEGIN");
    for (const r of prepareBatch(batch).unique) {
      const { seq } = insertRow.get(
        r.id, r.key, r.source, r.type, r.timestamp, r.title ?? null, r.content, JSON.stringify(r.record), r.url ?? null,
        storedAt, encodeVector(documentVector(r.searchText)),
      ) as { seq: number };
      insertText.run(seq, r.title ?? "", r.content);
    }
    db.exec("COMMIT");
  };
  let batch: MemoryRecord[] = [];
  for (const memory of syntheticMemoryStream(count)) {
    batch.push(memory);
    if (batch.length === WRITE_BATCH) {
      flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) flush(batch);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  return performance.now() - started;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Startup {
  readonly listenMs: number;
  readonly readyMs: number;
  /** the slowest /healthz answer between listening and ready */
  readonly worstLivenessMs: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

function procStatusMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function timedGet(url: string): Promise<{ status: number; ms: number } | undefined> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return undefined;
  }
}

/** Starts the memory server on the store in `dir`, measures, stops it. */
async function measureStartup(dir: string): Promise<Startup> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", MAIN, "memory"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: tmpdir(),
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9010 }),
      MCP_PORT: String(port),
      MCP_HOST: "127.0.0.1",
      MCP_AUTH_MODE: "none",
      MEMORY_INGEST_TOKEN: "bench-ingest-token-0123456789",
      // the store lives in INBOX_DIR's parent, the server's data directory
      INBOX_DIR: path.join(dir, "inbox"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const guard = setTimeout(() => child.kill("SIGKILL"), STEP_TIMEOUT_MS);
  try {
    const base = `http://127.0.0.1:${port}`;
    let listenMs: number | undefined;
    let worstLivenessMs = 0;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`memory server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      const live = await timedGet(`${base}/healthz`);
      if (live?.status === 200) {
        if (listenMs === undefined) listenMs = performance.now() - started;
        else worstLivenessMs = Math.max(worstLivenessMs, live.ms);
        const ready = await timedGet(`${base}/readyz`);
        if (ready?.status === 200) {
          const readyMs = performance.now() - started;
          const pid = child.pid!;
          return { listenMs, readyMs, worstLivenessMs, rssMiB: procStatusMiB(pid, "VmRSS"), peakRssMiB: procStatusMiB(pid, "VmHWM") };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
    clearTimeout(guard);
  }
}

const fmt = (ms: number) => Math.round(ms).toLocaleString("en");
const mib = (n: number) => n.toFixed(0);

// each row is printed as soon as it is measured, so a long run still reports what it has
console.log("\n### Memory server startup on a large embedded store (node --import tsx, one run each)\n");
console.log("| memories | store file MiB | write ms (direct) | listening (liveness 200) ms | ready (index loaded) ms | slowest /healthz while loading ms | RSS when ready MiB | peak RSS MiB |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
const emptyDir = mkdtempSync(path.join(tmpdir(), "memory-startup-"));
try {
  // twice: the first run fills tsx's and Node's compile caches, as any later start finds them
  await measureStartup(emptyDir);
  const baseline = await measureStartup(emptyDir);
  console.log(`| 0 (baseline) | – | – | ${fmt(baseline.listenMs)} | ${fmt(baseline.readyMs)} | – | ${mib(baseline.rssMiB)} | ${mib(baseline.peakRssMiB)} |`);
} finally {
  rmSync(emptyDir, { recursive: true, force: true });
}
for (const size of SIZES) {
  const dir = mkdtempSync(path.join(tmpdir(), "memory-startup-"));
  try {
    console.error(`writing ${size.toLocaleString("en")} memories…`);
    const writeMs = writeStore(dir, size);
    const fileMiB = statSync(path.join(dir, "memory.sqlite")).size / 1024 / 1024;
    console.error(`starting the memory server on them…`);
    const s = await measureStartup(dir);
    console.log(`| ${size.toLocaleString("en")} | ${mib(fileMiB)} | ${fmt(writeMs)} | ${fmt(s.listenMs)} | ${fmt(s.readyMs)} | ${fmt(s.worstLivenessMs)} | ${mib(s.rssMiB)} | ${mib(s.peakRssMiB)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
