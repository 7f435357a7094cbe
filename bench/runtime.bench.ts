/**
 * Runtime benchmark (issue 6): MCP tool calls through the runtime against a bare SDK server
 * exposing the same tool, in the same run, plus the server's memory and start-up time.
 *
 * 1. throughput and latency: closed loop on loopback, 8 concurrent keep-alive connections, 300
 *    warm-up calls then 3,000 measured `tools/call` requests (bounded at 20 s), two rounds per
 *    server, alternating, best round reported. The runtime runs as a server does in the cluster:
 *    token auth, Host/Origin check, metrics, request logging at info (to /dev/null), output schema
 *    validation. The bare server is the SDK alone (node:http + createMcpHandler + McpServer).
 * 2. memory: resident set size of the runtime server idle (after start) and after the load rounds,
 *    with the heap bounded as in a pod (see HEAP_FLAGS), and the SDK-only floor for comparison.
 * 3. start-up: the compiled entrypoint (`node dist/services/runtime/main.js`, as the image runs
 *    it), from spawn to the first 200 on /healthz: the first start (empty compile cache) and the
 *    median of 4 restarts (cache filled, as after a container restart), and its idle RSS.
 * Goals: >= 0.85x bare throughput; <= 96 MiB idle; <= 160 MiB under load; <= 300 ms start.
 * Each server is a child process (this file with --serve); the load generator runs here.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import pino from "pino";
import { z } from "zod";
import { PLATFORM_NAMES, requiredVariables, type PlatformName } from "../services/fleet/catalog.js";
import { definePlatformFacts } from "../services/fleet/facts.js";
import { loadPlatformDefinition } from "../services/platforms/index.js";
import { defineTool, type PlatformDefinition } from "../services/runtime/contract.js";
import { startPlatformServer } from "../services/runtime/server.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "bench-agent-token-0123456789abcdef";
const MIB = 1024 * 1024;
const CONCURRENCY = 8;
const WARMUP_CALLS = 300;
const MEASURED_CALLS = 3_000;
const ROUND_LIMIT_MS = 20_000;
const ROUNDS = 2;
const STARTS = 5;
/**
 * V8 sizes its heap from the machine's memory: on a 24 GiB bench host the old space grows to
 * hundreds of MiB under allocation-heavy load before collecting, which says nothing about a pod
 * with a 256 MiB limit. Servers here run with the heap bounded as the image should set it
 * (NODE_OPTIONS). The old-space bound alone halves throughput (V8 then shrinks the young
 * generation, so per-request garbage is promoted and collected by full GCs); an explicit 8 MiB
 * semi-space keeps it in the young generation. One run without bounds is reported beside it.
 */
const HEAP_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=8"];
const HEAP_LABEL = HEAP_FLAGS.join(" ");

// ------------------------------------------------------------------------------------------
// the tool both servers expose

const echoInput = z.object({ text: z.string().max(1_000), repeat: z.number().int().min(1).max(10) });
const echoOutput = z.object({ echoed: z.string(), length: z.number().int() });
const echo = (input: z.infer<typeof echoInput>) => ({ echoed: input.text.repeat(input.repeat), length: input.text.length * input.repeat });
const TOOL = {
  name: "bench_echo_text",
  title: "Echo",
  description: "Repeats the text the given number of times and reports the resulting length.",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
} as const;

const benchDefinition: PlatformDefinition<Record<string, never>> = {
  facts: definePlatformFacts({ name: "bench", title: "Bench", serverName: "bench_echo", variables: [] }),
  baseUrl: "http://127.0.0.1:9",
  auth: () => ({ headers: async () => ({}) }),
  createApi: () => ({}),
  tools: [defineTool<Record<string, never>>()({ ...TOOL, toolset: "bench", input: echoInput, output: echoOutput, handler: async (input) => echo(input) })],
};

// ------------------------------------------------------------------------------------------
// servers (child processes)

