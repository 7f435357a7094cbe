/**
 * `npm run docs`: regenerates the README's generated blocks from the code. `--check` exits non-zero
 * when the README is out of date (the docs test does the same).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PLATFORM_NAMES } from "../fleet/catalog.js";
import { DEFAULT_FLEET_FILE, REPO_ROOT, loadFleet } from "../fleet/load.js";
import { loadPlatformDefinition } from "../platforms/index.js";
import { platformSection, portsTable, replaceBlock, variablesTable } from "./tables.js";

export const README = path.join(REPO_ROOT, "README.md");

export async function renderReadme(current: string): Promise<string> {
  const fleet = loadFleet(DEFAULT_FLEET_FILE);
  const toolSections: string[] = [];
  const missing: string[] = [];
  for (const platform of PLATFORM_NAMES) {
    const definition = await loadPlatformDefinition(platform);
    if (!definition) {
      missing.push(platform);
      continue;
    }
    const settings = fleet.integrations.find((i) => i.platform === platform)?.settings;
    const setupGuide = `services/platforms/${platform}/SETUP.md`;
    toolSections.push(
      platformSection({
        platform,
        tools: definition.tools,
        ...(settings ? { settings } : {}),
        ...(existsSync(path.join(REPO_ROOT, setupGuide)) ? { setupGuide } : {}),
      }),
    );
  }
  if (missing.length > 0) {
    toolSections.push(`Not implemented yet (configured, but no server in this repository): ${missing.map((p) => `\`${p}\``).join(", ")}.`);
  }
  let next = replaceBlock(current, "ports", portsTable(fleet));
  next = replaceBlock(next, "variables", variablesTable());
  next = replaceBlock(next, "tools", toolSections.join("\n\n"));
  return next;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = readFileSync(README, "utf8");
  const next = await renderReadme(current);
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("README.md is out of date: run `npm run docs`");
      process.exit(1);
    }
    console.log("README.md is up to date");
  } else {
    writeFileSync(README, next);
    console.log(next === current ? "README.md already up to date" : "README.md updated");
  }
}
