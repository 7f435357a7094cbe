import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeRunFile } from "../../services/local/run-file.js";
import { openCheckpointStore } from "../../services/sync/checkpoints.js";
import { HubspotFake } from "../fakes/hubspot.js";
import { runNode, startMemoryIngest, type MemoryIngest } from "./cli-process.js";

const CLI = fileURLToPath(new URL("../../services/sync/cli.ts", import.meta.url));
const TOKEN = "pat-na1-cli-test";

const INGEST_TOKEN = "ingest-token-for-tests";
const runCli = (args: string[], env: NodeJS.ProcessEnv) => runNode(["--import", "tsx", CLI, ...args], env);

let dataDir: string;
let hubspot: HubspotFake;
let memory: MemoryIngest;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sync-cli-"));
  hubspot = await HubspotFake.start({ token: TOKEN });
  memory = await startMemoryIngest(INGEST_TOKEN);
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  env = {
    ...base,
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    PLATFORM_API_BASE_URL: hubspot.url,
    MEMORY_URL: memory.url,
    MEMORY_INGEST_TOKEN: "ingest-token-for-tests",
    INBOX_DIR: path.join(dataDir, "inbox"),
    MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9002, sync_objects: ["contacts"], rate_limits: { api_calls_per_minute: 6000 } }),
  };
});
afterEach(async () => {
  await Promise.all([hubspot.close(), memory.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("sync CLI", () => {
  it("runs one sync against the platform's API into the memory server and resumes from its checkpoint next time", async () => {
    const contacts = Array.from({ length: 230 }, (_, i) =>
      hubspot.addObject("contacts", { email: `person${i}@example.com`, firstname: `Person${i}` }, { updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }),
    );
    const first = await runCli(["hubspot", "contacts"], env);
    // HubSpot's keyset sync re-reads the records at a page boundary's timestamp, so a few arrive twice (idempotent)
    expect(first.stderr).toMatch(/hubspot\/contacts: success from the beginning: 23\d records stored, 0 failed/);
    expect(first.code).toBe(0);
    expect(new Set(memory.keys).size).toBe(230);
    expect(memory.keys.every((key) => contacts.some((c) => key.includes(c.id)))).toBe(true);
    expect(hubspot.unexpected).toEqual([]);

    const store = openCheckpointStore(dataDir);
    const checkpoint = store.get("hubspot", "contacts")?.checkpoint;
    store.close();
    expect(checkpoint).toBeDefined();

    const second = await runCli(["hubspot", "contacts"], env);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`success from checkpoint ${checkpoint}`);
  });

  it("refuses to run without a memory server, since the checkpoint would advance past records never stored", async () => {
    const fleetDir = path.join(dataDir, "fleet");
    const { code, stderr } = await runCli(["hubspot", "contacts"], { ...env, MEMORY_URL: "", FLEET_DATA_DIR: fleetDir });
    expect(code).toBe(1);
    expect(stderr).toContain(`no memory server to store into: no local fleet is running (${path.join(fleetDir, "fleet-run.json")} does not exist); start the local fleet (npm start`);
    expect(stderr).toContain("or set MEMORY_URL");
  });

  it("without MEMORY_URL, stores into the running local fleet's memory server and keeps its checkpoint under the fleet's data dir", async () => {
    hubspot.addObject("contacts", { email: "ada@example.com", firstname: "Ada" }, { updatedAt: "2026-01-01T00:00:00.000Z" });
    const fleetDir = path.join(dataDir, "fleet");
    // this test process stands in for the running npm start
    writeRunFile(fleetDir, { pid: process.pid, startedAt: new Date().toISOString(), gatewayUrl: "http://127.0.0.1:1", memory: { url: memory.url, ingestToken: "ingest-token-for-tests" } });
    const { MEMORY_URL: _url, MEMORY_INGEST_TOKEN: _token, INBOX_DIR: _inbox, ...secondTerminal } = env;
    const { code, stderr } = await runCli(["hubspot", "contacts"], { ...secondTerminal, FLEET_DATA_DIR: fleetDir });
    expect(stderr).toContain("success from the beginning: 1 records stored");
    expect(code).toBe(0);
    expect(memory.keys).toHaveLength(1);
    const store = openCheckpointStore(path.join(fleetDir, "hubspot"));
    expect(store.get("hubspot", "contacts")).toBeDefined();
    store.close();
  });

  it("recognises a run file left by a local fleet that is no longer running", async () => {
    const fleetDir = path.join(dataDir, "fleet");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeRunFile(fleetDir, { pid: gone, startedAt: new Date().toISOString(), gatewayUrl: "http://127.0.0.1:1", memory: { url: memory.url, ingestToken: "ingest-token-for-tests" } });
    const { MEMORY_URL: _url, MEMORY_INGEST_TOKEN: _token, ...secondTerminal } = env;
    const { code, stderr } = await runCli(["hubspot", "contacts"], { ...secondTerminal, FLEET_DATA_DIR: fleetDir });
    expect(code).toBe(1);
    expect(stderr).toContain(`${path.join(fleetDir, "fleet-run.json")} was left by a local fleet (pid ${gone}) that is no longer running`);
    expect(stderr).not.toContain("ingest-token-for-tests");
    expect(memory.keys).toEqual([]);
  });

  it("names the syncs a platform has when asked for one it lacks", async () => {
    const { code, stderr } = await runCli(["hubspot", "meetings"], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/hubspot has no sync for "meetings" \(defined: .*contacts/);
  });
});
