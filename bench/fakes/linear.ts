/**
 * Linear's issues sync (the `Issues` GraphQL query, 100 a page, oldest change first, keyset on
 * updatedAt) against test/fakes/linear.ts, which validates and executes our documents against a
 * subset of Linear's schema and checks the Authorization header.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/linear/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/linear/sync.js";
import { LinearFake } from "../../test/fakes/linear.js";
import { type SyncBenchCase, realPlatformClient, forwardTo } from "./sync-case.js";

const API_KEY = "lin_api_bench";

/** A team with its workflow states, three people, two labels and a project for the issues to point at. */
function seedWorkspace(fake: LinearFake) {
  const people = ["Ada Lovelace", "Grace Hopper", "Alan Turing"].map((name) => ({ id: fake.id("usr"), name, email: `${name.split(" ")[0]!.toLowerCase()}@acme.example` }));
  fake.users = people;
  fake.viewerId = people[0]!.id;
  const team = fake.id("team");
  fake.teams = [{ id: team, key: "ENG", name: "Engineering", description: "Product engineering" }];
  const states = (["Backlog:backlog", "Todo:unstarted", "In Progress:started", "Done:completed"] as const).map((entry, position) => {
    const [name = entry, type = "backlog"] = entry.split(":");
    const id = fake.id("st");
    fake.states.push({ id, name, type, position, teamId: team });
    return id;
  });
  const labels = [fake.id("lbl"), fake.id("lbl")];
  fake.labels = [
    { id: labels[0]!, name: "Bug" },
    { id: labels[1]!, name: "Feature" },
  ];
  const project = fake.id("prj");
  fake.projects = [
    { id: project, name: "Checkout revamp", description: "Rebuild the checkout flow", status: { name: "In Progress", type: "started" }, progress: 0.4, leadId: people[0]!.id, teamIds: [team], targetDate: "2026-12-15", updatedAt: "2026-06-01T00:00:00.000Z" },
  ];
  return { people: people.map((p) => p.id), team, states, labels, project };
}

export function linearIssuesCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Linear issues (GraphQL, 100 a page)",
    platform: "linear",
    apiCallsPerMinute,
    note: "Linear: every issue has its own updatedAt minute, so each page after the first re-reads one issue (keyset gte); requests are counted, not query complexity points.",
    async start(requests) {
      const fake = await LinearFake.start(API_KEY);
      const ws = seedWorkspace(fake);
      const count = SYNC_PAGE_SIZE + (SYNC_PAGE_SIZE - 1) * (requests - 1);
      const base = Date.parse("2025-01-01T00:00:00.000Z");
      for (let i = 0; i < count; i++) {
        const at = new Date(base + i * 60_000).toISOString();
        fake.addIssue({
          teamId: ws.team,
          title: `Checkout: fix edge case ${i}`,
          description: `Steps to reproduce ${i}: add an item, apply a coupon, pay.`,
          priority: i % 5,
          stateId: ws.states[i % ws.states.length]!,
          assigneeId: ws.people[i % ws.people.length]!,
          labelIds: [ws.labels[i % 2]!],
          projectId: i % 3 === 0 ? ws.project : null,
          createdAt: at,
          updatedAt: at,
        });
      }
      const credentials = { LINEAR_API_KEY: API_KEY };
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords: count,
        expectedRequests: requests,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
