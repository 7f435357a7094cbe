/**
 * Linear under test: the shared platform harness over the loopback GraphQL fake, seeded with a
 * small workspace.
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/linear/index.js";
import type { LinearApi } from "../../../services/platforms/linear/api/index.js";
import { LinearFake } from "../../fakes/linear.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "lin_api_test";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9004, webhook_path: "/webhook/linear" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Workspace {
  readonly ada: string;
  readonly grace: string;
  readonly eng: string;
  readonly ops: string;
  readonly states: Readonly<Record<"backlog" | "todo" | "inProgress" | "done" | "canceled" | "opsTodo", string>>;
  readonly labels: Readonly<Record<"bug" | "feature", string>>;
  readonly checkout: string;
  readonly oldLaunch: string;
}

export function seedWorkspace(fake: LinearFake): Workspace {
  const ada = fake.id("usr");
  const grace = fake.id("usr");
  fake.viewerId = ada;
  fake.users = [
    { id: ada, name: "Ada Lovelace", email: "ada@acme.test" },
    { id: grace, name: "Grace Hopper", email: "grace@acme.test" },
  ];
  const eng = fake.id("team");
  const ops = fake.id("team");
  fake.teams = [
    { id: eng, key: "ENG", name: "Engineering", description: "Product engineering" },
    { id: ops, key: "OPS", name: "Operations", description: null },
  ];
  const state = (name: string, type: string, position: number, teamId = eng) => {
    const id = fake.id("st");
    fake.states.push({ id, name, type, position, teamId });
    return id;
  };
  const opsTodo = state("Todo", "unstarted", 1, ops);
  const states = {
    done: state("Done", "completed", 3),
    backlog: state("Backlog", "backlog", 0),
    inProgress: state("In Progress", "started", 2),
    todo: state("Todo", "unstarted", 1),
    canceled: state("Canceled", "canceled", 4),
    opsTodo,
  };
  const labels = { bug: fake.id("lbl"), feature: fake.id("lbl") };
  fake.labels = [
    { id: labels.bug, name: "Bug" },
    { id: labels.feature, name: "Feature" },
  ];
  const checkout = fake.id("prj");
  const oldLaunch = fake.id("prj");
  fake.projects = [
    { id: checkout, name: "Checkout revamp", description: "Rebuild the checkout flow", status: { name: "In Progress", type: "started" }, progress: 0.456, leadId: ada, teamIds: [eng], targetDate: "2026-12-15", updatedAt: "2026-11-01T00:00:00.000Z" },
    { id: oldLaunch, name: "Old launch", description: "", status: { name: "Completed", type: "completed" }, progress: 1, leadId: null, teamIds: [eng, ops], targetDate: null, updatedAt: "2026-06-01T00:00:00.000Z" },
  ];
  return { ada, grace, eng, ops, states, labels, checkout, oldLaunch };
}

export interface Harness extends PlatformHarness<LinearApi>, StartedFake {
  readonly fake: LinearFake;
  readonly ws: Workspace;
}

export async function startHarness(credentials: Credentials = { LINEAR_API_KEY: API_KEY }, acceptedAuthorization = API_KEY): Promise<Harness> {
  const fake = await LinearFake.start(acceptedAuthorization);
  const ws = seedWorkspace(fake);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, fake, ws, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

/** The variables of the last GraphQL request, and its operation name. */
export function lastOperation(fake: LinearFake): { name: string | undefined; variables: Record<string, unknown> } {
  const body = fake.requests.at(-1)?.body ?? {};
  return { name: body.operationName, variables: body.variables ?? {} };
}
