/**
 * One bundle per server: `npm run bundle [-- <server>...]` writes dist/servers/<server>/, which is
 * that server's whole image build context (images/Dockerfile):
 *
 *   main.js                 the entrypoint (services/runtime/main.ts: compile cache, then server.js)
 *   server.js               the runtime and this one platform's definition, bundled by esbuild
 *   inbox-writer-thread.js  the inbox's writer thread (a worker: its own file)
 *   inbox-cli.js            `npm run inbox` inside a pod: `kubectl exec ... -- node inbox-cli.js list`
 *   sync-cli.js             only where the platform implements syncs: one sync now, inside the sync
 *                           runner's pod: `kubectl exec deploy/mcp-<platform>-sync -- node sync-cli.js <object>`
 *   package.json            "dependencies": exactly the external packages server.js imports, pinned
 *   package-lock.json       those packages' closure, cut from the repository's lock file
 *
 * Nothing else: no config/ (settings reach pods as environment, MCP_INTEGRATION), no other
 * platform's code, no package the server does not import. So a change to one platform's code
 * changes only that server's bundle, and a change to settings changes none.
 *
 * The servers are every platform of the catalog with a definition (services/platforms/<name>/
 * index.ts): the same list the deployment plan draws from.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { CATALOG, PLATFORM_NAMES } from "../services/fleet/catalog.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** where `npm run bundle` and the Pulumi program put the bundles, relative to the repository root */
export const BUNDLE_ROOT = "dist/servers";

/**
 * Packages left out of the bundle and installed beside it from the lock file, with why. Only those
 * a server's code really imports reach its package.json (snowflake-sdk: the Snowflake server and
 * the memory server, whose production store writes rows to Snowflake; no other image).
 */
export const EXTERNAL_PACKAGES: Readonly<Record<string, string>> = {
  "snowflake-sdk":
    "loads its cloud storage clients (AWS, Azure, Google), its OCSP cache and its own package.json at run time by computed paths",
};

export interface ServerBundle {
  readonly server: string;
  /** absolute path of the bundle directory: the image's build context */
  readonly dir: string;
  /** the external packages it imports, at the versions the lock file pins */
  readonly externals: Readonly<Record<string, string>>;
  /** sha256 over every file of the bundle (relative path and bytes): the image's build input */
  readonly inputHash: string;
}

/** Every server an image is built for: each catalog platform whose definition exists. */
export function bundleServers(root: string = REPO_ROOT): string[] {
  return PLATFORM_NAMES.filter((name) => existsSync(path.join(root, "services", "platforms", name, "index.ts")));
}

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly [key: string]: unknown;
}

interface Lockfile {
  readonly name: string;
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

function readLock(root: string): Lockfile {
  return JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
}

/** Where node resolves `name` from the package installed at `from` ("" is the root). */
function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (base === "") return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/**
 * The lock file entries `npm ci` installs for `externals`: their closure, at the same paths (so the
 * same versions and layout as the repository's install), each marked optional only when every path
 * to it is through optional dependencies.
 */
export function prunedLock(lock: Lockfile, name: string, externals: Readonly<Record<string, string>>): Record<string, unknown> {
  const required = new Map<string, boolean>();
  const queue: { key: string; optional: boolean }[] = [];
  const visit = (from: string, dependency: string, optional: boolean) => {
    const key = resolveInLock(lock, from, dependency);
    if (key === undefined) {
      if (optional) return;
      throw new Error(`package-lock.json has no "${dependency}" for ${from || "the root"}: run npm install`);
    }
    const seen = required.get(key);
    if (seen === true || (seen === false && optional)) return;
    required.set(key, !optional);
    queue.push({ key, optional });
  };
  for (const dependency of Object.keys(externals)) visit("", dependency, false);
  while (queue.length > 0) {
    const { key, optional } = queue.shift()!;
    const entry = lock.packages[key]!;
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(key, dependency, optional);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(key, dependency, true);
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      visit(key, dependency, optional || entry.peerDependenciesMeta?.[dependency]?.optional === true);
    }
  }
  const packages: Record<string, unknown> = { "": { name, dependencies: { ...externals } } };
  for (const key of [...required.keys()].sort()) {
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = lock.packages[key]!;
    packages[key] = required.get(key) ? entry : { ...entry, optional: true };
  }
  return { name, lockfileVersion: lock.lockfileVersion, requires: true, packages };
}

/** The package a bare import specifier names: `@scope/pkg/sub` → `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** The generated server.js entry: the shared server command with this one definition. */
function serverEntry(server: string): string {
  return [
    `import { runServerCommand } from "./services/runtime/command.ts";`,
    `import { definition } from "./services/platforms/${server}/index.ts";`,
    `export function runCli() {`,
    `  return runServerCommand({ platforms: [${JSON.stringify(server)}], loadDefinition: async () => definition });`,
    `}`,
  ].join("\n");
}

