/**
 * Every platform folder has one shape (README "Adding a platform"), its facts are written once in
 * its facts.ts, and what the definition does agrees with them. The fleet layer and the Pulumi
 * program read only the facts: bundling their entry points must reach no other platform file.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CATALOG, PLATFORM_NAMES, type PlatformName } from "../../services/fleet/catalog.js";
import type { PlatformFacts } from "../../services/fleet/facts.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";

const PLATFORMS_DIR = path.join(REPO_ROOT, "services", "platforms");

/** A third-party platform's folder, top level: exactly these. */
const TOP_LEVEL = ["SETUP.md", "api", "facts.ts", "index.ts", "memory.ts", "sync.ts", "tools", "types", "webhook.ts"];
/** Inside it: these must exist (other files in api/, tools/ and types/ are the platform's own). */
const REQUIRED_FILES = ["api/index.ts", "tools/index.ts", "tools/define.ts", "types/raw.ts", "types/normalized.ts"];
/** One entry module per folder: the API's is api/index.ts, never a second "client" beside it. */
const FORBIDDEN_FILES = ["api/client.ts"];
/** What each module of the shape exports (the definition reads these names). */
const EXPORTS: Readonly<Record<string, string>> = {
  "facts.ts": "facts",
  "index.ts": "definition",
  "api/index.ts": "createApi",
  "tools/index.ts": "tools",
  "sync.ts": "syncs",
  "webhook.ts": "webhook",
};

const folders = readdirSync(PLATFORMS_DIR).filter((entry) => statSync(path.join(PLATFORMS_DIR, entry)).isDirectory());
const isTest = (file: string) => /\.(test|spec)\.ts$/.test(file);

/** What is wrong with a built third-party platform's folder, as readable lines. */
function shapeProblems(folder: string, facts: PlatformFacts): string[] {
  const dir = path.join(PLATFORMS_DIR, folder);
  const entries = readdirSync(dir).filter((entry) => !isTest(entry));
  const problems = [
    ...TOP_LEVEL.filter((entry) => !entries.includes(entry)).map((entry) => `missing ${entry}`),
    ...entries.filter((entry) => !TOP_LEVEL.includes(entry)).map((entry) => `unexpected ${entry} (the shape is: ${TOP_LEVEL.join(", ")})`),
    ...REQUIRED_FILES.filter((file) => !existsSync(path.join(dir, file))).map((file) => `missing ${file}`),
    ...FORBIDDEN_FILES.filter((file) => existsSync(path.join(dir, file))).map((file) => `unexpected ${file}: the API's entry is api/index.ts`),
  ];
  const hasEvents = existsSync(path.join(dir, "types/events.ts"));
  if (facts.sendsWebhooks && !hasEvents) problems.push("missing types/events.ts (the webhook bodies' schemas)");
  if (!facts.sendsWebhooks && hasEvents) problems.push("unexpected types/events.ts: its facts say it sends no webhooks");
  return problems.map((problem) => `services/platforms/${folder}: ${problem}`);
}

const built = folders.filter((folder) => existsSync(path.join(PLATFORMS_DIR, folder, "index.ts")));
const thirdParty = built.filter((folder) => CATALOG[folder as PlatformName]?.kind === "platform");

describe("platform folders", () => {
  it("every folder has facts.ts naming it, and the catalog lists exactly the folders", async () => {
    for (const folder of folders) {
      expect(existsSync(path.join(PLATFORMS_DIR, folder, "facts.ts")), `services/platforms/${folder}/facts.ts`).toBe(true);
      const { facts } = (await import(path.join(PLATFORMS_DIR, folder, "facts.ts"))) as { facts: PlatformFacts };
      expect(facts.name, `services/platforms/${folder}/facts.ts names another platform`).toBe(folder);
      expect(CATALOG[folder as PlatformName], `services/fleet/catalog.ts does not list ${folder}`).toBe(facts);
    }
    expect([...PLATFORM_NAMES].sort()).toEqual([...folders].sort());
  });

  it("a platform without a server yet holds only its facts", () => {
    const problems = folders
      .filter((folder) => !built.includes(folder))
      .flatMap((folder) => readdirSync(path.join(PLATFORMS_DIR, folder)).filter((entry) => entry !== "facts.ts").map((entry) => `services/platforms/${folder}: ${entry} but no index.ts`));
    expect(problems).toEqual([]);
  });

  it.each(thirdParty)("%s has the shape every third-party platform has", (folder) => {
    expect(shapeProblems(folder, CATALOG[folder as PlatformName])).toEqual([]);
  });

  it.each(thirdParty)("%s exports the names the shape promises", async (folder) => {
    const missing: string[] = [];
    for (const [file, name] of Object.entries(EXPORTS)) {
      const module = (await import(path.join(PLATFORMS_DIR, folder, file))) as Record<string, unknown>;
      if (!(name in module)) missing.push(`services/platforms/${folder}/${file} exports no "${name}"`);
    }
    expect(missing).toEqual([]);
  });

  it.each(built)("%s: the definition does what its facts say", async (folder) => {
    const definition = await loadPlatformDefinition(folder as PlatformName);
    const facts = CATALOG[folder as PlatformName];
    expect(definition?.facts).toBe(facts);
    expect((definition?.syncs ?? []).map((sync) => sync.object), "facts.syncObjects lists exactly the syncs the definition implements").toEqual(facts.syncObjects);
    expect(definition?.webhook !== undefined, "facts.webhook is set exactly when the definition handles webhooks").toBe(facts.sendsWebhooks);
    for (const tool of definition?.tools ?? []) expect(tool.name.startsWith(`${folder}_`), tool.name).toBe(true);
  });
});

describe("the fleet layer reads only the platforms' facts", () => {
  // configuring, planning and deploying must never load an API client, a vendor SDK or tool code
  const entryPoints = ["services/fleet/plan.ts", "services/fleet/load.ts", "services/esc/preflight.ts", "services/local/main.ts", "infra/index.ts"];

  it.each(entryPoints)("%s", async (entry) => {
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, entry)],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
    });
    const platformFiles = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("services/platforms/"));
    expect(platformFiles.length).toBeGreaterThan(0);
    expect(platformFiles.filter((input) => !/^services\/platforms\/[a-z_]+\/facts\.ts$/.test(input))).toEqual([]);
  });
});
