/**
 * One bundle per server: `npm run bundle [-- <server>...]` writes dist/servers/<server>/, which is
 * that server's whole image build context (images/Dockerfile). CommonJS throughout (package.json
 * says "type": "commonjs"): a CommonJS file loads node's built-ins without building an ES module
 * facade for each, and only a single CommonJS script can become a V8 startup snapshot.
 *
 *   main.js                 the entrypoint: the compile cache (services/runtime/compile-cache.ts), then server.js
 *   server.js               the runtime and this one platform's definition, bundled by esbuild
 *   preload.js              zod and the MCP server SDK, the same file in every image; the image's build
 *                           evaluates it once into preload.blob, a V8 startup snapshot the server starts
 *                           from (`node --snapshot-blob preload.blob main.js`), so a new pod does not
 *                           compile them and build their hundreds of schemas again. Without the blob
 *                           (`node main.js`, the CLIs) server.js loads preload.js itself: same code
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
import { spawnSync } from "node:child_process";
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

/**
 * The packages preload.js holds, by the specifiers code imports them with, and the name each has
 * on the preload object. Every other file of a bundle takes them from there (one zod instance:
 * the SDK's schemas and the platforms' are the same library's objects); none bundles a copy
 * (checked after each build).
 */
export const PRELOADED_PACKAGES: Readonly<Record<string, string>> = {
  zod: "zod",
  "zod/v4": "zod",
  "@modelcontextprotocol/server": "mcpServer",
  // the SDK's JSON Schema validator (the fleet endpoint's argument check; the SDK's own shims load it anyway)
  "@modelcontextprotocol/server/validators/ajv": "mcpAjv",
  // the SDK's core, which the server package imports and so does the client (the fleet endpoint's)
  "@modelcontextprotocol/core/internal": "mcpCore",
  "@modelcontextprotocol/core/ext/skills": "mcpSkills",
};
/**
 * Packages the server code reaches only through a dynamic import (a vendor SDK loaded on first use:
 * the memory server's production store loads Pinecone's), each in a file of its own beside
 * server.js, required on that first use: a server that never uses it does not even compile it at
 * start (the Pinecone SDK and what it bundles are about 0.9 MB, which was two thirds of the memory
 * server's code). A bundle gets the file only
 * when its code imports the package.
 */
export const LAZY_PACKAGES: Readonly<Record<string, string>> = {
  "@pinecone-database/pinecone": "pinecone.js",
};

/**
 * Node built-ins every server loads at start, which preload.js loads too, so that the snapshot holds
 * them compiled (about 25 ms of a start). Only modules Node supports in a startup snapshot: it warns
 * about those it has not verified (http, https, http2, tls, worker_threads, sqlite, perf_hooks,
 * async_hooks, module), and buildPreloadSnapshot fails on any warning.
 */
export const PRELOADED_BUILTINS: readonly string[] = ["node:assert", "node:crypto", "node:os", "node:stream", "node:string_decoder", "node:zlib"];

/** where preload.js leaves what it loaded: a global, which is what a startup snapshot restores */
const PRELOAD_GLOBAL = "__mcpFleetPreload";
/** the startup snapshot the image's build makes of preload.js (images/Dockerfile), beside it */
export const SNAPSHOT_BLOB = "preload.blob";

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

/** The generated main.js: the compile cache first, then server.js (its own file, so the cache covers it). */
function mainEntry(): string {
  return [
    `import { enableServerCompileCache } from "./services/runtime/compile-cache.ts";`,
    `enableServerCompileCache(process.env);`,
    `require("./server.js").runCli();`,
  ].join("\n");
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
    // runSyncCommand reports its own failures and sets the exit code
    `void runSyncCommand({ platforms: [${JSON.stringify(server)}], loadDefinition: async () => definition, usage });`,
  ].join("\n");
}