/** The generated sync-cli.js entry: the shared sync command with this one definition (services/sync/command.ts). */
function syncEntry(server: string): string {
  return [
    `import { runSyncCommand } from "./services/sync/command.ts";`,
    `import { definition } from "./services/platforms/${server}/index.ts";`,
    `const usage = ${JSON.stringify(`usage: node sync-cli.js <object> [--from-start]   (objects: ${CATALOG[server as keyof typeof CATALOG]?.syncObjects.join(", ")})`)};`,
    `await runSyncCommand({ platforms: [${JSON.stringify(server)}], loadDefinition: async () => definition, usage });`,
  ].join("\n");
}

/** Whether a server's image gets sync-cli.js: its platform implements syncs (facts `syncObjects`, checked against its definition by a test). */
export function hasSyncs(server: string): boolean {
  return (CATALOG[server as keyof typeof CATALOG]?.syncObjects.length ?? 0) > 0;
}

/** main.ts's `import("./cli.js")` (the source tree's command) is server.js in a bundle. */
const entrySwitch: esbuild.Plugin = {
  name: "server-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\/cli\.js$/ }, (args) =>
      args.importer.endsWith(path.join("services", "runtime", "main.ts")) ? { path: "./server.js", external: true } : undefined,
    );
    build.onResolve({ filter: /^(server|sync)-entry:/ }, (args) => {
      const [kind, server] = args.path.split(":") as [string, string];
      return { path: server, namespace: kind };
    });
    build.onLoad({ filter: /.*/, namespace: "server-entry" }, (args) => ({ contents: serverEntry(args.path), loader: "ts", resolveDir: build.initialOptions.absWorkingDir! }));
    build.onLoad({ filter: /.*/, namespace: "sync-entry" }, (args) => ({ contents: syncEntry(args.path), loader: "ts", resolveDir: build.initialOptions.absWorkingDir! }));
  },
};

/** Bundles one server into `<outRoot>/<server>/`, replacing what was there. */
export async function bundleServer(server: string, options: { readonly root?: string; readonly outRoot?: string } = {}): Promise<ServerBundle> {
  const root = options.root ?? REPO_ROOT;
  const dir = path.resolve(root, options.outRoot ?? BUNDLE_ROOT, server);
  if (!existsSync(path.join(root, "services", "platforms", server, "index.ts"))) {
    throw new Error(`no server "${server}": services/platforms/${server}/index.ts does not exist (servers: ${bundleServers(root).join(", ")})`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: "services/runtime/main.ts",
      server: `server-entry:${server}`,
      "inbox-writer-thread": "services/runtime/webhooks/inbox-writer-thread.ts",
      "inbox-cli": "services/runtime/inbox-cli.ts",
      ...(hasSyncs(server) ? { "sync-cli": `sync-entry:${server}` } : {}),
    },
    outdir: dir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // paths in the output (comments, import.meta) stay repository-relative, whatever node_modules links to
    preserveSymlinks: true,
    external: Object.keys(EXTERNAL_PACKAGES),
    plugins: [entrySwitch],
    // bundled CommonJS packages call require() for node builtins, which ESM output lacks
    banner: { js: `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);` },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "silent",
  });
  for (const warning of result.warnings) process.stderr.write(`bundle ${server}: ${warning.text}\n`);

  const imported = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const entry of output.imports) {
      if (entry.external && !isBuiltin(entry.path) && !entry.path.startsWith(".")) imported.add(packageOf(entry.path));
    }
  }
  const lock = readLock(root);
  const externals: Record<string, string> = {};
  for (const name of [...imported].sort()) {
    if (!Object.hasOwn(EXTERNAL_PACKAGES, name)) throw new Error(`bundle ${server}: "${name}" is imported but neither bundled nor a listed external`);
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`bundle ${server}: package-lock.json has no version of "${name}": run npm install`);
    externals[name] = version;
  }
  const name = `sophia-mcp-${server.replaceAll("_", "-")}`;
  const manifest = { name, private: true, type: "module", main: "main.js", engines: { node: ">=22.13.0" }, dependencies: externals };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, "package-lock.json"), `${JSON.stringify(prunedLock(lock, name, externals), null, 2)}\n`);
  return { server, dir, externals, inputHash: directoryHash(dir) };
}

/** sha256 over a directory's files, in path order: what a content-addressed build sees. */
export function directoryHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else hash.update(`${child}\0`).update(readFileSync(path.join(dir, child))).update("\0");
    }
  };
  walk("");
  return hash.digest("hex");
}

/** Bundles every server (or those named), a few at a time. */
export async function bundleAll(servers: readonly string[] = bundleServers(), options: { readonly root?: string; readonly outRoot?: string } = {}): Promise<ServerBundle[]> {
  const bundles: ServerBundle[] = [];
  for (let i = 0; i < servers.length; i += 4) bundles.push(...(await Promise.all(servers.slice(i, i + 4).map((server) => bundleServer(server, options)))));
  return bundles;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requested = process.argv.slice(2);
  const bundles = await bundleAll(requested.length > 0 ? requested : bundleServers());
  for (const bundle of bundles) {
    const externals = Object.entries(bundle.externals).map(([name, version]) => `${name}@${version}`);
    process.stdout.write(`${path.relative(REPO_ROOT, bundle.dir)}  sha256:${bundle.inputHash.slice(0, 12)}  ${externals.join(", ") || "no external packages"}\n`);
  }
}
