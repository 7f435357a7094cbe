/**
 * Webhook intake benchmark: WebhookIntake as the runtime serves it (its route adapter, HMAC verify,
 * dedupe, durable SQLite write with synchronous=FULL, then 200, one info log line per request)
 * against bare JSON endpoints that read the body, parse it and answer 200, in the same run on
 * loopback:
 * - "bare node:http": the like-for-like baseline; the runtime's surface is plain node:http too;
 * - "bare express": the baseline issue 6 names; express costs more per request than node:http, so
 *   a ratio against it flatters the intake. Reported for reference, not as the goal's ratio.
 *
 * 1. throughput: closed loop, 32 and then 128 concurrent keep-alive connections, 5 s each after a
 *    1 s warm-up (whose failures count too). With durable acknowledgements a closed loop is bounded
 *    by connections / commit time (every sender waits for its fsync), hence the two concurrencies;
 * 2. acknowledgement latency at a paced 1,000 events/s for 5 s (open loop: latency counts from
 *    each request's scheduled send time, so a stalled server cannot hide its queueing).
 * Goals (issue 6): throughput >= 0.5x the bare endpoint; p99 acknowledgement < 25 ms at 1,000/s.
 *
 * Each server runs alone in its own child process. The load generator runs here, in another
 * process, on raw sockets with requests signed beforehand, so it takes as little of the two cores
 * as it can from whichever server is measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import pino from "pino";
import { Registry } from "prom-client";
import type { WebhookDefinition } from "../services/runtime/contract.js";
import { createRuntimeLogger } from "../services/runtime/observability/logger.js";
import { logWhenFinished } from "../services/runtime/observability/request-log.js";
import { createSecretScrubber } from "../services/runtime/observability/secret-scrubber.js";
import { readBody } from "../services/runtime/surface/http-io.js";
import { webhookRoute } from "../services/runtime/surface/raw-routes.js";
import { WebhookIntake } from "../services/runtime/webhooks/intake.js";
import { hmacSignature } from "../services/runtime/webhooks/verifiers.js";

const SECRET = "bench-signing-secret";
const PATH = "/webhook/bench/events";
/** the runtime's body limit (services/runtime/server.ts MAX_BODY_BYTES) */
const MAX_BODY_BYTES = 1024 * 1024;
const WARMUP_MS = 1_000;
const THROUGHPUT_MS = 5_000;
/** senders in parallel: throughput under durable acks grows with it (bigger group commits) */
const CONCURRENCIES = [32, 128] as const;
const PACED_RATE = 1_000;
const PACED_MS = 5_000;
/** signed requests prepared per throughput phase; running out ends the phase early (reported) */
const EVENTS_PER_PHASE = 400_000;

const KINDS = ["node-http", "express", "intake"] as const;
type ServerKind = (typeof KINDS)[number];

// ------------------------------------------------------------------------------------------
// servers (child processes)

const definition: WebhookDefinition<unknown> = {
  verifier: () => hmacSignature({ secret: SECRET, algorithm: "sha256", encoding: "hex", header: "x-signature" }),
  parse: (req) => [parseEvent(req.rawBody)],
  toMemory: async () => [],
};

/** What every server does with a body: parse it and check the fields the intake needs. */
function parseEvent(body: Buffer) {
  const event = JSON.parse(body.toString("utf8")) as { id?: unknown; type?: unknown };
  if (typeof event.id !== "string" || typeof event.type !== "string") throw new Error("malformed");
  return { dedupeKey: event.id, type: event.type, payload: event };
}

function announce(server: { address(): AddressInfo | string | null }): void {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
}

function serveBareNodeHttp(): void {
  const server = createServer((req, res) => {
    void readBody(req, MAX_BODY_BYTES).then((body) => {
      parseEvent(body);
      const text = JSON.stringify({ ok: true });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
    });
  });
  server.listen(0, "127.0.0.1", () => announce(server));
}

