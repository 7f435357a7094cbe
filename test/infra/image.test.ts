/**
 * images/Dockerfile and the image build inputs, checked without a Docker engine (none here): the
 * base is pinned, the build context is one server's bundle (images/bundle.ts) and nothing else, the
 * image installs only the bundle's pinned externals, and package.json "dependencies" holds only
 * what production code imports. The bundles themselves are built and started in
 * test/runtime/artifact.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE_ROOT, bundleServers, prunedLock, SNAPSHOT_BLOB } from "../../images/bundle.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { RUN_AS_USER } from "../../infra/specs/deployment.js";
import { DEFAULT_IMAGE_BUILD, imageSpec } from "../../infra/specs/image.js";
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

/**
 * the files a bundle directory holds (images/bundle.ts; sync-cli.js where the platform has syncs),
 * and "*.js": the bundle's scripts, whichever it has (bundle.ts empties the directory first, so
 * only what esbuild wrote there matches)
 */
const BUNDLE_FILES = ["main.js", "server.js", "preload.js", "inbox-writer-thread.js", "inbox-cli.js", "sync-cli.js", "package.json", "package-lock.json", "*.js"];

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

  it("has the build target the plan asks for, after a stage that installs the externals", () => {
    const target = shippedPlan().servers[0]!.image.buildTarget;
    expect([...byStage.keys()]).toEqual(["deps", target]);
  });

  it("installs only the bundle's lock file, production only, without install scripts", () => {
    const deps = byStage.get("deps")!;
    expect(deps.filter((i) => i.keyword === "COPY").map((i) => i.args)).toEqual(["package.json package-lock.json ./"]);
    expect(deps.filter((i) => i.keyword === "RUN").map((i) => i.args)).toEqual(["npm ci --omit=dev --ignore-scripts && mkdir -p node_modules"]);
  });

  it("ships the bundle and its externals only, runs main.js from the preload snapshot as a numeric non-root user", () => {
    const server = byStage.get("server")!;
    const copies = server.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copies).toEqual(["--from=deps /app/node_modules ./node_modules", "package.json *.js ./"]);
    // the snapshot is made in the image, by the image's node, after the code is in place and before the user drops root
    const keywords = server.map((i) => i.keyword);
    expect(server.filter((i) => i.keyword === "RUN").map((i) => i.args)).toEqual([`node --snapshot-blob ${SNAPSHOT_BLOB} --build-snapshot preload.js`]);
    expect(keywords.indexOf("RUN")).toBeGreaterThan(keywords.lastIndexOf("COPY"));
    expect(keywords.indexOf("RUN")).toBeLessThan(keywords.indexOf("USER"));
    expect(server.find((i) => i.keyword === "USER")?.args).toBe(`${RUN_AS_USER}:${RUN_AS_USER}`);
    expect(server.at(-1)).toEqual({ keyword: "CMD", args: `["node", "--snapshot-blob", "${SNAPSHOT_BLOB}", "main.js"]` });
    expect(server.some((i) => i.keyword === "HEALTHCHECK")).toBe(false);
    // the image is the same whichever platform it serves: no build args, MCP_PLATFORM comes from the plan
    expect(all.some((i) => i.keyword === "ARG" && !i.args.startsWith("NODE_IMAGE="))).toBe(false);
    // the heap bounds the image benchmark measured its RSS with, which plan.ts sizes pods for
    const env = Object.assign({}, ...server.filter((i) => i.keyword === "ENV").map((i) => parseAssignments(i.args))) as Record<string, string>;
    expect(env.NODE_OPTIONS).toBe("--max-old-space-size=96 --max-semi-space-size=8");
    expect(env.MALLOC_ARENA_MAX).toBe("2");
    expect(env.MCP_PLATFORM).toBeUndefined();
  });

  it("copies from the build context only files a bundle directory holds: no config, no sources", () => {
    const sources = all
      .filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) expect(BUNDLE_FILES, source).toContain(source);
    expect(dockerfile).not.toMatch(/COPY[^\n]*\b(config|services|dist)\b/);
  });
});

describe("the image build input", () => {
  it("is one server's bundle directory per image, with no build args", () => {
    const plan = shippedPlan();
    const servers = bundleServers();
    for (const server of plan.servers) {
      const spec = imageSpec(server, DEFAULT_IMAGE_BUILD, "prod");
      const build = spec.build as { context: string; dockerfile: string; args?: unknown; target: string };
      expect(build.context).toBe(`${BUNDLE_ROOT}/${server.platform}`);
      expect(build.dockerfile).toBe("images/Dockerfile");
      expect(build.target).toBe("server");
      expect(build.args).toBeUndefined();
      expect(servers, server.platform).toContain(server.image.bundle);
    }
    expect(new Set(plan.servers.map((s) => imageSpec(s, DEFAULT_IMAGE_BUILD, "prod").build)).size).toBe(plan.servers.length);
  });

  it("bundles every catalog platform that has a server, and nothing else", () => {
    const folders = readdirSync(path.join(REPO_ROOT, "services", "platforms"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect([...bundleServers()].sort()).toEqual(folders.filter((name) => readdirSync(path.join(REPO_ROOT, "services", "platforms", name)).includes("index.ts")).sort());
  });
});

describe("package.json dependencies", () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

  /** every bare import specifier's package in a directory's .ts files */
  function importedPackages(dir: string): Set<string> {
    const found = new Set<string>();
    const walk = (current: string) => {
      for (const entry of readdirSync(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) {
          const text = readFileSync(full, "utf8");
          // `import type` is erased by the compiler and the bundler: it needs no installed package
          const statics = [...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;"]*?\sfrom\s+)?"([^"]+)"/gm)].filter((m) => m[1] === undefined);
          const dynamics = [...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => [m[0], undefined, m[1]]);
          for (const match of [...statics, ...dynamics]) {
            const specifier = match[2]!;
            if (specifier.startsWith(".")) continue;
            if (specifier.startsWith("node:")) continue;
            const parts = specifier.split("/");
            found.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
          }
        }
      }
    };
    walk(dir);
    return found;
  }

  it("lists only packages production code (services/) imports", () => {
    const imported = importedPackages(path.join(REPO_ROOT, "services"));
    for (const name of Object.keys(pkg.dependencies)) expect(imported, `${name} is in "dependencies" but nothing in services/ imports it`).toContain(name);
  });

  it("holds none of the deployment, build or test tooling in its production tree", () => {
    // what `npm ci --omit=dev` installs from the lock file (not whatever a shared node_modules holds)
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Parameters<typeof prunedLock>[0];
    const { packages } = prunedLock(lock, "production", pkg.dependencies) as { packages: Record<string, unknown> };
    const tree = Object.keys(packages).map((key) => key.split("node_modules/").pop() ?? "");
    expect(tree).toContain("zod");
    for (const tool of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/docker", "kubernetes-models", "typescript", "vitest", "tsx", "playwright-core", "esbuild", "express"]) {
      expect(tree, tool).not.toContain(tool);
    }
  });
});
