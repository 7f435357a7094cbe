/**
 * Fleet endpoint benchmark (issue 15): the same MCP tool call made directly to a server on the
 * runtime and through the fleet endpoint in front of it, in the same run.
 *
 * Three processes: the server (the runtime serving one echo tool, token auth, info logs to
 * /dev/null), the fleet endpoint federating it (as deployed: token auth for agents, the fleet token
 * towards the server, its tool list cached), and this one, the load generator: closed loop on
 * loopback, 8 concurrent keep-alive connections, 300 warm-up calls per target, then rounds of 3,000
 * `tools/call` requests alternating direct / through the endpoint, best round of each reported.
 * Goals: throughput through the endpoint at least 0.7x direct; at most +2 ms at p50.
 *
 * Besides, the CPU time each process spent per call over all measured rounds (Linux /proc, 10 ms
 * ticks): on a shared machine the wall-clock ratio moves with the load (the scheduler shares the
 * cores per runnable process, so under heavy load a third process can even gain its pipeline
 * time), while CPU per call says what the endpoint itself costs next to the server it fronts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { z } from "zod";
import { definition as fleetDefinition } from "../services/fleet-endpoint/definition.js";
import { definePlatformFacts } from "../services/fleet/facts.js";
import { defineTool, type PlatformDefinition } from "../services/runtime/contract.js";
import { startPlatformServer } from "../services/runtime/server.js";

const AGENT_TOKEN = "bench-agent-token-0123456789abcdef";
const FLEET_TOKEN = "bench-fleet-token-0123456789abcdef";
const CONCURRENCY = 8;
const WARMUP_CALLS = 300;
const MEASURED_CALLS = 3_000;
const ROUND_LIMIT_MS = 20_000;
const ROUNDS = 3;
/** as the image runs servers (see runtime.bench.ts) */
const HEAP_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=8"];

const echoInput = z.object({ text: z.string().max(1_000), repeat: z.number().int().min(1).max(10) });
const echoOutput = z.object({ echoed: z.string(), length: z.number().int() });
const benchDefinition: PlatformDefinition<Record<string, never>> = {
  facts: definePlatformFacts({ name: "bench", title: "Bench", serverName: "bench_echo", variables: [] }),
  baseUrl: "http://127.0.0.1:9",
  auth: () => ({ headers: async () => ({}) }),
  createApi: () => ({}),
  tools: [
    defineTool<Record<string, never>>()({
      name: "bench_echo_text",
      title: "Echo",
      description: "Repeats the text the given number of times and reports the resulting length.",
      toolset: "bench",
      input: echoInput,
      output: echoOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async (input) => ({ echoed: input.text.repeat(input.repeat), length: input.text.length * input.repeat }),
    }),
  ],
};