function serveBareExpress(): void {
  const app = express();
  app.use(express.json());
  app.post(PATH, (_req, res) => {
    res.status(200).json({ ok: true });
  });
  const server = app.listen(0, "127.0.0.1", () => announce(server));
}

function serveIntake(): void {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-inbox-"));
  // the runtime's logger at info (one line per request), written where it costs no disk
  const { log } = createRuntimeLogger({
    level: "info",
    scrubber: createSecretScrubber([SECRET]),
    base: { platform: "linear" },
    destination: pino.destination({ dest: "/dev/null", sync: false }),
  });
  const intake = new WebhookIntake({
    platform: "linear",
    definition,
    credentials: {},
    settings: { enabled: true, mcp_server_port: 9004 },
    dataDir,
    log,
    registry: new Registry(),
    process: async () => undefined,
  });
  intake.start();
  const route = webhookRoute(intake, {});
  // what the runtime's router does for a POST to the webhook path (surface/app.ts)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    logWhenFinished(log, req.method ?? "", PATH, res);
    void readBody(req, MAX_BODY_BYTES).then((body) => route(req, res, body, new URL(req.url ?? "/", "http://localhost")));
  });
  server.listen(0, "127.0.0.1", () => announce(server));
  process.on("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    void intake.stop().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ------------------------------------------------------------------------------------------
// load generator: raw keep-alive HTTP/1.1 connections, one request at a time on each

let sequence = 0;
function signedRequests(count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    sequence += 1;
    const body = JSON.stringify({ id: `evt-${process.pid}-${sequence}`, type: "issue.create", data: { title: "bench", n: sequence } });
    const signature = createHmac("sha256", SECRET).update(body).digest("hex");
    return Buffer.from(
      `POST ${PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-signature: ${signature}\r\n\r\n${body}`,
    );
  });
}

