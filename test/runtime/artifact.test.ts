/**
 * The images' artifacts, built and started outside Docker (none here). Every server's bundle is
 * built once (images/bundle.ts, as the Pulumi program does); then, for three representative
 * servers (Slack: an HTTP platform receiving webhooks; Snowflake: a native-driver external;
 * memory), images/Dockerfile's stages are followed step by step with that bundle directory as the
 * build context and nothing else (the deps stage really runs `npm ci` against the bundle's pruned
 * lock file, offline from the npm cache), and the server stage's CMD must start with only what the
 * stages copied, answer 200 on /healthz, and exit 0 on SIGTERM.
 */
import { execFileSync, spawn } from "node:child_process";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createHash, createHmac } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPreloadSnapshot, bundleAll, bundleServers, EXTERNAL_PACKAGES, hasSyncs, SNAPSHOT_BLOB, type ServerBundle } from "../../images/bundle.js";
import { requiredVariables, type PlatformName } from "../../services/fleet/catalog.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { startPineconeFake } from "../fakes/pinecone-fake.js";
import { startSnowflakeFake } from "../fakes/snowflake-fake.js";
import { parseAssignments, parseDockerfile, substitute, type Stage } from "./dockerfile.js";

const DOCKERFILE = path.join(REPO_ROOT, "images", "Dockerfile");
const workRoot = mkdtempSync(path.join(os.tmpdir(), "artifact-"));
const bundles = new Map<string, ServerBundle>();
/** node_modules already installed from an identical lock (Snowflake's and memory's are the same packages) */
const installed = new Map<string, string>();

/** What a lock file installs (its packages, not its name): equal keys install equal node_modules. */
function installKey(lockFile: string): string {
  if (!existsSync(lockFile)) return "";
  const { packages } = JSON.parse(readFileSync(lockFile, "utf8")) as { packages: Record<string, unknown> };
  const { "": _root, ...installs } = packages;
  return createHash("sha256").update(JSON.stringify(installs)).digest("hex");
}

/** Runs one stage with WORKDIR mapped into `root` and COPY reading from `context`; returns its environment and CMD. */
function runStage(stage: Stage, root: string, context: string, args: Record<string, string>, builtStages: Record<string, string>) {
  const env: Record<string, string> = {};
  let workdir = root;
  let cmd: string[] = [];
  const local = (p: string) => (p.startsWith("/") ? path.join(root, p) : path.join(workdir, p));
  for (const { keyword, args: raw } of stage.instructions) {
    const text = substitute(raw, { ...args, ...env });
    switch (keyword) {
      case "ARG":
        for (const [name, value] of Object.entries(parseAssignments(text))) args[name] ??= value;
        break;
      case "ENV":
        Object.assign(env, parseAssignments(text));
        break;
      case "WORKDIR":
        workdir = local(text);
        mkdirSync(workdir, { recursive: true });
        break;
      case "COPY": {
        const parts = text.split(/\s+/);
        const from = parts.find((p) => p.startsWith("--from="))?.slice("--from=".length);
        const paths = parts.filter((p) => !p.startsWith("--"));
        const destination = local(paths.pop()!);
        // a source with a wildcard names the matching files of the context's top level, as Docker's
        // filepath.Match does for one path segment; matching nothing fails the build, as in Docker
        const expand = (source: string): string[] => {
          if (!source.includes("*") || from) return [source];
          const pattern = new RegExp(`^${source.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")}$`);
          const matches = readdirSync(context).filter((file) => pattern.test(file)).sort();
          if (matches.length === 0) throw new Error(`COPY ${source}: no file of the build context matches`);
          return matches;
        };
        const sources = paths.flatMap(expand);
        for (const source of sources) {
          const origin = from ? path.join(builtStages[from]!, source) : path.join(context, source);
          if (!existsSync(origin)) throw new Error(`COPY ${source}: not in the ${from ? `"${from}" stage` : "build context"}`);
          const target = sources.length > 1 || destination.endsWith("/") ? path.join(destination, path.basename(source)) : destination;
          cpSync(origin, target, { recursive: true });
        }
        break;
      }
      case "RUN": {
        const key = installKey(path.join(workdir, "package-lock.json"));
        const reuse = /\bnpm ci\b/.test(text) ? installed.get(key) : undefined;
        if (reuse !== undefined) {
          cpSync(reuse, path.join(workdir, "node_modules"), { recursive: true });
          break;
        }
        // the same command, offline: the packages come from the npm cache this checkout was installed from
        const command = text.replace(/\bnpm ci\b/, "npm ci --offline");
        execFileSync("sh", ["-c", command], { cwd: workdir, env: { ...process.env, ...env, ...args }, stdio: "pipe" });
        if (/\bnpm ci\b/.test(text)) installed.set(key, path.join(workdir, "node_modules"));
        break;
      }
      case "CMD":
        cmd = JSON.parse(text) as string[];
        break;
      default:
        break; // USER, LABEL, EXPOSE: nothing to do outside a container
    }
  }
  return { env, cmd, workdir };
}

