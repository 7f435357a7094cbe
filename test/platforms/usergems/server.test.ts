/**
 * End to end through real servers: a UserGems server whose memory is a real memory server (its
 * ingest, list and delete routes over HTTP with the ingest token). UserGems posts a signal with the
 * X-Api-Key header (twice: stored once); an agent asks over MCP who changed jobs, tracks a contact,
 * and makes a privacy request, after which the person's signals are gone from the memory server.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMemoryClient } from "../../../services/memory/client.js";
import { definition as memoryDefinition } from "../../../services/platforms/memory/index.js";
import { definition } from "../../../services/platforms/usergems/index.js";
import { startPlatformServer, type RunningServer } from "../../../services/runtime/server.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { UsergemsFake } from "../../fakes/usergems.js";
import { API_KEY, JOB_CHANGE } from "./harness.js";

const HOOK_TOKEN = "e2e-usergems-hook-token";
const INGEST_TOKEN = "e2e-ingest-token";
const MCP_TOKEN = randomBytes(24).toString("base64url");

let fake: UsergemsFake;
let memoryServer: ContractServer;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  fake = await UsergemsFake.start({ apiKey: API_KEY });
  memoryServer = await startContractServer(memoryDefinition, { env: { MEMORY_INGEST_TOKEN: INGEST_TOKEN } });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "usergems-e2e-"));
  server = await startPlatformServer({
    definition,
    env: {
      USERGEMS_API_KEY: API_KEY,
      USERGEMS_WEBHOOK_TOKEN: HOOK_TOKEN,
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9019, webhook_path: "/webhook/usergems" }),
      MCP_AUTH_MODE: "token",
      MCP_AUTH_TOKEN: MCP_TOKEN,
      LOG_LEVEL: "silent",
      PLATFORM_API_BASE_URL: fake.url,
    },
    port: 0,
    host: "127.0.0.1",
    dataDir,
    memory: createMemoryClient({ url: memoryServer.url, token: INGEST_TOKEN }),
    shutdownGraceMs: 2_000,
  });
});
afterAll(async () => {
  await server?.close();
  await memoryServer?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function mcp<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "usergems-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe("UserGems server end to end, with a real memory server", () => {
  it("stores a signal once, answers from memory, tracks over the API, and deletes the person everywhere on a privacy request", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/webhook/usergems/events`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(JOB_CHANGE) });
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-api-key": "guess" })).status).toBe(401);
    expect((await post({ "x-api-key": HOOK_TOKEN })).status).toBe(200);
    expect((await post({ "x-api-key": HOOK_TOKEN })).status).toBe(200);

    const memory = createMemoryClient({ url: memoryServer.url, token: INGEST_TOKEN });
    await vi.waitFor(async () => expect((await memory.list?.({ source: "usergems" }))?.memories).toHaveLength(1), { timeout: 10_000, interval: 100 });

    await mcp(async (client) => {
      const signals = await client.callTool({ name: "usergems_recent_signals", arguments: { company: "acme" } });
      expect(signals.isError).toBeFalsy();
      expect(signals.structuredContent).toMatchObject({ signals: [{ summary: "Jane Doe moved from Acme (VP Sales) to Globex (CRO) on 2026-11-18." }] });

      const tracked = await client.callTool({ name: "usergems_track_contacts", arguments: { contacts: [{ email: "jane.doe@globex.example", company: "Globex" }] } });
      expect(tracked.structuredContent).toMatchObject({ succeeded: 1 });

      const deleted = await client.callTool({ name: "usergems_privacy_delete", arguments: { email: "jane.doe@globex.example" } });
      expect(deleted.structuredContent).toEqual({ deletedAtUsergems: true, usergemsMessage: "Privacy deletion requested", memoriesDeleted: 1 });
    });
    expect((await memory.list?.({ source: "usergems" }))?.memories).toEqual([]);
    expect(fake.privacyDeleted).toEqual(["jane.doe@globex.example"]);
    expect(fake.unexpected).toEqual([]);
  });
});