/** One keep-alive connection; send() resolves with the response's status once its body is in. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("connection closed")));
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new Connection(socket)));
      socket.once("error", reject);
    });
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf("\r\n\r\n");
    if (headerEnd === -1) return;
    const head = this.buffered.subarray(0, headerEnd).toString("latin1");
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length?.[1] === undefined) return this.fail(new Error(`response without content-length: ${head}`));
    const end = headerEnd + 4 + Number(length[1]);
    if (this.buffered.length < end) return;
    this.buffered = this.buffered.subarray(end);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(Number(head.slice(9, 12)));
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

async function throughput(port: number, concurrency: number): Promise<{ perSecond: number; failures: number; ranOut: boolean }> {
  const requests = signedRequests(EVENTS_PER_PHASE);
  const connections = await Promise.all(Array.from({ length: concurrency }, () => Connection.open(port)));
  let next = 0;
  let counted = 0;
  let failures = 0;
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + THROUGHPUT_MS;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < end && next < requests.length) {
        const status = await connection.send(requests[next++] as Buffer).catch(() => 0);
        if (status !== 200) failures += 1;
        else if (performance.now() >= measureFrom) counted += 1;
      }
    }),
  );
  const measuredMs = Math.min(end, performance.now()) - measureFrom;
  for (const connection of connections) connection.close();
  return { perSecond: counted / (measuredMs / 1000), failures, ranOut: next >= requests.length };
}

async function paced(port: number): Promise<{ p50: number; p99: number; max: number; failures: number }> {
  const total = (PACED_RATE * PACED_MS) / 1000;
  const requests = signedRequests(total);
  const idle = await Promise.all(Array.from({ length: 32 }, () => Connection.open(port)));
  const opened: Connection[] = [...idle];
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const sendOne = async (index: number, scheduledAt: number) => {
    let connection = idle.pop();
    if (connection === undefined) {
      connection = await Connection.open(port);
      opened.push(connection);
    }
    const status = await connection.send(requests[index] as Buffer).catch(() => 0);
    if (status === 200) latencies.push(performance.now() - scheduledAt);
    else failures += 1;
    idle.push(connection);
  };
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * PACED_RATE) / 1000) + 1);
      for (; sent < due; sent += 1) inFlight.push(sendOne(sent, start + (sent * 1000) / PACED_RATE));
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  for (const connection of opened) connection.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN, failures };
}

// ------------------------------------------------------------------------------------------
// orchestration

async function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", kind], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, port };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function measure(kind: ServerKind) {
  const { child, port } = await startServer(kind);
  try {
    const throughputs = [];
    for (const concurrency of CONCURRENCIES) throughputs.push(await throughput(port, concurrency));
    return { throughputs, paced: await paced(port) };
  } finally {
    await stopServer(child);
  }
}

type Run = Awaited<ReturnType<typeof measure>>;

async function main(): Promise<void> {
  const bare = await measure("node-http");
  const viaExpress = await measure("express");
  const intake = await measure("intake");
  const ms = (value: number) => value.toFixed(1);
  const ratio = (run: Run, i: number) => (run.throughputs[i]?.perSecond ?? 0) / (bare.throughputs[i]?.perSecond ?? 1);
  const failures = (run: Run) => run.throughputs.reduce((sum, t) => sum + t.failures, 0) + run.paced.failures;
  console.log(
    `\nWebhook intake vs bare JSON endpoints (loopback; closed loop ${THROUGHPUT_MS / 1000} s per concurrency after ${WARMUP_MS / 1000} s warm-up; paced ${PACED_RATE}/s for ${PACED_MS / 1000} s; ratios against bare node:http)\n`,
  );
  console.log(`| server | ${CONCURRENCIES.map((c) => `events/s @${c} conns | ratio`).join(" | ")} | p50 ack @${PACED_RATE}/s (ms) | p99 ack (ms) | max (ms) | non-2xx |`);
  console.log(`|---|${CONCURRENCIES.map(() => "---:|---:").join("|")}|---:|---:|---:|---:|`);
  const rows = [
    ["bare node:http JSON endpoint (baseline)", bare],
    ["bare express JSON endpoint (issue's named baseline)", viaExpress],
    ["WebhookIntake (verify, dedupe, fsync'd insert, request log)", intake],
  ] as const;
  for (const [name, run] of rows) {
    const cells = CONCURRENCIES.map((_, i) => `${(run.throughputs[i]?.perSecond ?? 0).toFixed(0)}${run.throughputs[i]?.ranOut ? " (ran out of requests)" : ""} | ${ratio(run, i).toFixed(2)}x`);
    console.log(`| ${name} | ${cells.join(" | ")} | ${ms(run.paced.p50)} | ${ms(run.paced.p99)} | ${ms(run.paced.max)} | ${failures(run)} |`);
  }
  const goal = CONCURRENCIES.map((c, i) => {
    const r = ratio(intake, i);
    const againstExpress = (intake.throughputs[i]?.perSecond ?? 0) / (viaExpress.throughputs[i]?.perSecond ?? 1);
    return `${r >= 0.5 ? "met" : "NOT met"} @${c} conns (${r.toFixed(2)}x; ${againstExpress.toFixed(2)}x of express)`;
  });
  console.log(
    `\ngoals: throughput >= 0.5x bare node:http: ${goal.join(", ")}; ` +
      `p99 ack < 25 ms at ${PACED_RATE}/s: ${intake.paced.p99 < 25 ? "met" : "NOT met"} (${ms(intake.paced.p99)} ms; bare node:http's p99 in the same run: ${ms(bare.paced.p99)} ms)`,
  );
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex !== -1) {
  const kind = process.argv[serveIndex + 1];
  if (kind === "node-http") serveBareNodeHttp();
  else if (kind === "express") serveBareExpress();
  else if (kind === "intake") serveIntake();
  else throw new Error(`unknown server kind ${kind}; one of ${KINDS.join(", ")}`);
} else {
  await main();
}
