/**
 * Asana under test: the shared platform harness over the loopback Asana fake, seeded with a small
 * workspace (two people, two projects with sections, tasks, a subtask, comments and a tag).
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/asana/index.js";
import type { AsanaApi } from "../../../services/platforms/asana/api/index.js";
import { AsanaFake } from "../../fakes/asana.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const TOKEN = "2/1200000000000001/1209999999999999:0123456789abcdef0123456789abcdef";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9018, webhook_path: "/webhook/asana" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Workspace {
  readonly workspace: string;
  readonly ada: string;
  readonly grace: string;
  readonly launch: string;
  readonly ops: string;
  readonly sections: Readonly<Record<"todo" | "doing" | "done", string>>;
  readonly tasks: Readonly<Record<"copy" | "pricing" | "checklist" | "subtask" | "oncall", string>>;
  readonly tag: string;
}

export function seedWorkspace(fake: AsanaFake): Workspace {
  const ada = fake.addUser("Ada Lovelace", "ada@acme.test").gid;
  const grace = fake.addUser("Grace Hopper", "grace@acme.test").gid;
  fake.viewer = ada;
  const workspace = fake.addWorkspace("Acme").gid;
  const launch = fake.addProject(workspace, "Website launch", { notes: "Ship the new website by December.", owner: { $ref: ada }, due_on: "2026-12-15" }).gid;
  const ops = fake.addProject(workspace, "Ops rota").gid;
  fake.addProject(workspace, "Old campaign", { archived: true });
  const sections = { todo: fake.addSection(launch, "To do").gid, doing: fake.addSection(launch, "Doing").gid, done: fake.addSection(launch, "Done").gid };
  const tag = fake.add("tag", { name: "blocked", color: "dark-red", workspace: { $ref: workspace } }).gid;
  const copy = fake.addTask({ name: "Write launch copy", project: launch, section: sections.doing, assignee: ada, notes: "Hero text, pricing blurb and FAQ.", due_on: "2026-11-25" }).gid;
  const pricing = fake.addTask({ name: "Pricing page", project: launch, section: sections.todo, assignee: grace, tags: [tag] }).gid;
  const checklist = fake.addTask({ name: "Launch checklist", project: launch, section: sections.done, completed: true }).gid;
  const subtask = fake.addTask({ name: "Proofread FAQ", parent: copy, workspace, assignee: grace }).gid;
  const oncall = fake.addTask({ name: "On-call handover", project: ops, assignee: ada }).gid;
  fake.addStory(copy, { text: "Draft is in the doc.", by: grace });
  fake.addStory(copy, { text: "assigned to Ada Lovelace", by: grace, comment: false });
  return { workspace, ada, grace, launch, ops, sections, tasks: { copy, pricing, checklist, subtask, oncall }, tag };
}

export interface Harness extends PlatformHarness<AsanaApi>, StartedFake {
  readonly fake: AsanaFake;
  readonly ws: Workspace;
}

export async function startHarness(credentials: Credentials = { ASANA_ACCESS_TOKEN: TOKEN }): Promise<Harness> {
  const fake = await AsanaFake.start(TOKEN);
  const ws = seedWorkspace(fake);
  const harness = platformHarness(definition, { baseUrl: fake.apiUrl, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, fake, ws, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

/** The `data` of the last request's JSON body. */
export function lastData(fake: AsanaFake): unknown {
  const last = fake.requests.at(-1);
  return last === undefined || last.body === "" ? undefined : (JSON.parse(last.body) as { data: unknown }).data;
}
