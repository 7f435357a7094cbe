/** Apollo under test: the shared platform harness over the Apollo fake. */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials, ToolContext } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/apollo/index.js";
import type { ApolloApi } from "../../../services/platforms/apollo/api/index.js";
import { ApolloFake, type FakeLimits } from "../../fakes/apollo.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "apollo-test-key";
export const WEBHOOK_SECRET = "apollo-callback-secret-0123456789";
export const WEBHOOK_URL = "https://hooks.example.com/webhook/apollo/events";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9020, webhook_path: "/webhook/apollo", sync_objects: ["contacts", "accounts"] };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness extends PlatformHarness<ApolloApi>, StartedFake {
  readonly fake: ApolloFake;
  /** ctx with the integration's public webhook URL, as the runtime hands it to tools */
  readonly hookCtx: ToolContext<ApolloApi>;
}

export async function startHarness(
  credentials: Credentials = { APOLLO_API_KEY: API_KEY, APOLLO_WEBHOOK_TOKEN: WEBHOOK_SECRET },
  limits?: Partial<FakeLimits>,
): Promise<Harness> {
  const fake = await ApolloFake.start({ apiKey: API_KEY, ...(limits ? { limits } : {}) });
  fake.now = () => NOW.getTime();
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, hookCtx: { ...harness.ctx, webhookUrl: WEBHOOK_URL }, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

export function bodies(fake: ApolloFake, path: string): unknown[] {
  return fake.requests.filter((r) => r.path === `/api/v1/${path}`).map((r) => (r.body === "" ? undefined : JSON.parse(r.body)));
}

export function seedProspects(fake: ApolloFake): void {
  const org = { id: "5e66b6381e05b4008c8331b8", name: "Acme Corp", primary_domain: "acme.com" };
  fake.organizations.push({ id: org.id, name: "Acme Corp", primary_domain: "acme.com", website_url: "http://www.acme.com", industry: "computer software", estimated_num_employees: 420, city: "Austin", country: "United States", founded_year: 2011 });
  const people = [
    ["Jane", "Doe", "VP Sales", "vp"],
    ["Omar", "Haddad", "Sales Manager", "manager"],
    ["Li", "Wei", "Chief Revenue Officer", "c_suite"],
  ] as const;
  people.forEach(([first, last, title, seniority], i) =>
    fake.people.push({
      id: `64a7ff0cc4dfae00013df1a${i}`,
      first_name: first,
      last_name: last,
      title,
      seniority,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@acme.com`,
      linkedin_url: `http://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}`,
      city: "Austin",
      country: "United States",
      organization: org,
      personal_emails: [`${first.toLowerCase()}@home.example`],
    }),
  );
}