async function serveRuntime(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "runtime-bench-"));
  const server = await startPlatformServer({
    definition: benchDefinition as PlatformDefinition<unknown>,
    env: {
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9019 }),
      MCP_AUTH_MODE: "token",
      MCP_AUTH_TOKEN: TOKEN,
      LOG_LEVEL: "info",
      WIDGETS_API_KEY: "bench-api-key",
    },
    port: 0,
    host: "127.0.0.1",
    dataDir,
    memory: { store: async () => undefined },
    logDestination: pino.destination({ dest: "/dev/null", sync: false }),
  });
  process.stdout.write(`READY ${server.port}\n`);
  process.on("SIGTERM", () => {
    void server.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function serveBare(): Promise<void> {
  const handler = toNodeHandler(
    createMcpHandler(() => {
      const server = new McpServer({ name: "bare", version: "1.0.0" });
      server.registerTool(TOOL.name, { ...TOOL, inputSchema: echoInput, outputSchema: echoOutput }, async (input) => {
        const output = echo(input);
        return { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
      });
      return server;
    }),
  );
  const server = createServer((req, res) => {
    if (req.url === "/mcp") void handler(req, res);
    else res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
  process.on("SIGTERM", () => process.exit(0));
}

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

function startChild(kind: "runtime" | "bare", nodeFlags: readonly string[] = HEAP_FLAGS): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", fileURLToPath(import.meta.url), `--serve-${kind}`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve({ process: child, port: Number(ready[1]) });
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    child.process.removeAllListeners("exit");
    child.process.once("exit", () => resolve());
    child.process.kill("SIGTERM");
    setTimeout(() => child.process.kill("SIGKILL"), 5_000).unref();
  });
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

// ------------------------------------------------------------------------------------------
// load

interface RoundResult {
  readonly callsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

let requestId = 0;
async function callOnce(url: string, headers: Record<string, string>): Promise<boolean> {
  requestId += 1;
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: requestId, method: "tools/call", params: { name: TOOL.name, arguments: { text: "hello runtime ", repeat: 3 } } }),
  });
  const text = await response.text();
  return response.status === 200 && text.includes('"structuredContent"') && !text.includes('"isError":true');
}

