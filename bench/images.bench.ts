/**
 * Images (issue 14): per-server image content, start-up and memory, before and after per-server
 * bundles, in one run.
 *
 * - before: the previous images/Dockerfile layout, every image alike: `tsc -p tsconfig.build.json`
 *   output (dist/), config/, package.json and the whole production node_modules (the closure of
 *   package.json "dependencies", as the lock file installs it);
 * - after: the server's bundle (images/bundle.ts) and the closure of its external packages.
 *
 * Content size is the bytes of the files the Dockerfile copies into the image on top of the base
 * image, measured on the files themselves: there is no Docker engine here, so no image was built
 * (a layer adds tar headers and compression, which this does not model). Package sizes are those of
 * this checkout's install (node_modules), per lock file entry.
 *
 * Start-up and memory run the image's command with the image's NODE_OPTIONS heap bounds, for
 * Slack configured to receive webhooks (so its inbox and writer thread are running), in three
 * layouts: before; after as the image runs it (`node --snapshot-blob preload.blob main.js`, the
 * blob made here by this node as the image's build makes it with the image's); and after without
 * the snapshot (`node main.js`, what the snapshot is worth):
 * - cold start: spawn to the first 200 on /healthz with an empty compile cache (a new pod's empty
 *   volume), median of 5 processes, each on an empty data directory; the OS file cache is warm, as
 *   on a node that has just pulled the image;
 * - first answer: spawn to the answer of the first MCP tools/list, sent as soon as /healthz said
 *   200 (the SDK's node:http adapter loads with the first MCP request: this includes it), same runs;
 * - warm start: median of 4 restarts on one data directory (compile cache filled);
 * - idle RSS: 1 s after the last start, before any request (VmRSS, all threads), and 1 s after it
 *   answered its first tools/list (the SDK's node:http adapter and Node's fetch implementation loaded);
 * - loaded RSS: the highest RSS seen during and 1 s after a load of 3,000 MCP `tools/list` calls and
 *   3,000 signed Slack webhooks (each verified, deduplicated and written to the inbox by the writer
 *   thread), 8 concurrent keep-alive connections each. This is the runtime and webhook benchmarks'
 *   shape (bench/runtime.bench.ts, bench/webhooks.bench.ts) run against the real bundled server.
 * Snowflake and memory (snowflake-sdk external) are measured for start-up and idle RSS too.
 * Goals: cold start <= 300 ms, idle <= 96 MiB, loaded <= 160 MiB.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildPreloadSnapshot, bundleAll, bundleServers, prunedLock, REPO_ROOT, SNAPSHOT_BLOB, type ServerBundle } from "../images/bundle.js";
import { requiredVariables, type PlatformName } from "../services/fleet/catalog.js";
import { median } from "./stats.js";

const MIB = 1024 * 1024;
const HEAP_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=8"];
/** the rest of the image's environment that shapes memory (images/Dockerfile), for every layout alike */
const IMAGE_ENV = { MALLOC_ARENA_MAX: "2" };
const TOKEN = "bench-agent-token-0123456789abcdef";
const SIGNING_SECRET = "bench-signing-secret";
const CALLS = 3_000;
const CONCURRENCY = 8;
const COLD_STARTS = 5;
const WARM_STARTS = 4;
const work = mkdtempSync(path.join(tmpdir(), "images-bench-"));

// ------------------------------------------------------------------------------------------
// content size

/** bytes of the files under `dir`, not descending into a nested node_modules (another lock entry) */
function bytesOf(dir: string, top = true): number {
  if (!existsSync(dir)) return 0;
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name === "node_modules" && !top) continue;
    total += entry.isDirectory() ? bytesOf(path.join(dir, entry.name), false) : lstatSync(path.join(dir, entry.name)).size;
  }
  return total;
}

type Lock = Parameters<typeof prunedLock>[0];
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lock;