/** The generated preload.js: the preloaded packages, left on a global (see PRELOADED_PACKAGES). */
function preloadEntry(): string {
  const names = [...new Set(Object.values(PRELOADED_PACKAGES))];
  const imports = names.map((name) => `import * as ${name} from ${JSON.stringify(Object.keys(PRELOADED_PACKAGES).find((specifier) => PRELOADED_PACKAGES[specifier] === name))};`);
  const builtins = PRELOADED_BUILTINS.map((name) => `require(${JSON.stringify(name)});`);
  return [...builtins, ...imports, `globalThis.${PRELOAD_GLOBAL} = Object.freeze({ ${names.join(", ")} });`].join("\n");
}

/** Whether a server's image gets sync-cli.js: its platform implements syncs (facts `syncObjects`, checked against its definition by a test). */
export function hasSyncs(server: string): boolean {
  return (CATALOG[server as keyof typeof CATALOG]?.syncObjects.length ?? 0) > 0;
}

const GENERATED: Readonly<Record<string, (server: string) => string>> = {
  // a lazy package's own file: everything it exports (the path is the package's name)
  "lazy-entry": (name) => `export * from ${JSON.stringify(name)};`,
  "main-entry": mainEntry,
  "server-entry": serverEntry,
  "sync-entry": syncEntry,
  "preload-entry": preloadEntry,
};

/** The generated entries (`<kind>:<server>`), and the sibling files they load at run time left as they are. */
const entries: esbuild.Plugin = {
  name: "server-entries",
  setup(build) {
    build.onResolve({ filter: /^[a-z]+-entry:/ }, (args) => {
      const [kind, server] = args.path.split(":") as [string, string];
      return { path: server, namespace: kind };
    });
    // the sibling files the generated modules require at run time
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
      ["main-entry", "preloaded", "lazy-package"].includes(args.namespace) ? { path: args.path, external: true } : undefined,
    );
    for (const [kind, contents] of Object.entries(GENERATED)) {
      build.onLoad({ filter: /.*/, namespace: kind }, (args) => ({ contents: contents(args.path), loader: "ts", resolveDir: build.initialOptions.absWorkingDir! }));
    }
  },
};

/** A filter matching exactly these import specifiers. */
function exactly(specifiers: readonly string[]): RegExp {
  return new RegExp(`^(${specifiers.map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})$`);
}

/** Every import of a preloaded package, outside preload.js, becomes the preload's object. */
const preloaded: esbuild.Plugin = {
  name: "preloaded",
  setup(build) {
    build.onResolve({ filter: exactly(Object.keys(PRELOADED_PACKAGES)) }, (args) => ({ path: args.path, namespace: "preloaded" }));
    build.onLoad({ filter: /.*/, namespace: "preloaded" }, (args) => ({
      contents: `module.exports = (globalThis.${PRELOAD_GLOBAL} ?? (require("./preload.js"), globalThis.${PRELOAD_GLOBAL})).${PRELOADED_PACKAGES[args.path]};`,
      loader: "js",
    }));
  },
};

/** Every import of a lazy package becomes a require of its own file, made when first evaluated; `used` collects them. */
function lazyPackages(used: Set<string>): esbuild.Plugin {
  return {
    name: "lazy-packages",
    setup(build) {
      build.onResolve({ filter: exactly(Object.keys(LAZY_PACKAGES)) }, (args) => {
        used.add(args.path);
        return { path: args.path, namespace: "lazy-package" };
      });
      build.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({ contents: `module.exports = require("./${LAZY_PACKAGES[args.path]}");`, loader: "js" }));
    },
  };
}

/**
 * zod's messages in English only: classic zod configures English and nothing here selects another
 * locale, while `export * as locales` keeps all of them (about 300 KB) out of reach of tree shaking.
 */
const englishOnly: esbuild.Plugin = {
  name: "zod-english",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), args.path), namespace: "zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from "./en.js";`,
      loader: "js",
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** esbuild options every file of a bundle shares. */
function commonOptions(root: string, dir: string): esbuild.BuildOptions {
  return {
    absWorkingDir: root,
    outdir: dir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    // paths in the output (comments) stay repository-relative, whatever node_modules links to
    preserveSymlinks: true,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "silent",
  };
}

