/**
 * An image's build input is its server's bundle and nothing else: in a copy of the repository,
 * changing one integration's settings changes no bundle and no image build arguments, and changing
 * one platform's code, or its facts (services/platforms/<platform>/facts.ts, which the fleet layer
 * gathers into the catalog), changes that platform's bundle only.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAll } from "../../images/bundle.js";
import { DEFAULT_IMAGE_BUILD, imageSpec } from "../../infra/specs/image.js";
import { loadFleet, REPO_ROOT } from "../../services/fleet/load.js";
import { buildPlan } from "../../services/fleet/plan.js";
import { settings } from "./fixtures.js";

const SERVERS = ["slack", "hubspot", "memory"];
const root = mkdtempSync(path.join(os.tmpdir(), "image-inputs-"));
const fleetFile = path.join(root, "config", "integrations.yaml");

async function hashes(): Promise<Record<string, string>> {
  const bundles = await bundleAll(SERVERS, { root, outRoot: "dist/servers" });
  return Object.fromEntries(bundles.map((bundle) => [bundle.server, bundle.inputHash]));
}

function edit(file: string, from: string | RegExp, to: string): void {
  const full = path.join(root, file);
  const before = readFileSync(full, "utf8");
  const after = before.replace(from, to);
  expect(after, `${file} was not edited`).not.toBe(before);
  writeFileSync(full, after);
}

describe("image build inputs", () => {
  let baseline: Record<string, string>;

  beforeAll(async () => {
    for (const entry of ["services", "config", "package.json", "package-lock.json"]) cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
    symlinkSync(realpathSync(path.join(REPO_ROOT, "node_modules")), path.join(root, "node_modules"), "dir");
    baseline = await hashes();
  }, 300_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("are the same bundles, and the same image build arguments, after one integration's settings change", { timeout: 300_000 }, async () => {
    const before = buildPlan(loadFleet(fleetFile), settings());
    edit("config/integrations.yaml", /api_calls_per_minute: 240\b/, "api_calls_per_minute: 120");
    edit("config/integrations.yaml", /webhook_events_per_minute: 2000\b/, "webhook_events_per_minute: 1000");
    const after = buildPlan(loadFleet(fleetFile), settings());
    // the settings did change what the pods get (as environment) ...
    const hubspot = (plan: typeof before) => plan.servers.find((s) => s.platform === "hubspot")!;
    expect(hubspot(after).env.MCP_INTEGRATION).not.toBe(hubspot(before).env.MCP_INTEGRATION);
    // ... and nothing an image is built from
    for (const server of before.servers) {
      const counterpart = after.servers.find((s) => s.platform === server.platform)!;
      expect(imageSpec(counterpart, DEFAULT_IMAGE_BUILD, "prod"), server.platform).toEqual(imageSpec(server, DEFAULT_IMAGE_BUILD, "prod"));
    }
    expect(await hashes()).toEqual(baseline);
  });

  it("change for that platform's image only when one platform's code changes", { timeout: 300_000 }, async () => {
    edit("services/platforms/hubspot/tools/create-note.ts", /description:\s*"/, 'description: "Edited. ');
    const changed = await hashes();
    expect(changed.hubspot).not.toBe(baseline.hubspot);
    expect({ ...changed, hubspot: undefined }).toEqual({ ...baseline, hubspot: undefined });
  });

  it("change for that platform's image only when one platform's facts change", { timeout: 300_000 }, async () => {
    const before = await hashes();
    // the catalog (services/fleet/catalog.ts) imports every facts file; a server's bundle must not
    edit("services/platforms/slack/facts.ts", /"bot token \(xoxb-\)"/, '"bot token (xoxb-), edited"');
    const changed = await hashes();
    expect(changed.slack).not.toBe(before.slack);
    expect({ ...changed, slack: undefined }).toEqual({ ...before, slack: undefined });
  });
});
