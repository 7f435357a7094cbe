/**
 * The production backend through its official clients (snowflake-sdk, @pinecone-database/pinecone)
 * pointed at loopback fakes of Snowflake, Pinecone and an OpenAI-compatible embeddings endpoint.
 */
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../services/memory/create-store.js";
import { memoryIdForKey } from "../../services/memory/ids.js";
import { ProductionMemoryStore } from "../../services/memory/production/production-store.js";
import { memoryBackendSettings, type ProductionSettings } from "../../services/memory/settings.js";
import { startOpenAIEmbeddingsFake, type OpenAIEmbeddingsFake } from "../fakes/embeddings-fake.js";
import { startPineconeFake, type PineconeFake } from "../fakes/pinecone-fake.js";
import { startSnowflakeFake, type SnowflakeFake } from "../fakes/snowflake-fake.js";
import { CONTRACT_RECORDS, describeMemoryStoreContract } from "./contract.js";

const SNOWFLAKE = { account: "acme-memory", username: "MEMORY_SVC", password: "sf-password-123" };
const PINECONE = { apiKey: "pc-key-abc", indexName: "memories", embedModel: "multilingual-e5-large" };

interface Fakes {
  snowflake: SnowflakeFake;
  pinecone: PineconeFake;
  credentials: Record<string, string>;
  close(): Promise<void>;
}

async function startFakes(extra: Record<string, string> = {}): Promise<Fakes> {
  const snowflake = await startSnowflakeFake(SNOWFLAKE);
  const pinecone = await startPineconeFake(PINECONE);
  const credentials = {
    MEMORY_BACKEND: "production",
    SNOWFLAKE_ACCOUNT: SNOWFLAKE.account,
    SNOWFLAKE_USER: SNOWFLAKE.username,
    SNOWFLAKE_PASSWORD: SNOWFLAKE.password,
    SNOWFLAKE_WAREHOUSE: "MEMORY_WH",
    SNOWFLAKE_DATABASE: "SOPHIA",
    SNOWFLAKE_SCHEMA: "MEMORY",
    SNOWFLAKE_ACCESS_URL: snowflake.url,
    PINECONE_API_KEY: PINECONE.apiKey,
    PINECONE_INDEX: PINECONE.indexName,
    PINECONE_CONTROLLER_HOST: pinecone.controllerUrl,
    PINECONE_INDEX_HOST: pinecone.indexUrl,
    ...extra,
  };
  return { snowflake, pinecone, credentials, close: async () => { await snowflake.close(); await pinecone.close(); } };
}

function productionSettings(credentials: Record<string, string>): ProductionSettings {
  const settings = memoryBackendSettings(credentials);
  if (settings.backend !== "production") throw new Error("expected production settings");
  return settings;
}

describeMemoryStoreContract("production (Snowflake + Pinecone inference)", async () => {
  const fakes = await startFakes();
  const store = new ProductionMemoryStore({ settings: productionSettings(fakes.credentials), log: pino({ level: "silent" }) });
  return {
    store,
    cleanup: async () => {
      await store.close();
      expect(fakes.snowflake.unexpected).toEqual([]);
      expect(fakes.pinecone.unexpected).toEqual([]);
      await fakes.close();
    },
  };
});

describeMemoryStoreContract("production (Snowflake + Pinecone + OpenAI-compatible embeddings)", async () => {
  const embeddings = await startOpenAIEmbeddingsFake({ apiKey: "or-key", model: "openai/text-embedding-3-small" });
  const fakes = await startFakes({ EMBEDDINGS_PROVIDER: "openai", EMBEDDINGS_API_KEY: "or-key", EMBEDDINGS_BASE_URL: embeddings.url });
  const store = new ProductionMemoryStore({ settings: productionSettings(fakes.credentials) });
  return {
    store,
    cleanup: async () => {
      await store.close();
      expect(embeddings.requests.length).toBeGreaterThan(0);
      await embeddings.close();
      await fakes.close();
    },
  };
});

