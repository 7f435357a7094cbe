/**
 * The sync CLI as a server image carries it (images/bundle.ts `sync-cli.js`): run from the bundle
 * directory alone, with a pod's environment as the deployment plan sets it (MCP_INTEGRATION,
 * INBOX_DIR, MEMORY_URL, the platform's credentials), no fleet file and no sources, it syncs one
 * object into the memory server and keeps its checkpoint in the pod's data directory.
 * Only platforms that implement syncs get the file.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleServer, type ServerBundle } from "../../images/bundle.js";
import { openCheckpointStore } from "../../services/sync/checkpoints.js";
import { HubspotFake } from "../fakes/hubspot.js";
import { runNode, startMemoryIngest } from "./cli-process.js";

const TOKEN = "pat-na1-image-cli-test";
const INGEST_TOKEN = "ingest-token-for-image-cli";
const work = mkdtempSync(path.join(tmpdir(), "image-sync-cli-"));
let hubspot: ServerBundle;
let usergems: ServerBundle;

const runSyncCli = (bundle: ServerBundle, args: string[], env: NodeJS.ProcessEnv) => runNode(["sync-cli.js", ...args], env, bundle.dir);

beforeAll(async () => {
  hubspot = await bundleServer("hubspot", { outRoot: path.join(work, "bundles") });
  usergems = await bundleServer("usergems", { outRoot: path.join(work, "bundles") });
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("sync-cli.js in a server image", () => {
  it("is in the bundles of platforms with syncs only", () => {
    expect(readdirSync(hubspot.dir)).toContain("sync-cli.js");
    expect(existsSync(path.join(usergems.dir, "sync-cli.js"))).toBe(false);
  });

  it("syncs one object with the pod's environment alone, resuming from the checkpoint in the pod's data directory", { timeout: 120_000 }, async () => {
    const fake = await HubspotFake.start({ token: TOKEN });
    const memory = await startMemoryIngest(INGEST_TOKEN);
    const dataDir = path.join(work, "data", "hubspot");
    try {
      for (let i = 0; i < 30; i++) fake.addObject("contacts", { email: `p${i}@example.com`, firstname: `P${i}` }, { updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
      // what the plan gives the sync runner's pod (services/fleet/plan.ts serverEnvironment), loopback instead of the cluster
      const env = {
        PATH: process.env.PATH ?? "",
        MCP_PLATFORM: "hubspot",
        MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9002, batch_sync_interval: "0 * * * *", sync_objects: ["contacts"] }),
        INBOX_DIR: path.join(dataDir, "inbox"),
        MEMORY_URL: memory.url,
        MEMORY_INGEST_TOKEN: INGEST_TOKEN,
        HUBSPOT_ACCESS_TOKEN: TOKEN,
        PLATFORM_API_BASE_URL: fake.url,
        MCP_AUTH_MODE: "token",
        MCP_AUTH_TOKEN: "agent-token-0123456789abcdef",
      };
      const first = await runSyncCli(hubspot, ["contacts"], env);
      expect(first.stderr).toMatch(/hubspot\/contacts: success from the beginning: 3\d records stored, 0 failed/);
      expect(first.code).toBe(0);
      expect(new Set(memory.keys).size).toBe(30);
      expect(first.stderr).not.toContain(TOKEN);
      const store = openCheckpointStore(dataDir);
      const checkpoint = store.get("hubspot", "contacts")?.checkpoint;
      store.close();
      expect(checkpoint).toBeDefined();

      // the platform may be named too, as with the repository's CLI
      const second = await runSyncCli(hubspot, ["hubspot", "contacts"], env);
      expect(second.stderr).toContain(`success from checkpoint ${checkpoint}`);
      expect(second.code).toBe(0);

      const unknown = await runSyncCli(hubspot, ["owners"], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('hubspot has no sync for "owners" (defined: contacts, companies, deals, tickets)');
      const other = await runSyncCli(hubspot, ["slack", "channel_history"], env);
      expect(other.stderr).toContain('this image syncs hubspot only, not "slack"');
      const { MEMORY_URL: _url, ...noMemory } = env;
      const refused = await runSyncCli(hubspot, ["contacts"], noMemory);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("no memory server to store into: set MEMORY_URL");
    } finally {
      await Promise.all([fake.close(), memory.close()]);
    }
  });

  it("prints its usage, with the platform's sync objects, when no object is given", () => {
    const result = (() => {
      try {
        execFileSync(process.execPath, ["sync-cli.js"], { cwd: hubspot.dir, env: { PATH: process.env.PATH ?? "" }, stdio: "pipe" });
        return { status: 0, stderr: "" };
      } catch (error) {
        const failed = error as { status: number; stderr: Buffer };
        return { status: failed.status, stderr: failed.stderr.toString("utf8") };
      }
    })();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("usage: node sync-cli.js <object> [--from-start]   (objects: contacts, companies, deals, tickets)");
  });
});