async function serve(kind: "server" | "endpoint", upstream?: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `fleet-endpoint-bench-${kind}-`));
  const server = await startPlatformServer({
    definition: (kind === "server" ? benchDefinition : fleetDefinition) as PlatformDefinition<unknown>,
    env: {
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: kind === "server" ? 9019 : 9000 }),
      MCP_AUTH_MODE: "token",
      MCP_AUTH_TOKEN: AGENT_TOKEN,
      FLEET_MCP_TOKEN: FLEET_TOKEN,
      LOG_LEVEL: "info",
      ...(upstream ? { FLEET_SERVERS: JSON.stringify({ bench: upstream }) } : {}),
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

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

function startChild(args: readonly string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HEAP_FLAGS, "--import", "tsx", fileURLToPath(import.meta.url), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve({ process: child, port: Number(ready[1]) });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
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

/** user + system CPU of a process so far, in ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms) */
function cpuMsOf(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface CpuTally {
  load: number;
  server: number;
  endpoint: number;
  calls: number;
}

/** one measured round, with the CPU each process spent on it added to `tally` */
async function measured(port: number, calls: number, children: { server: Child; endpoint: Child }, tally: CpuTally): Promise<RoundResult> {
  const before = { load: selfCpuMs(), server: cpuMsOf(children.server.process.pid), endpoint: cpuMsOf(children.endpoint.process.pid) };
  const result = await runLoad(port, calls);
  tally.load += selfCpuMs() - before.load;
  tally.server += cpuMsOf(children.server.process.pid) - before.server;
  tally.endpoint += cpuMsOf(children.endpoint.process.pid) - before.endpoint;
  tally.calls += result.calls;
  return result;
}

interface RoundResult {
  readonly calls: number;
  readonly callsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

let requestId = 0;
async function runLoad(port: number, calls: number): Promise<RoundResult> {
  const url = `http://127.0.0.1:${port}/mcp`;
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
    authorization: `Bearer ${AGENT_TOKEN}`,
  };
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + ROUND_LIMIT_MS;
  const worker = async () => {
    while (issued < calls && performance.now() < deadline) {
      issued += 1;
      requestId += 1;
      const t0 = performance.now();
      const ok = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ jsonrpc: "2.0", id: requestId, method: "tools/call", params: { name: "bench_echo_text", arguments: { text: "hello fleet ", repeat: 3 } } }),
      }).then(
        async (response) => {
          const text = await response.text();
          return response.status === 200 && text.includes('"echoed":"hello fleet hello fleet hello fleet "') && !text.includes('"isError":true');
        },
        () => false,
      );
      latencies.push(performance.now() - t0);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { calls: latencies.length, callsPerSecond: latencies.length / elapsedS, p50Ms: at(0.5), p99Ms: at(0.99), errors };
}

async function main(): Promise<void> {
  const server = await startChild(["--serve", "server"]);
  const endpoint = await startChild(["--serve", "endpoint", `http://127.0.0.1:${server.port}/mcp`]);
  try {
    await runLoad(server.port, WARMUP_CALLS);
    await runLoad(endpoint.port, WARMUP_CALLS);
    const directCpu: CpuTally = { load: 0, server: 0, endpoint: 0, calls: 0 };
    const throughCpu: CpuTally = { load: 0, server: 0, endpoint: 0, calls: 0 };
    let direct: RoundResult | undefined;
    let through: RoundResult | undefined;
    for (let round = 0; round < ROUNDS; round += 1) {
      const d = await measured(server.port, MEASURED_CALLS, { server, endpoint }, directCpu);
      const t = await measured(endpoint.port, MEASURED_CALLS, { server, endpoint }, throughCpu);
      if (!direct || d.callsPerSecond > direct.callsPerSecond) direct = d;
      if (!through || t.callsPerSecond > through.callsPerSecond) through = t;
    }
    const d = direct!;
    const t = through!;
    const ratio = t.callsPerSecond / d.callsPerSecond;
    const addedP50 = t.p50Ms - d.p50Ms;
    const addedP99 = t.p99Ms - d.p99Ms;
    console.log(`\nMCP tools/call, ${CONCURRENCY} connections, ${MEASURED_CALLS} calls per round, best of ${ROUNDS} rounds (loopback; load generator, server and endpoint in separate processes)\n`);
    console.log("| path | calls/s | p50 ms | p99 ms | errors |");
    console.log("|---|---:|---:|---:|---:|");
    console.log(`| agent -> server (direct) | ${d.callsPerSecond.toFixed(0)} | ${d.p50Ms.toFixed(2)} | ${d.p99Ms.toFixed(2)} | ${d.errors} |`);
    console.log(`| agent -> fleet endpoint -> server | ${t.callsPerSecond.toFixed(0)} | ${t.p50Ms.toFixed(2)} | ${t.p99Ms.toFixed(2)} | ${t.errors} |`);
    console.log(`\nthroughput through the endpoint: ${ratio.toFixed(2)}x direct (goal >= 0.7x: ${ratio >= 0.7 ? "yes" : "NO"})`);
    console.log(`added latency: p50 +${addedP50.toFixed(2)} ms (goal <= +2 ms: ${addedP50 <= 2 ? "yes" : "NO"}), p99 +${addedP99.toFixed(2)} ms`);
    const perCall = (ms: number, tally: CpuTally) => (ms / tally.calls).toFixed(2);
    console.log(`\nCPU ms per call, all ${ROUNDS} rounds (load generator / server / endpoint):`);
    console.log(`  direct:  ${perCall(directCpu.load, directCpu)} / ${perCall(directCpu.server, directCpu)} / ${perCall(directCpu.endpoint, directCpu)}`);
    console.log(`  through: ${perCall(throughCpu.load, throughCpu)} / ${perCall(throughCpu.server, throughCpu)} / ${perCall(throughCpu.endpoint, throughCpu)}`);
    const directTotal = (directCpu.load + directCpu.server + directCpu.endpoint) / directCpu.calls;
    const throughTotal = (throughCpu.load + throughCpu.server + throughCpu.endpoint) / throughCpu.calls;
    console.log(`  all three processes: ${directTotal.toFixed(2)} direct, ${throughTotal.toFixed(2)} through (${(directTotal / throughTotal).toFixed(2)}x: the throughput ratio when CPU is what limits)`);
    if (d.errors + t.errors > 0) process.exitCode = 1;
  } finally {
    await stopChild(endpoint);
    await stopChild(server);
  }
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt !== -1) await serve(process.argv[serveAt + 1] as "server" | "endpoint", process.argv[serveAt + 2]);
else await main();
