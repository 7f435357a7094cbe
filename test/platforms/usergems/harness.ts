/**
 * UserGems under test: the shared platform harness over the UserGems fake, with ctx.memory backed
 * by a real embedded memory store (in memory), so the read tools and the privacy delete run
 * against the store's own list and deleteMatching.
 */
import type { z } from "zod";
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import { EmbeddedMemoryStore } from "../../../services/memory/embedded/sqlite-store.js";
import type { AnyZodObject, Credentials, MemorySink, ToolContext, ToolDefinition } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/usergems/index.js";
import type { UsergemsApi } from "../../../services/platforms/usergems/api/index.js";
import { UsergemsFake } from "../../fakes/usergems.js";
import { type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "ug-live-0123456789abcdef";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9019, webhook_path: "/webhook/usergems" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

/** ctx.memory as the memory client offers it, over a store in this process */
export function storeSink(store: EmbeddedMemoryStore): Required<MemorySink> {
  return {
    store: async (records) => void (await store.store(records)),
    list: async ({ source, type, from, to, limit, cursor }) =>
      store.list({ filters: { source: source as "usergems", ...(type ? { type } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) }, ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) }),
    deleteMatching: async (match) => store.deleteMatching({ ...match, source: match.source as "usergems" }),
  };
}

export interface Harness extends StartedFake {
  readonly fake: UsergemsFake;
  readonly store: EmbeddedMemoryStore;
  readonly ctx: ToolContext<UsergemsApi>;
  call<In extends AnyZodObject, Out extends AnyZodObject>(tool: ToolDefinition<UsergemsApi, In, Out>, input: z.input<In>): Promise<z.infer<Out>>;
}

export async function startHarness(credentials: Credentials = { USERGEMS_API_KEY: API_KEY }): Promise<Harness> {
  const fake = await UsergemsFake.start({ apiKey: API_KEY });
  const store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
  const base = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  const ctx: ToolContext<UsergemsApi> = { ...base.ctx, memory: storeSink(store) };
  return {
    fake,
    store,
    ctx,
    async call(tool, input) {
      return tool.output.parse(await tool.handler(tool.input.parse(input), ctx));
    },
    unexpectedRequests: () => fake.unexpected,
    async close() {
      await store.close();
      await fake.close();
    },
  };
}

/** a job-change signal as the Send to Webhook action posts it (SETUP.md) */
export const JOB_CHANGE = {
  signal: "job_change",
  occurredAt: "2026-11-18",
  campaign: { id: "cmp_42", name: "Champions on the move" },
  person: { email: "Jane.Doe@Globex.example", firstName: "Jane", lastName: "Doe", linkedinUrl: "https://www.linkedin.com/in/janedoe" },
  previous: { company: { name: "Acme", domain: "acme.example" }, title: "VP Sales" },
  current: { company: { name: "Globex", domain: "globex.example" }, title: "CRO" },
};