/** bytes `npm ci` installs for these dependencies: their closure's entries in this checkout's node_modules */
function closureBytes(dependencies: Record<string, string>): number {
  const { packages } = prunedLock(lock, "measure", dependencies) as { packages: Record<string, unknown> };
  return Object.keys(packages)
    .filter((key) => key !== "")
    .reduce((sum, key) => sum + bytesOf(path.join(REPO_ROOT, key), false), 0);
}

function beforeContentBytes(): { total: number; nodeModules: number; dist: number } {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const nodeModules = closureBytes(pkg.dependencies);
  const dist = bytesOf(path.join(work, "dist"));
  return { total: nodeModules + dist + bytesOf(path.join(REPO_ROOT, "config")) + bytesOf(path.join(REPO_ROOT, "package.json")), nodeModules, dist };
}

function afterContentBytes(bundle: ServerBundle): { total: number; nodeModules: number; code: number } {
  // what the Dockerfile copies from the bundle (package.json and every script: sync-cli.js where the
  // platform has syncs) and the startup snapshot its build makes from preload.js (built by main())
  const files = readdirSync(bundle.dir).filter((file) => file === "package.json" || file.endsWith(".js") || file === SNAPSHOT_BLOB);
  const code = files.reduce((sum, file) => sum + bytesOf(path.join(bundle.dir, file)), 0);
  const nodeModules = closureBytes(bundle.externals);
  return { total: code + nodeModules, nodeModules, code };
}

/** The bundle directory with its externals installed beside it, as the image has them. */
function installExternals(bundle: ServerBundle): string {
  const { packages } = prunedLock(lock, "install", bundle.externals) as { packages: Record<string, unknown> };
  for (const key of Object.keys(packages).filter((k) => k !== "")) {
    const target = path.join(bundle.dir, key);
    mkdirSync(target, { recursive: true });
    for (const entry of readdirSync(path.join(REPO_ROOT, key))) {
      if (entry !== "node_modules") cpSync(path.join(REPO_ROOT, key, entry), path.join(target, entry), { recursive: true });
    }
  }
  return bundle.dir;
}

// ------------------------------------------------------------------------------------------
// start-up and memory

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Layout {
  readonly label: string;
  /** node arguments after the heap flags */
  readonly args: readonly string[];
  readonly cwd: string;
}

interface Running {
  readonly pid: number;
  readonly port: number;
  /** spawn to the first 200 on /healthz */
  readonly startMs: number;
  /** spawn to the answer of the first MCP tools/list, sent right after */
  readonly firstAnswerMs: number;
  readonly stop: () => Promise<void>;
}

/** One MCP tools/list; throws unless it is answered 200. */
async function toolsList(port: number, id: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/list" }),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`tools/list answered ${response.status}`);
}