/** Follows every stage of images/Dockerfile for one server's bundle; the server stage's result. */
function buildImage(server: string) {
  const bundle = bundles.get(server)!;
  const { globalArgs, stages } = parseDockerfile(readFileSync(DOCKERFILE, "utf8"));
  const built: Record<string, string> = {};
  let final: ReturnType<typeof runStage> | undefined;
  for (const stage of stages) {
    const root = path.join(workRoot, "images", server, stage.name);
    mkdirSync(root, { recursive: true });
    final = runStage(stage, root, bundle.dir, { ...globalArgs }, built);
    built[stage.name] = root;
  }
  return final!;
}

interface Started {
  readonly port: number;
  readonly stop: () => Promise<number | null>;
}

/** Starts the image's CMD with only the image's files and the environment a pod gets. */
async function start(server: string, image: ReturnType<typeof buildImage>, settings: Record<string, unknown>, extraEnv: Record<string, string> = {}): Promise<Started> {
  const dataDir = path.join(workRoot, "data", server);
  const child = spawn(process.execPath, image.cmd.slice(1), {
    cwd: image.workdir,
    env: {
      PATH: process.env.PATH ?? "",
      ...image.env,
      MCP_PLATFORM: server,
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000, ...settings }),
      MCP_PORT: "0",
      MCP_HOST: "127.0.0.1",
      MCP_AUTH_TOKEN: "artifact-test-token-0123456789",
      INBOX_DIR: path.join(dataDir, "inbox"),
      ...Object.fromEntries(requiredVariables(server as PlatformName, "webhook_path" in settings).map((name) => [name, `placeholder-${name}`])),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const listening = /"port":(\d+),[^\n]*"msg":"MCP server listening"/.exec(stdout);
      if (listening) resolve(Number(listening[1]));
    });
    child.on("exit", (code) => reject(new Error(`${server} exited with ${code} before listening: ${stderr}`)));
  });
  return {
    port,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      clearTimeout(guard);
      return code;
    },
  };
}