/** Bundles one server into `<outRoot>/<server>/`, replacing what was there. */
export async function bundleServer(server: string, options: { readonly root?: string; readonly outRoot?: string } = {}): Promise<ServerBundle> {
  const root = options.root ?? REPO_ROOT;
  const dir = path.resolve(root, options.outRoot ?? BUNDLE_ROOT, server);
  if (!existsSync(path.join(root, "services", "platforms", server, "index.ts"))) {
    throw new Error(`no server "${server}": services/platforms/${server}/index.ts does not exist (servers: ${bundleServers(root).join(", ")})`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lazy = new Set<string>();
  const [result, preload] = await Promise.all([
    esbuild.build({
      ...commonOptions(root, dir),
      entryPoints: {
        main: "main-entry:main",
        server: `server-entry:${server}`,
        "inbox-writer-thread": "services/runtime/webhooks/inbox-writer-thread.ts",
        "inbox-cli": "services/runtime/inbox-cli.ts",
        ...(hasSyncs(server) ? { "sync-cli": `sync-entry:${server}` } : {}),
      },
      external: Object.keys(EXTERNAL_PACKAGES),
      plugins: [entries, preloaded, lazyPackages(lazy)],
      // the code locates its sibling files (the writer thread) from import.meta.url: the file's own URL
      define: { "import.meta.url": "__import_meta_url" },
      banner: { js: `const __import_meta_url = require("node:url").pathToFileURL(__filename).href;` },
    }),
    esbuild.build({ ...commonOptions(root, dir), entryPoints: { preload: "preload-entry:preload" }, plugins: [entries, englishOnly] }),
  ]);
  const chunks = await Promise.all(
    [...lazy].map((name) =>
      esbuild.build({ ...commonOptions(root, dir), entryPoints: { [LAZY_PACKAGES[name]!.replace(/\.js$/, "")]: `lazy-entry:${name}` }, plugins: [entries, preloaded] }),
    ),
  );
  for (const warning of [result, preload, ...chunks].flatMap((built) => built.warnings)) process.stderr.write(`bundle ${server}: ${warning.text}\n`);

  const imported = new Set<string>();
  for (const [file, output] of [result, ...chunks].flatMap((built) => Object.entries(built.metafile!.outputs))) {
    for (const entry of output.imports) {
      if (entry.external && !isBuiltin(entry.path) && !entry.path.startsWith(".")) imported.add(packageOf(entry.path));
    }
    const copy = Object.keys(output.inputs).find((input) => /node_modules\/(zod|@modelcontextprotocol\/(server|core))\//.test(input));
    if (copy !== undefined) throw new Error(`bundle ${server}: ${path.basename(file)} bundles ${copy}, a second copy of what preload.js holds: import it by a specifier PRELOADED_PACKAGES lists`);
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
  const manifest = { name, private: true, type: "commonjs", main: "main.js", engines: { node: ">=22.13.0" }, dependencies: externals };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, "package-lock.json"), `${JSON.stringify(prunedLock(lock, name, externals), null, 2)}\n`);
  return { server, dir, externals, inputHash: directoryHash(dir) };
}

/**
 * preload.blob in a bundle (or image) directory: the V8 startup snapshot of preload.js, made by the
 * node binary that will start from it (a blob only loads in the build of node that wrote it), as
 * the image's build does (images/Dockerfile). `node --snapshot-blob preload.blob main.js` then
 * starts with zod and the SDK already evaluated.
 */
export function buildPreloadSnapshot(dir: string, node: string = process.execPath): string {
  const built = spawnSync(node, ["--snapshot-blob", SNAPSHOT_BLOB, "--build-snapshot", "preload.js"], { cwd: dir, encoding: "utf8" });
  // Node warns when the snapshot holds a module it has not verified there: not something to ship
  if (built.status !== 0 || /warning/i.test(built.stderr)) {
    throw new Error(`the startup snapshot of ${path.join(dir, "preload.js")} ${built.status !== 0 ? `failed (exit ${built.status})` : "was built with warnings"}: ${built.stderr.trim()}`);
  }
  return path.join(dir, SNAPSHOT_BLOB);
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
