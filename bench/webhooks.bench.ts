/**
 * Webhook intake benchmark: a plain node:http server running WebhookIntake (HMAC verify, dedupe,
 * durable SQLite write with synchronous=FULL, then 200) against a bare express JSON endpoint that
 * just answers 200, measured in the same run on loopback.
 *
 * 1. throughput: closed loop, 32 and then 128 concurrent keep-alive connections, 5 s each after a
 *    1 s warm-up. With durable acknowledgements a closed loop is bounded by connections / commit
 *    time (every sender waits for its fsync), so the ratio is reported at both concurrencies;
 * 2. acknowledgement latency at a paced 1,000 events/s for 5 s (open loop: latency counts from
 *    each request's scheduled send time, so a stalled server cannot hide its queueing).
 * Goals (issue 6): throughput >= 0.5x the bare endpoint; p99 acknowledgement < 25 ms at 1,000/s.
 * Each server runs in its own child process; the load generator runs here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import pino from "pino";
import { Registry } from "prom-client";
import type { WebhookDefinition } from "../services/runtime/contract.js";
import { WebhookIntake } from "../services/runtime/webhooks/intake.js";
import { hmacSignature } from "../services/runtime/webhooks/verifiers.js";

const SECRET = "bench-signing-secret";
const WARMUP_MS = 1_000;
const THROUGHPUT_MS = 5_000;
/** senders in parallel: throughput under durable acks grows with it (bigger group commits) */
const CONCURRENCIES = [32, 128] as const;
const PACED_RATE = 1_000;
const PACED_MS = 5_000;

type ServerKind = "intake" | "express";

// ------------------------------------------------------------------------------------------
// servers (child processes)

const definition: WebhookDefinition<unknown> = {
  verifier: () => hmacSignature({ secret: SECRET, algorithm: "sha256", encoding: "hex", header: "x-signature" }),
  parse: (req) => {
    const body = JSON.parse(req.rawBody.toString("utf8")) as { id?: unknown; type?: unknown };
    if (typeof body.id !== "string" || typeof body.type !== "string") throw new Error("malformed");
    return [{ dedupeKey: body.id, type: body.type, payload: body }];
  },
  toMemory: async () => [],
};

async function serve(kind: ServerKind): Promise<void> {
  if (kind === "express") {
    const app = express();
    app.use(express.json());
    app.post("/webhook/bench/events", (_req, res) => {
      res.status(200).json({ ok: true });
    });
    const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-inbox-"));
  const intake = new WebhookIntake({
    platform: "linear",
    definition,
    credentials: {},
    settings: { enabled: true, mcp_server_port: 9004 },
    dataDir,
    log: pino({ level: "silent" }),
    registry: new Registry(),
    process: async () => undefined,
  });
  intake.start();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
      void intake
        .handle({ method: req.method ?? "POST", url: req.url ?? "/", publicUrl: req.url ?? "/", headers, rawBody: Buffer.concat(chunks), receivedAt: new Date() })
        .then((answer) => {
          res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
          res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {}));
        });
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
  process.on("SIGTERM", () => {
    server.close();
    void intake.stop().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

// ------------------------------------------------------------------------------------------
// load generator

let sequence = 0;
function signedEvent(): { body: string; signature: string } {
  sequence += 1;
  const body = JSON.stringify({ id: `evt-${process.pid}-${sequence}`, type: "issue.create", data: { title: "bench", n: sequence } });
  return { body, signature: createHmac("sha256", SECRET).update(body).digest("hex") };
}

function post(agent: Agent, port: number, event: { body: string; signature: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: "POST", path: "/webhook/bench/events", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(event.body), "x-signature": event.signature } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(event.body);
  });
}

async function throughput(port: number, concurrency: number): Promise<{ perSecond: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const events = Array.from({ length: 200_000 }, signedEvent);
  let next = 0;
  let counted = 0;
  let failures = 0;
  let measuring = false;
  const start = performance.now();
  const end = start + WARMUP_MS + THROUGHPUT_MS;
  setTimeout(() => (measuring = true), WARMUP_MS);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && next < events.length) {
        const status = await post(agent, port, events[next++] as { body: string; signature: string });
        if (!measuring) continue;
        if (status === 200) counted += 1;
        else failures += 1;
      }
    }),
  );
  agent.destroy();
  return { perSecond: counted / (THROUGHPUT_MS / 1000), failures };
}

async function paced(port: number): Promise<{ p50: number; p99: number; max: number; failures: number; sent: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = (PACED_RATE * PACED_MS) / 1000;
  const events = Array.from({ length: total }, signedEvent);
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * PACED_RATE) / 1000) + 1);
      for (; sent < due; sent += 1) {
        const scheduledAt = start + (sent * 1000) / PACED_RATE;
        inFlight.push(
          post(agent, port, events[sent] as { body: string; signature: string }).then(
            (status) => {
              if (status === 200) latencies.push(performance.now() - scheduledAt);
              else failures += 1;
            },
            () => void (failures += 1),
          ),
        );
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN, failures, sent };
}

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

async function main(): Promise<void> {
  const bare = await measure("express");
  const intake = await measure("intake");
  const ms = (value: number) => value.toFixed(1);
  const ratios = CONCURRENCIES.map((_, i) => (intake.throughputs[i]?.perSecond ?? 0) / (bare.throughputs[i]?.perSecond ?? 1));
  const failures = (run: typeof bare) => run.throughputs.reduce((sum, t) => sum + t.failures, 0) + run.paced.failures;
  console.log(`\nWebhook intake vs bare express JSON endpoint (loopback; closed loop ${THROUGHPUT_MS / 1000} s per concurrency; paced ${PACED_RATE}/s for ${PACED_MS / 1000} s)\n`);
  console.log(`| server | ${CONCURRENCIES.map((c) => `events/s @${c} conns | ratio`).join(" | ")} | p50 ack @${PACED_RATE}/s (ms) | p99 ack (ms) | max (ms) | non-2xx |`);
  console.log(`|---|${CONCURRENCIES.map(() => "---:|---:").join("|")}|---:|---:|---:|---:|`);
  for (const [name, run, isBare] of [["bare express", bare, true], ["WebhookIntake (verify, dedupe, fsync'd insert)", intake, false]] as const) {
    const cells = CONCURRENCIES.map((_, i) => `${(run.throughputs[i]?.perSecond ?? 0).toFixed(0)} | ${(isBare ? 1 : (ratios[i] ?? 0)).toFixed(2)}x`);
    console.log(`| ${name} | ${cells.join(" | ")} | ${ms(run.paced.p50)} | ${ms(run.paced.p99)} | ${ms(run.paced.max)} | ${failures(run)} |`);
  }
  console.log(
    `\ngoals: throughput >= 0.5x bare: ${ratios.map((r, i) => `${r >= 0.5 ? "met" : "NOT met"} @${CONCURRENCIES[i]} conns (${r.toFixed(2)}x)`).join(", ")}; ` +
      `p99 ack < 25 ms at ${PACED_RATE}/s: ${intake.paced.p99 < 25 ? "met" : "NOT met"} (${ms(intake.paced.p99)} ms; the bare endpoint's p99 in the same run: ${ms(bare.paced.p99)} ms)`,
  );
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex !== -1) {
  void serve(process.argv[serveIndex + 1] as ServerKind);
} else {
  await main();
}