describe("the server images' artifacts", () => {
  beforeAll(async () => {
    for (const bundle of await bundleAll(bundleServers(), { outRoot: path.join(workRoot, "bundles") })) bundles.set(bundle.server, bundle);
  }, 300_000);

  afterAll(() => {
    rmSync(workRoot, { recursive: true, force: true });
  }, 300_000);

  it("bundles every server into its own directory: code, package.json and lock, nothing else", () => {
    expect([...bundles.keys()].sort()).toEqual([...bundleServers()].sort());
    for (const bundle of bundles.values()) {
      // sync-cli.js (one sync now, inside the sync runner's pod) where the platform implements syncs
      const scripts = [
        "inbox-cli.js", "inbox-writer-thread.js", "main.js", "preload.js", "server.js",
        ...(hasSyncs(bundle.server) ? ["sync-cli.js"] : []),
        // the lazy packages' own files (LAZY_PACKAGES): Pinecone's, for the memory server's production store
        ...(bundle.server === "memory" ? ["pinecone.js"] : []),
      ];
      expect(readdirSync(bundle.dir).sort(), bundle.server).toEqual([...scripts, "package-lock.json", "package.json"].sort());
      const manifest = JSON.parse(readFileSync(path.join(bundle.dir, "package.json"), "utf8")) as { dependencies: Record<string, string>; type: string };
      expect(manifest.type).toBe("commonjs");
      expect(manifest.dependencies).toEqual(bundle.externals);
      for (const [name, version] of Object.entries(manifest.dependencies)) {
        expect(Object.keys(EXTERNAL_PACKAGES), `${bundle.server}: ${name}`).toContain(name);
        expect(version, `${bundle.server}: ${name} is pinned`).toMatch(/^\d+\.\d+\.\d+/);
      }
      // the code of no other platform: each platform's folder appears in its own bundle only
      const code = readFileSync(path.join(bundle.dir, "server.js"), "utf8");
      for (const other of bundleServers().filter((name) => name !== bundle.server)) {
        expect(code.includes(`services/platforms/${other}/index.ts`), `${bundle.server} bundles ${other}'s definition`).toBe(false);
      }
    }
    // zod and the SDK once, in preload.js, the same file in every image (one layer, whatever the platform)
    const preloads = new Set([...bundles.values()].map((bundle) => readFileSync(path.join(bundle.dir, "preload.js"), "utf8")));
    expect(preloads.size).toBe(1);
    // with zod's English messages only (the other locales are left out of it): still English
    const message = execFileSync(process.execPath, ["-e", 'require("./preload.js"); console.log(globalThis.__mcpFleetPreload.zod.z.string().safeParse(1).error.issues[0].message)'], {
      cwd: bundles.get("slack")!.dir,
      encoding: "utf8",
    });
    expect(message.trim()).toBe("Invalid input: expected string, received number");
    // the Snowflake driver (and its cloud storage clients) only where it is imported
    expect(bundles.get("snowflake")!.externals).toHaveProperty("snowflake-sdk");
    expect(bundles.get("memory")!.externals).toHaveProperty("snowflake-sdk");
    expect(bundles.get("slack")!.externals).toEqual({});
    expect(bundles.get("hubspot")!.externals).toEqual({});
  });

  it("Slack: starts with only its bundle, verifies a webhook and keeps it in the inbox (writer thread)", { timeout: 300_000 }, async () => {
    const image = buildImage("slack");
    expect(readdirSync(path.join(image.workdir, "node_modules"))).toEqual([]);
    // COPY *.js: the bundle's scripts, the sync command among them (Slack implements syncs)
    expect(readdirSync(image.workdir).filter((file) => file.endsWith(".js")).sort()).toEqual(["inbox-cli.js", "inbox-writer-thread.js", "main.js", "preload.js", "server.js", "sync-cli.js"]);
    // the server stage made the startup snapshot, and the CMD starts from it
    expect(existsSync(path.join(image.workdir, SNAPSHOT_BLOB))).toBe(true);
    expect(image.cmd).toEqual(["node", "--snapshot-blob", SNAPSHOT_BLOB, "main.js"]);
    // and Node has no warning about what it holds (a module it has not verified in snapshots)
    expect(() => buildPreloadSnapshot(image.workdir)).not.toThrow();
    const secret = "artifact-signing-secret";
    const server = await start("slack", image, { webhook_path: "/webhook/slack" }, { SLACK_SIGNING_SECRET: secret });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      // MCP from the snapshot's SDK and zod, through the SDK's client: handshake, then the tools and their JSON schemas
      const client = new Client({ name: "artifact-test", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${server.port}/mcp`), { requestInit: { headers: { authorization: "Bearer artifact-test-token-0123456789" } } }),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.length).toBeGreaterThan(3);
        for (const tool of tools) expect(tool.inputSchema.type, tool.name).toBe("object");
      } finally {
        await client.close();
      }
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "T0001",
        api_app_id: "A0001",
        event_id: "Ev0ARTIFACT",
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "message", channel: "C0GENERAL", channel_type: "channel", user: "U0JANE", text: "from the bundle", ts: "1712000450.000200" },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
      const unsigned = await fetch(`http://127.0.0.1:${server.port}/webhook/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(unsigned.status).toBe(401);
      const signed = await fetch(`http://127.0.0.1:${server.port}/webhook/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature },
        body,
      });
      expect(signed.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // no memory server configured: the acknowledged event waits in the inbox the writer thread wrote
    const db = new DatabaseSync(path.join(workRoot, "data", "slack", "slack-inbox.sqlite"), { readOnly: true });
    try {
      expect((db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
    // every process started from the snapshot draws its own randomness (V8 reseeds on deserializing)
    const draws = [0, 1].map(() =>
      execFileSync(process.execPath, ["--snapshot-blob", SNAPSHOT_BLOB, "-e", 'console.log(Math.random(), require("node:crypto").randomUUID())'], { cwd: image.workdir, encoding: "utf8" }),
    );
    expect(draws[0]).not.toBe(draws[1]);
    // and the image's inbox command (kubectl exec ... node inbox-cli.js) reads it
    const status = execFileSync(process.execPath, ["inbox-cli.js", "status"], {
      cwd: image.workdir,
      env: { PATH: process.env.PATH ?? "", MCP_PLATFORM: "slack", INBOX_DIR: path.join(workRoot, "data", "slack", "inbox") },
      encoding: "utf8",
    });
    expect(status).toMatch(/^slack inbox: 1 pending \(\d retrying\), 0 dead/);
  });

  it("Snowflake and memory: start with only their bundle and the pinned externals npm ci installs from its lock", { timeout: 600_000 }, async () => {
    for (const name of ["snowflake", "memory"]) {
      const image = buildImage(name);
      expect(readdirSync(path.join(image.workdir, "node_modules"))).toContain("snowflake-sdk");
      // production dependencies only, and only the bundle's: nothing of the repository's other packages
      for (const absent of ["zod", "pino", "@modelcontextprotocol", "vitest", "typescript", "@pinecone-database"]) {
        expect(existsSync(path.join(image.workdir, "node_modules", absent)), `${name}: ${absent}`).toBe(false);
      }
      const server = await start(name, image, {}, name === "memory" ? { MEMORY_INGEST_TOKEN: "artifact-ingest-token-0123456789" } : {});
      try {
        expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, name).toBe(200);
      } finally {
        expect(await server.stop(), name).toBe(0);
      }
    }
  });

  it("memory on the production store: loads pinecone.js, its own file, on first use, and is ready against Snowflake and Pinecone", { timeout: 300_000 }, async () => {
    const image = buildImage("memory");
    expect(readdirSync(image.workdir)).toContain("pinecone.js");
    // no other image has it: only the memory server's code imports the Pinecone SDK
    for (const bundle of bundles.values()) expect(existsSync(path.join(bundle.dir, "pinecone.js")), bundle.server).toBe(bundle.server === "memory");
    const snowflake = await startSnowflakeFake({ account: "acme-memory", username: "MEMORY_SVC", password: "sf-password-123" });
    const pinecone = await startPineconeFake({ apiKey: "pc-key-abc", indexName: "memories", embedModel: "multilingual-e5-large" });
    const server = await start("memory", image, {}, {
      MEMORY_INGEST_TOKEN: "artifact-ingest-token-0123456789",
      MEMORY_BACKEND: "production",
      SNOWFLAKE_ACCOUNT: "acme-memory",
      SNOWFLAKE_USER: "MEMORY_SVC",
      SNOWFLAKE_PASSWORD: "sf-password-123",
      SNOWFLAKE_ACCESS_URL: snowflake.url,
      PINECONE_API_KEY: "pc-key-abc",
      PINECONE_INDEX: "memories",
      PINECONE_CONTROLLER_HOST: pinecone.controllerUrl,
      PINECONE_INDEX_HOST: pinecone.indexUrl,
    });
    try {
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      expect(snowflake.logins.length).toBeGreaterThan(0);
      expect(pinecone.unexpected).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
      await snowflake.close();
      await pinecone.close();
    }
  });

  it("refuses to serve another platform than the one bundled, naming both", { timeout: 60_000 }, () => {
    const bundle = bundles.get("slack")!;
    const result = (() => {
      try {
        execFileSync(process.execPath, ["main.js"], {
          cwd: bundle.dir,
          env: { PATH: process.env.PATH ?? "", MCP_PLATFORM: "hubspot", MCP_INTEGRATION: "{}", INBOX_DIR: path.join(workRoot, "data", "refuse", "inbox") },
          stdio: "pipe",
        });
        return { status: 0, stderr: "" };
      } catch (error) {
        const failed = error as { status: number; stderr: Buffer };
        return { status: failed.status, stderr: failed.stderr.toString("utf8") };
      }
    })();
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('MCP_PLATFORM is "hubspot" but this server is built for "slack" only');
  });
});
