/**
 * The image's artifact, built and started outside Docker. The stages of images/Dockerfile are
 * followed step by step in temporary directories (the build stage: npm ci, npm run build, npm prune
 * --omit=dev; the server stage: only what it copies from the build), then the server stage's CMD
 * starts with production dependencies only and must answer 200 on /healthz and exit 0 on SIGTERM.
 * Slow (a full npm ci from the local cache), hence one test.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PLATFORM_NAMES, requiredVariables, type PlatformName } from "../../services/fleet/catalog.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";
import { parseAssignments, parseDockerfile, substitute, type Stage } from "./dockerfile.js";

const DOCKERFILE = path.join(REPO_ROOT, "images", "Dockerfile");
const workRoot = mkdtempSync(path.join(os.tmpdir(), "artifact-"));

/** Runs one stage with WORKDIR mapped into `root`; returns the stage's environment and CMD. */
function runStage(stage: Stage, root: string, args: Record<string, string>, builtStages: Record<string, string>) {
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
        for (const source of paths) {
          const origin = from ? path.join(builtStages[from]!, source) : path.join(REPO_ROOT, source);
          const target = paths.length > 1 || destination.endsWith("/") ? path.join(destination, path.basename(source)) : destination;
          cpSync(origin, target, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git${path.sep}`) });
        }
        break;
      }
      case "RUN": {
        // the same commands; npm ci reuses the local cache instead of the network where it can
        const command = text.replace(/\bnpm ci\b/, "npm ci --prefer-offline --no-audit --no-fund");
        execFileSync("sh", ["-c", command], { cwd: workdir, env: { ...process.env, ...env, ...args }, stdio: "pipe" });
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

describe("the server artifact", () => {
  // removing the installed artifact (a production node_modules) can take a while on a busy machine
  afterAll(() => {
    rmSync(workRoot, { recursive: true, force: true });
  }, 300_000);

  it("builds as the Dockerfile says and starts with production dependencies only", { timeout: 600_000 }, async () => {
    expect(existsSync(DOCKERFILE)).toBe(true);
    const { globalArgs, stages } = parseDockerfile(readFileSync(DOCKERFILE, "utf8"));
    let platform: PlatformName | undefined;
    for (const name of PLATFORM_NAMES) if (!platform && (await loadPlatformDefinition(name))) platform = name;
    if (!platform) throw new Error("no platform definition exists yet");

    const args: Record<string, string> = { ...globalArgs, SERVER: platform };
    const built: Record<string, string> = {};
    let final: ReturnType<typeof runStage> | undefined;
    for (const stage of stages) {
      const root = path.join(workRoot, stage.name);
      mkdirSync(root, { recursive: true });
      final = runStage(stage, root, { ...args }, built);
      built[stage.name] = root;
    }
    const server = final!;
    expect(server.cmd[0]).toBe("node");
    // production dependencies only: what devDependencies bring is gone
    expect(existsSync(path.join(server.workdir, "node_modules", "vitest"))).toBe(false);
    expect(existsSync(path.join(server.workdir, "node_modules", "typescript"))).toBe(false);
    expect(existsSync(path.join(server.workdir, "node_modules", "tsx"))).toBe(false);

    const dataDir = path.join(workRoot, "data");
    const child = spawn(process.execPath, server.cmd.slice(1), {
      cwd: server.workdir,
      env: {
        PATH: process.env.PATH ?? "",
        ...server.env,
        MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9000 }),
        MCP_PORT: "0",
        MCP_AUTH_TOKEN: "artifact-test-token-0123456789",
        INBOX_DIR: path.join(dataDir, "inbox"),
        ...Object.fromEntries(requiredVariables(platform, false).map((name) => [name, `placeholder-${name}`])),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    try {
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString("utf8");
          const listening = /"port":(\d+),[^\n]*"msg":"MCP server listening"/.exec(stdout);
          if (listening) resolve(Number(listening[1]));
        });
        child.on("exit", (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
      });
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(guard);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