async function startServer(platform: string, layout: Layout, dataDir: string, options: { readonly firstRequest: boolean } = { firstRequest: true }): Promise<Running> {
  const port = await freePort();
  const webhooks = platform === "slack";
  const t0 = performance.now();
  const child = spawn(process.execPath, [...HEAP_FLAGS, ...layout.args], {
    cwd: layout.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      ...IMAGE_ENV,
      MCP_PLATFORM: platform,
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000, ...(webhooks ? { webhook_path: "/webhook/slack", rate_limits: { webhook_events_per_minute: 1_000_000 } } : {}) }),
      MCP_PORT: String(port),
      MCP_HOST: "127.0.0.1",
      MCP_AUTH_TOKEN: TOKEN,
      LOG_LEVEL: "warn",
      INBOX_DIR: path.join(dataDir, "inbox"),
      ...Object.fromEntries(requiredVariables(platform as PlatformName, webhooks).map((name) => [name, `placeholder-${name}`])),
      ...(webhooks ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : {}),
      ...(platform === "memory" ? { MEMORY_INGEST_TOKEN: "bench-ingest-token-0123456789" } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (child.exitCode !== null || performance.now() - t0 > 30_000) throw new Error(`${platform} (${layout.label}) did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const startMs = performance.now() - t0;
  if (options.firstRequest) await toolsList(port, 1);
  const firstAnswerMs = options.firstRequest ? performance.now() - t0 : Number.NaN;
  return {
    pid: child.pid!,
    port,
    startMs,
    firstAnswerMs,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

interface StartFigures {
  /** medians over COLD_STARTS new processes, each on an empty data directory */
  readonly coldMs: number;
  readonly firstAnswerMs: number;
  /** median over WARM_STARTS restarts on one data directory */
  readonly warmMs: number;
  /** 1 s after the last start, before any request */
  readonly idleMiB: number;
  /** 1 s after that server answered its first tools/list (the SDK's adapter and Node's fetch loaded) */
  readonly idleAnsweredMiB: number;
  readonly loadedMiB?: number;
}

async function load(port: number, pid: number): Promise<number> {
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  let id = 0;
  const mcp = async () => {
    id += 1;
    await toolsList(port, id);
  };
  const webhook = async () => {
    id += 1;
    const body = JSON.stringify({
      type: "event_callback",
      team_id: "T0001",
      api_app_id: "A0001",
      event_id: `Ev${String(id).padStart(8, "0")}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "message", channel: "C0GENERAL", channel_type: "channel", user: "U0JANE", text: `message ${id} about the renewal`, ts: `${1712000450 + id}.000200` },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const response = await fetch(`http://127.0.0.1:${port}/webhook/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature },
      body,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  };
  for (const call of [mcp, webhook]) {
    let issued = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (issued < CALLS) {
          issued += 1;
          await call();
        }
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  clearInterval(sample);
  return Math.max(peak, rssMiB(pid));
}

async function measure(platform: string, layout: Layout, withLoad: boolean): Promise<StartFigures> {
  const cold: Running[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    const server = await startServer(platform, layout, mkdtempSync(path.join(work, `cold-${platform}-`)));
    cold.push(server);
    await server.stop();
  }
  const dataDir = mkdtempSync(path.join(work, `warm-${platform}-`));
  await (await startServer(platform, layout, dataDir)).stop();
  const warm: number[] = [];
  let idleMiB = Number.NaN;
  let idleAnsweredMiB = Number.NaN;
  let loadedMiB: number | undefined;
  for (let i = 0; i < WARM_STARTS; i += 1) {
    const last = i === WARM_STARTS - 1;
    const server = await startServer(platform, layout, dataDir, { firstRequest: !last });
    warm.push(server.startMs);
    try {
      if (last) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        idleMiB = rssMiB(server.pid);
        await toolsList(server.port, 1);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        idleAnsweredMiB = rssMiB(server.pid);
        if (withLoad) loadedMiB = await load(server.port, server.pid);
      }
    } finally {
      await server.stop();
    }
  }
  return {
    coldMs: median(cold.map((run) => run.startMs)),
    firstAnswerMs: median(cold.map((run) => run.firstAnswerMs)),
    warmMs: median(warm),
    idleMiB,
    idleAnsweredMiB,
    ...(loadedMiB === undefined ? {} : { loadedMiB }),
  };
}

// ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", path.join(work, "dist")], { cwd: REPO_ROOT, stdio: "inherit" });
  // the compiled tree resolves packages from the repository's node_modules, as the old image did from its own
  const compiled = path.join(REPO_ROOT, ".artifacts", "images-bench-dist");
  rmSync(compiled, { recursive: true, force: true });
  mkdirSync(path.dirname(compiled), { recursive: true });
  cpSync(path.join(work, "dist"), compiled, { recursive: true });
  const bundles = await bundleAll(bundleServers(), { outRoot: path.join(work, "servers") });
  // each image's startup snapshot, made by this node as the image's build makes it with the image's (images/Dockerfile)
  for (const bundle of bundles) buildPreloadSnapshot(bundle.dir);
  try {
    const before = beforeContentBytes();
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(`\nImage content on top of the base image (bytes of the files the Dockerfile copies; no image built: no Docker engine here)\n`);
    console.log("| server | before: MB (node_modules + dist + config) | after: MB (externals + bundle and its snapshot) | after / before |");
    console.log("|---|---:|---:|---:|");
    let beforeSum = 0;
    let afterSum = 0;
    for (const bundle of bundles) {
      const after = afterContentBytes(bundle);
      beforeSum += before.total;
      afterSum += after.total;
      console.log(
        `| ${bundle.server} | ${mb(before.total)} (${mb(before.nodeModules)} + ${mb(before.dist)} + config) | ${mb(after.total)} (${mb(after.nodeModules)} + ${mb(after.code)}) | ${(after.total / before.total).toFixed(3)} |`,
      );
    }
    console.log(`| all ${bundles.length} images | ${mb(beforeSum)} | ${mb(afterSum)} | ${(afterSum / beforeSum).toFixed(3)} |`);

    const rows: string[] = [];
    const mark = (ok: boolean) => (ok ? "yes" : "NO");
    const cell = (figures: readonly StartFigures[], pick: (f: StartFigures) => number | undefined, digits = 0) => figures.map((f) => pick(f)?.toFixed(digits) ?? "").join(" | ");
    for (const platform of ["slack", "snowflake", "memory"]) {
      const bundle = bundles.find((b) => b.server === platform)!;
      const dir = installExternals(bundle);
      const layouts: Layout[] = [
        { label: "before", args: [path.join(compiled, "services", "runtime", "main.js")], cwd: REPO_ROOT },
        { label: "after", args: ["--snapshot-blob", SNAPSHOT_BLOB, "main.js"], cwd: dir },
        { label: "after, no snapshot", args: ["main.js"], cwd: dir },
      ];
      const withLoad = platform === "slack";
      const figures: StartFigures[] = [];
      for (const layout of layouts) figures.push(await measure(platform, layout, withLoad && layout.label !== "after, no snapshot"));
      const now = figures[1]!;
      rows.push(`| ${platform} | cold start to /healthz 200, empty compile cache, median of ${COLD_STARTS} (ms) | ${cell(figures, (f) => f.coldMs)} | <= 300 | ${mark(now.coldMs <= 300)} |`);
      rows.push(`| ${platform} | cold start to the first tools/list answered, median of ${COLD_STARTS} (ms) | ${cell(figures, (f) => f.firstAnswerMs)} | | |`);
      rows.push(`| ${platform} | warm start, median of ${WARM_STARTS} restarts (ms) | ${cell(figures, (f) => f.warmMs)} | | |`);
      rows.push(`| ${platform} | idle RSS${withLoad ? ", inbox writer thread running" : ""}, before any request (MiB) | ${cell(figures, (f) => f.idleMiB, 1)} | <= 96 | ${mark(now.idleMiB <= 96)} |`);
      rows.push(`| ${platform} | idle RSS, 1 s after answering its first tools/list (MiB) | ${cell(figures, (f) => f.idleAnsweredMiB, 1)} | <= 96 | ${mark(now.idleAnsweredMiB <= 96)} |`);
      if (withLoad) {
        rows.push(`| ${platform} | RSS after ${CALLS} tools/list + ${CALLS} signed webhooks (MiB) | ${cell(figures, (f) => f.loadedMiB, 1)} | <= 160 | ${mark(now.loadedMiB! <= 160)} |`);
      }
    }
    console.log(`\nStart-up and memory, heap bounded as the image sets it (${HEAP_FLAGS.join(" ")}, MALLOC_ARENA_MAX=${IMAGE_ENV.MALLOC_ARENA_MAX}), load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}\n`);
    console.log("| server | figure | before (tsc + whole node_modules) | after: bundle + snapshot (the image) | after, without the snapshot | goal | met |");
    console.log("|---|---|---:|---:|---:|---:|---|");
    for (const row of rows) console.log(row);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(compiled, { recursive: true, force: true });
  }
}

await main();
