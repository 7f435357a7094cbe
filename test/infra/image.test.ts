/**
 * images/Dockerfile and .dockerignore, checked without a Docker engine (none here): the base is
 * pinned, the stages do what the deployment relies on, the entrypoint is where the TypeScript
 * build puts services/runtime/main.ts, and the production dependency tree the runtime stage ships
 * holds none of the Pulumi/Kubernetes/test tooling.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { RUN_AS_USER } from "../../infra/specs/deployment.js";
import { DEFAULT_IMAGE_BUILD } from "../../infra/specs/image.js";
import { parseAssignments } from "../runtime/dockerfile.js";
import { shippedPlan } from "./fixtures.js";

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions with comments dropped and continuation lines joined. */
function instructions(text: string): Instruction[] {
  const logical = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return logical
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

function stages(list: Instruction[]): Map<string, Instruction[]> {
  const result = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const instruction of list) {
    if (instruction.keyword === "FROM") {
      const name = /\bAS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? `stage${result.size}`;
      current = [instruction];
      result.set(name, current);
    } else {
      current?.push(instruction);
    }
  }
  return result;
}

const dockerfile = readFileSync(path.join(REPO_ROOT, DEFAULT_IMAGE_BUILD.dockerfile), "utf8");
const all = instructions(dockerfile);
const byStage = stages(all);
const ignored = readFileSync(path.join(REPO_ROOT, ".dockerignore"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

describe("images/Dockerfile", () => {
  it("pins a Node LTS (>= 22) base by full version and digest", () => {
    const arg = all.find((i) => i.keyword === "ARG" && i.args.startsWith("NODE_IMAGE="));
    const match = /^NODE_IMAGE=node:(\d+)\.(\d+)\.(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/.exec(arg?.args ?? "");
    expect(match, arg?.args).not.toBeNull();
    const major = Number(match![1]);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(major % 2, "LTS lines are even-numbered").toBe(0);
    for (const [name, stage] of byStage) expect(stage[0]!.args, name).toMatch(/^\$\{NODE_IMAGE\} AS /);
  });

  it("has the build target the plan asks for, after a separate build stage", () => {
    const target = shippedPlan().servers[0]!.image.buildTarget;
    expect([...byStage.keys()]).toEqual(["build", target]);
  });

  it("installs from the lock file, compiles, and prunes dev dependencies in the build stage", () => {
    const runs = byStage.get("build")!.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs).toEqual(["npm ci", "npm run build", "npm prune --omit=dev"]);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe("tsc -p tsconfig.build.json");
  });

  it("ships only package.json, production node_modules, dist and config, runs as a numeric non-root user", () => {
    const server = byStage.get("server")!;
    const copies = server.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copies).toEqual([
      "--from=build /app/package.json ./package.json",
      "--from=build /app/node_modules ./node_modules",
      "--from=build /app/dist ./dist",
      "--from=build /app/config ./config",
    ]);
    expect(server.find((i) => i.keyword === "USER")?.args).toBe(`${RUN_AS_USER}:${RUN_AS_USER}`);
    expect(server.at(-1)).toEqual({ keyword: "CMD", args: '["node", "dist/services/runtime/main.js"]' });
    expect(server.some((i) => i.keyword === "ENV" && /MCP_PLATFORM=\$\{SERVER\}/.test(i.args))).toBe(true);
    expect(server.some((i) => i.keyword === "HEALTHCHECK")).toBe(false);
    // the heap bounds the runtime benchmark measured its 96/160 MiB with, which plan.ts sizes pods for
    const env = Object.assign({}, ...server.filter((i) => i.keyword === "ENV").map((i) => parseAssignments(i.args))) as Record<string, string>;
    expect(env.NODE_OPTIONS).toBe("--max-old-space-size=96 --max-semi-space-size=8");
  });

  it("points CMD at the compiled services/runtime/main.ts, per tsconfig.build.json's rootDir and outDir", () => {
    const base = JSON.parse(readFileSync(path.join(REPO_ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: { outDir: string; rootDir: string } };
    const build = JSON.parse(readFileSync(path.join(REPO_ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    expect(build.include).toContain("services");
    const compiled = path.posix.join(base.compilerOptions.outDir, path.posix.relative(base.compilerOptions.rootDir, "services/runtime/main.ts")).replace(/\.ts$/, ".js");
    expect(compiled).toBe("dist/services/runtime/main.js");
    expect(dockerfile).toContain(`"${compiled}"`);
  });

  it("copies into the build only what .dockerignore lets through", () => {
    const sources = byStage
      .get("build")!
      .filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "services", "config"]);
    for (const source of sources) expect(ignored, source).not.toContain(source);
    for (const excluded of ["**/node_modules", ".git", "test", "bench", "infra", "dist", ".env"]) expect(ignored).toContain(excluded);
  });
});

describe("the production dependency tree (what `npm prune --omit=dev` leaves)", () => {
  it("holds none of the deployment, build or test tooling", () => {
    // npm ls exits non-zero on unrelated tree problems (an extraneous package); the listing is still complete
    const listing = spawnSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: REPO_ROOT, encoding: "utf8" });
    const tree = listing.stdout
      .split("\n")
      .map((line) => line.split("node_modules/").pop() ?? "")
      .filter(Boolean);
    expect(tree).toContain("zod");
    for (const tool of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/docker", "kubernetes-models", "typescript", "vitest", "tsx", "playwright-core"]) {
      expect(tree, tool).not.toContain(tool);
    }
  });
});