async function runLoad(port: number, auth: boolean, calls: number): Promise<RoundResult> {
  const url = `http://127.0.0.1:${port}/mcp`;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
    ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}),
  };
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + ROUND_LIMIT_MS;
  const worker = async () => {
    while (issued < calls && performance.now() < deadline) {
      issued += 1;
      const t0 = performance.now();
      const ok = await callOnce(url, headers).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { callsPerSecond: latencies.length / elapsedS, p50Ms: at(0.5), p99Ms: at(0.99), errors };
}

// ------------------------------------------------------------------------------------------
// start-up of the compiled entrypoint

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function measureStartups(): Promise<{ platform: PlatformName; coldMs: number; warmMedianMs: number; idleRssMiB: number } | { skipped: string }> {
  let platform: PlatformName | undefined;
  for (const name of PLATFORM_NAMES) if (!platform && (await loadPlatformDefinition(name))) platform = name;
  if (!platform) return { skipped: "no platform definition exists yet" };
  // in the checkout (ignored), not in node_modules: a worktree whose node_modules is shared would
  // otherwise build over another checkout's run; imports still resolve from REPO_ROOT/node_modules
  const outDir = path.join(REPO_ROOT, ".artifacts", "runtime-bench-dist");
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), "runtime-bench-start-"));
  const times: number[] = [];
  let idleRssMiB = Number.NaN;
  try {
    for (let i = 0; i < STARTS; i += 1) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawn(process.execPath, [...HEAP_FLAGS, path.join(outDir, "services", "runtime", "main.js"), platform], {
        env: {
          PATH: process.env.PATH ?? "",
          MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000 }),
          MCP_PORT: String(port),
          MCP_HOST: "127.0.0.1",
          MCP_AUTH_TOKEN: TOKEN,
          LOG_LEVEL: "warn",
          INBOX_DIR: path.join(dataDir, "inbox"),
          ...Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`])),
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      try {
        for (;;) {
          const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
          if (ok) break;
          if (child.exitCode !== null || performance.now() - t0 > 15_000) throw new Error(`${platform} server did not become healthy`);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        times.push(performance.now() - t0);
        if (i === STARTS - 1) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          idleRssMiB = rssMiB(child.pid!);
        }
      } finally {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
  // the first start fills the compile cache (main.ts keeps it beside the inbox); the rest reuse it
  const [coldMs, ...warm] = times;
  warm.sort((a, b) => a - b);
  return { platform, coldMs: coldMs!, warmMedianMs: warm[Math.floor(warm.length / 2)]!, idleRssMiB };
}

/** RSS of a Node process that imports the MCP SDK and nothing else: what no server can go below. */
function sdkFloorMiB(): number {
  const script =
    'await import("@modelcontextprotocol/server"); await import("@modelcontextprotocol/node"); ' +
    "await new Promise((r) => setTimeout(r, 500)); process.stdout.write(String(process.memoryUsage().rss));";
  const out = execFileSync(process.execPath, [...HEAP_FLAGS, "--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  return Number(out) / MIB;
}

// ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const bare = await startChild("bare");
  const runtime = await startChild("runtime");
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const runtimeIdle = rssMiB(runtime.process.pid!);
    const best = { bare: undefined as RoundResult | undefined, runtime: undefined as RoundResult | undefined };
    await runLoad(bare.port, false, WARMUP_CALLS);
    await runLoad(runtime.port, true, WARMUP_CALLS);
    let runtimeLoadedRss = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const b = await runLoad(bare.port, false, MEASURED_CALLS);
      const r = await runLoad(runtime.port, true, MEASURED_CALLS);
      runtimeLoadedRss = Math.max(runtimeLoadedRss, rssMiB(runtime.process.pid!));
      if (!best.bare || b.callsPerSecond > best.bare.callsPerSecond) best.bare = b;
      if (!best.runtime || r.callsPerSecond > best.runtime.callsPerSecond) best.runtime = r;
    }
    const bareRss = rssMiB(bare.process.pid!);
    await stopChild(bare);
    await stopChild(runtime);
    const uncapped = await startChild("runtime", []);
    await runLoad(uncapped.port, true, WARMUP_CALLS + MEASURED_CALLS);
    const uncappedRss = rssMiB(uncapped.process.pid!);
    await stopChild(uncapped);
    const floor = sdkFloorMiB();
    const startup = await measureStartups();

    const b = best.bare!;
    const r = best.runtime!;
    const ratio = r.callsPerSecond / b.callsPerSecond;
    const mark = (ok: boolean) => (ok ? "yes" : "NO");
    console.log(`\nMCP tools/call, ${CONCURRENCY} connections, ${MEASURED_CALLS} calls per round, best of ${ROUNDS} rounds (loopback)\n`);
    console.log("| server | calls/s | p50 ms | p99 ms | errors |");
    console.log("|---|---:|---:|---:|---:|");
    console.log(`| bare SDK (node:http + createMcpHandler) | ${b.callsPerSecond.toFixed(0)} | ${b.p50Ms.toFixed(2)} | ${b.p99Ms.toFixed(2)} | ${b.errors} |`);
    console.log(`| runtime (token auth, host check, metrics, info logs) | ${r.callsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} |`);
    console.log(`\n| figure | value | goal | met |`);
    console.log("|---|---:|---:|---|");
    console.log(`| runtime / bare throughput | ${ratio.toFixed(2)}x | >= 0.85x | ${mark(ratio >= 0.85)} |`);
    console.log(`| runtime RSS idle (run through tsx) | ${runtimeIdle.toFixed(1)} MiB | <= 96 MiB | ${mark(runtimeIdle <= 96)} |`);
    console.log(`| runtime RSS after load (tsx, ${HEAP_LABEL}) | ${runtimeLoadedRss.toFixed(1)} MiB | <= 160 MiB | ${mark(runtimeLoadedRss <= 160)} |`);
    console.log(`| runtime RSS after load (tsx, heap unbounded on this host), for reference | ${uncappedRss.toFixed(1)} MiB | | |`);
    console.log(`| bare SDK RSS after load (tsx, ${HEAP_LABEL}), for reference | ${bareRss.toFixed(1)} MiB | | |`);
    console.log(`| floor: node with only the MCP SDK (server + node adapter) imported | ${floor.toFixed(1)} MiB | | |`);
    if ("skipped" in startup) console.log(`| start-up | skipped: ${startup.skipped} | | |`);
    else {
      console.log(`| start-up to /healthz 200, compiled main.js (${startup.platform}), first start (empty compile cache) | ${startup.coldMs.toFixed(0)} ms | <= 300 ms | ${mark(startup.coldMs <= 300)} |`);
      console.log(`| start-up to /healthz 200, compiled main.js (${startup.platform}), median of ${STARTS - 1} restarts | ${startup.warmMedianMs.toFixed(0)} ms | <= 300 ms | ${mark(startup.warmMedianMs <= 300)} |`);
      console.log(`| compiled server RSS idle (${startup.platform}) | ${startup.idleRssMiB.toFixed(1)} MiB | <= 96 MiB | ${mark(startup.idleRssMiB <= 96)} |`);
    }
    if (b.errors + r.errors > 0) process.exitCode = 1;
  } finally {
    await stopChild(bare);
    await stopChild(runtime);
  }
}

const mode = process.argv[2];
if (mode === "--serve-runtime") await serveRuntime();
else if (mode === "--serve-bare") await serveBare();
else await main();
