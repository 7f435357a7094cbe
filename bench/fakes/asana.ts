/**
 * Asana's tasks sync (GET /projects, then GET /tasks?project=&modified_since= 100 a page with
 * offsets) against test/fakes/asana.ts, which checks the Bearer token, each endpoint's query
 * parameters and the opt_fields we ask for, and renders tasks in Asana's shapes.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/asana/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/asana/sync.js";
import { API_PATH, AsanaFake } from "../../test/fakes/asana.js";
import { type SyncBenchCase, forwardTo, realPlatformClient, splitEvenly } from "./sync-case.js";

const TOKEN = "2/1200000000000001/1209999999999999:bench";
const PROJECTS = 3;

export function asanaTasksCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Asana tasks (per project, 100 a page)",
    platform: "asana",
    apiCallsPerMinute,
    note: "Asana: ASANA_WORKSPACE_ID set (no /workspaces call); one /projects page, then full pages of 100 tasks over 3 projects; free-tier budget (150/min per token, 140 configured).",
    async start(requests) {
      const fake = await AsanaFake.start(TOKEN);
      const people = ["Ada Lovelace", "Grace Hopper", "Alan Turing"].map((name) => fake.addUser(name, `${name.split(" ")[0]!.toLowerCase()}@acme.example`).gid);
      fake.viewer = people[0]!;
      const workspace = fake.addWorkspace("Acme").gid;
      // one request lists the projects; the rest are full task pages, split over the projects
      const pages = splitEvenly(Math.max(PROJECTS, requests - 1), PROJECTS);
      let count = 0;
      for (const [p, projectPages] of pages.entries()) {
        const project = fake.addProject(workspace, `Project ${p}`).gid;
        const sections = ["To do", "Doing", "Done"].map((name) => fake.addSection(project, name).gid);
        // a page holding fewer than 100 ends the project; exactly 100 * pages tasks would need one more (empty) request
        const tasks = SYNC_PAGE_SIZE * (projectPages - 1) + SYNC_PAGE_SIZE - 1;
        for (let i = 0; i < tasks; i += 1) {
          fake.addTask({
            name: `Launch step ${p}.${i}`,
            project,
            section: sections[i % sections.length]!,
            assignee: people[i % people.length]!,
            notes: `Checklist item ${i}: draft, review, publish.`,
            due_on: "2026-12-15",
            completed: i % 4 === 0,
          });
          count += 1;
        }
      }
      const credentials = { ASANA_ACCESS_TOKEN: TOKEN, ASANA_WORKSPACE_ID: workspace };
      return {
        handler: forwardTo(fake.url),
        basePath: API_PATH,
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords: count,
        expectedRequests: 1 + pages.reduce((sum, n) => sum + n, 0),
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