// what the memory server really holds: createMemoryStore's store, made on first use (its module and
// the Pinecone SDK load then), forwarding every call
describeMemoryStoreContract("production, made on first use (createMemoryStore)", async () => {
  const fakes = await startFakes();
  const store = createMemoryStore({ credentials: fakes.credentials, dataDir: "/nonexistent", log: pino({ level: "silent" }) });
  return {
    store,
    cleanup: async () => {
      await store.close();
      expect(fakes.snowflake.unexpected).toEqual([]);
      await fakes.close();
    },
  };
});

describe("the production store made on first use", () => {
  it("makes nothing, and logs in nowhere, until it is used; closing it unused is a no-op", async () => {
    const fakes = await startFakes();
    try {
      const store = createMemoryStore({ credentials: fakes.credentials, dataDir: "/nonexistent" });
      await store.close();
      expect(fakes.snowflake.logins).toEqual([]);
      const used = createMemoryStore({ credentials: fakes.credentials, dataDir: "/nonexistent" });
      expect((await used.health()).ok).toBe(true);
      expect(fakes.snowflake.logins).toHaveLength(1);
      await used.close();
    } finally {
      await fakes.close();
    }
  });
});

describe("production backend on the wire", () => {
  let fakes: Fakes;
  let store: ProductionMemoryStore;
  beforeEach(async () => {
    fakes = await startFakes();
    store = new ProductionMemoryStore({ settings: productionSettings(fakes.credentials) });
  });
  afterEach(async () => {
    await store.close();
    await fakes.close();
  });

  it("logs in with the configured account, user, warehouse, database and schema", async () => {
    await store.store(CONTRACT_RECORDS.slice(0, 1));
    expect(fakes.snowflake.logins).toEqual([
      { account: "acme-memory", user: "MEMORY_SVC", authenticator: "SNOWFLAKE", accepted: true, query: expect.objectContaining({ warehouse: "MEMORY_WH", databaseName: "SOPHIA", schemaName: "MEMORY" }) },
    ]);
  });

  it("creates the table idempotently once, and MERGEs a batch with bound parameters only", async () => {
    await store.store(CONTRACT_RECORDS);
    await store.store(CONTRACT_RECORDS);
    const creates = fakes.snowflake.queries.filter((q) => q.sqlText.startsWith("CREATE"));
    expect(creates).toHaveLength(1);
    expect(creates[0]?.sqlText).toMatch(/^CREATE TABLE IF NOT EXISTS MEMORIES/);
    const merges = fakes.snowflake.queries.filter((q) => q.sqlText.startsWith("MERGE"));
    expect(merges).toHaveLength(1);
    const merge = merges[0];
    expect(merge?.sqlText).not.toMatch(/Acme|gong|slack/);
    expect(Object.keys(merge?.bindings ?? {})).toHaveLength(CONTRACT_RECORDS.length * 10);
    expect(merge?.bindings?.["2"]).toEqual({ type: "TEXT", value: "slack:event:Ev001" });
    for (const q of fakes.snowflake.queries) expect(q.sqlText).not.toContain("'");
    expect(fakes.snowflake.tableRows()).toHaveLength(CONTRACT_RECORDS.length);
  });

  it("embeds passages and upserts vectors with filterable metadata into the namespace", async () => {
    await store.store(CONTRACT_RECORDS.slice(1, 2));
    const embed = fakes.pinecone.calls.find((c) => c.path === "/embed");
    expect(embed?.body).toEqual({
      model: "multilingual-e5-large",
      parameters: { input_type: "passage", truncate: "END" },
      inputs: [{ text: `Acme pricing call\n${CONTRACT_RECORDS[1]?.content}` }],
    });
    const stored = fakes.pinecone.namespaces.get("memories")?.get(memoryIdForKey("gong:call:77"));
    expect(stored?.metadata).toEqual({ source: "gong", type: "call", timestamp_ms: Date.parse("2025-03-02T14:30:00Z") });
  });

  it("embeds queries as queries and sends filters in Pinecone's filter language", async () => {
    await store.store(CONTRACT_RECORDS);
    await store.search({ query: "discounts", mode: "semantic", filters: { source: "gong", from: "2025-03-01T00:00:00Z" } });
    const query = fakes.pinecone.calls.filter((c) => c.path === "/query").at(-1);
    expect(query?.body).toMatchObject({
      namespace: "memories",
      filter: { $and: [{ source: { $eq: "gong" } }, { timestamp_ms: { $gte: Date.parse("2025-03-01T00:00:00Z") } }] },
      includeMetadata: false,
    });
    const embed = fakes.pinecone.calls.filter((c) => c.path === "/embed").at(-1);
    expect(embed?.body).toMatchObject({ parameters: { input_type: "query" }, inputs: [{ text: "discounts" }] });
  });

  it("does not embed records Snowflake already has", async () => {
    await store.store(CONTRACT_RECORDS);
    const embedsBefore = fakes.pinecone.calls.filter((c) => c.path === "/embed").length;
    expect(await store.store(CONTRACT_RECORDS)).toEqual({ stored: 0, duplicates: CONTRACT_RECORDS.length });
    expect(fakes.pinecone.calls.filter((c) => c.path === "/embed").length).toBe(embedsBefore);
  });

  it("recovers when the row MERGE fails after the vectors were written: the retry stores it once", async () => {
    fakes.snowflake.failNext(/^MERGE/);
    await expect(store.store(CONTRACT_RECORDS.slice(0, 2))).rejects.toMatchObject({ name: "UpstreamError", safeMessage: "Snowflake query failed" });
    expect(fakes.pinecone.namespaces.get("memories")?.size).toBe(2);
    // the orphan vectors are not search results: rows are the commit point
    expect(await store.search({ query: "Acme renewal legal", mode: "semantic" })).toEqual([]);
    expect(await store.store(CONTRACT_RECORDS.slice(0, 2))).toEqual({ stored: 2, duplicates: 0 });
    expect(fakes.snowflake.tableRows()).toHaveLength(2);
    expect((await store.search({ query: "Acme renewal legal", mode: "semantic" }))[0]?.memory.key).toBe("slack:event:Ev001");
  });

  it("reports Snowflake login failures and Pinecone problems in health, without secrets", async () => {
    const bad = new ProductionMemoryStore({ settings: productionSettings({ ...fakes.credentials, SNOWFLAKE_PASSWORD: "wrong", PINECONE_INDEX: "missing-index" }) });
    const health = await bad.health();
    await bad.close();
    expect(health.ok).toBe(false);
    expect(health.problems).toEqual([
      "Snowflake unreachable: Snowflake login failed",
      "Pinecone index missing-index unreachable: Pinecone describe_index failed",
    ]);
    expect(JSON.stringify(health)).not.toMatch(/wrong|sf-password|pc-key/);
    expect((await store.health()).ok).toBe(true);
  });
});

