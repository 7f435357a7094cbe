import { describe, expect, it } from "vitest";
import { listProjects } from "../../../services/platforms/linear/tools/list-projects.js";
import { listTeams } from "../../../services/platforms/linear/tools/list-teams.js";
import { listWorkflowStates } from "../../../services/platforms/linear/tools/list-workflow-states.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, lastOperation, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("linear_list_teams", () => {
  it("lists teams with key and name, paging with endCursor", async () => {
    const first = await h.call(listTeams, { limit: 1 });
    expect(lastOperation(h.fake)).toEqual({ name: "Teams", variables: { first: 1 } });
    expect(first.teams).toEqual([{ id: h.ws.eng, key: "ENG", name: "Engineering", description: "Product engineering" }]);
    const second = await h.call(listTeams, { limit: 1, after: first.nextCursor });
    expect(second.teams).toEqual([{ id: h.ws.ops, key: "OPS", name: "Operations" }]);
    expect(second.nextCursor).toBeUndefined();
  });
});

describe("linear_list_workflow_states", () => {
  it("lists one team's states in board order", async () => {
    const { states } = await h.call(listWorkflowStates, { teamId: h.ws.eng });
    expect(lastOperation(h.fake)).toEqual({ name: "WorkflowStates", variables: { filter: { team: { id: { eq: h.ws.eng } } }, first: 100 } });
    expect(states.map((s) => `${s.name}:${s.type}`)).toEqual(["Backlog:backlog", "Todo:unstarted", "In Progress:started", "Done:completed", "Canceled:canceled"]);
    expect(states.every((s) => s.team === "ENG")).toBe(true);
  });

  it("groups all teams' states by team when no team is given", async () => {
    const { states } = await h.call(listWorkflowStates, {});
    expect(lastOperation(h.fake).variables).toEqual({ first: 100 });
    expect(states.map((s) => s.team)).toEqual(["ENG", "ENG", "ENG", "ENG", "ENG", "OPS"]);
  });
});

describe("linear_list_projects", () => {
  it("lists active projects by default with status, rounded progress, lead and teams", async () => {
    const { projects } = await h.call(listProjects, {});
    expect(lastOperation(h.fake)).toEqual({ name: "Projects", variables: { filter: { status: { type: { nin: ["completed", "canceled"] } } }, first: 25 } });
    expect(projects).toEqual([
      {
        id: h.ws.checkout,
        name: "Checkout revamp",
        status: "In Progress",
        statusType: "started",
        progress: 0.46,
        lead: "Ada Lovelace",
        teams: ["ENG"],
        targetDate: "2026-12-15",
        updatedAt: "2026-11-01T00:00:00.000Z",
        url: `https://linear.app/acme/project/${h.ws.checkout}`,
        description: "Rebuild the checkout flow",
      },
    ]);
  });

  it("filters by team and name, including finished projects when asked", async () => {
    const { projects } = await h.call(listProjects, { teamId: h.ws.ops, name: "launch", activeOnly: false });
    expect(lastOperation(h.fake).variables.filter).toEqual({
      accessibleTeams: { some: { id: { eq: h.ws.ops } } },
      name: { containsIgnoreCase: "launch" },
    });
    expect(projects.map((p) => [p.name, p.statusType, p.teams])).toEqual([["Old launch", "completed", ["ENG", "OPS"]]]);
  });
});
