/**
 * The registry of platform definitions, by convention rather than by list: the definition of
 * platform <name> is the `definition` export of services/platforms/<name>/index.ts. Adding a
 * platform means adding its folder; this file never changes.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PlatformName } from "../fleet/platform-names.js";
import type { PlatformDefinition } from "../runtime/contract.js";

/** The definition of `name`, or undefined when its folder has no index module (not built yet). */
export async function loadPlatformDefinition(name: PlatformName): Promise<PlatformDefinition<unknown> | undefined> {
  const folder = new URL(`./${name}/`, import.meta.url);
  // index.ts when run from source (tsx, vitest), index.js when run from dist/
  const candidates = ["index.js", "index.ts"].map((file) => new URL(file, folder));
  const present = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (present === undefined) return undefined;
  const module = (await import(new URL("index.js", folder).href)) as { definition?: unknown };
  const definition = module.definition;
  if (!isDefinitionOf(name, definition)) {
    throw new Error(`services/platforms/${name}/index exports no "definition" for platform "${name}"`);
  }
  return definition;
}

function isDefinitionOf(name: PlatformName, value: unknown): value is PlatformDefinition<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { facts?: { name?: unknown } }).facts?.name === name &&
    Array.isArray((value as { tools?: unknown }).tools)
  );
}