describe("memory backend settings", () => {
  it("defaults to embedded and names every missing production variable", () => {
    expect(memoryBackendSettings({})).toEqual({ backend: "embedded" });
    expect(() => memoryBackendSettings({ MEMORY_BACKEND: "cloud" })).toThrow(/embedded" or "production/);
    expect(() => memoryBackendSettings({ MEMORY_BACKEND: "production", PINECONE_API_KEY: "k" })).toThrow(
      "MEMORY_BACKEND=production needs: SNOWFLAKE_ACCOUNT: missing; SNOWFLAKE_USER: missing; SNOWFLAKE_PASSWORD: missing; PINECONE_INDEX: missing",
    );
  });

  it("chooses Pinecone inference unless an embeddings key or provider says otherwise", () => {
    const base = { MEMORY_BACKEND: "production", SNOWFLAKE_ACCOUNT: "a", SNOWFLAKE_USER: "u", SNOWFLAKE_PASSWORD: "p", PINECONE_API_KEY: "k", PINECONE_INDEX: "i" };
    expect(productionSettings(base).embeddings).toEqual({ provider: "pinecone", model: "multilingual-e5-large" });
    expect(productionSettings({ ...base, EMBEDDINGS_API_KEY: "e" }).embeddings).toEqual({
      provider: "openai", model: "openai/text-embedding-3-small", baseUrl: "https://openrouter.ai/api/v1", apiKey: "e",
    });
    expect(() => memoryBackendSettings({ ...base, EMBEDDINGS_PROVIDER: "openai" })).toThrow(/EMBEDDINGS_API_KEY/);
  });
});
