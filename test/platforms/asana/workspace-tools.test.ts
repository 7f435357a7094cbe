import { describe, expect, it } from "vitest";
import { createProjectStatus } from "../../../services/platforms/asana/tools/create-project-status.js";
import { getProject } from "../../../services/platforms/asana/tools/get-project.js";
import { listProjectStatuses } from "../../../services/platforms/asana/tools/list-project-statuses.js";
import { listProjects } from "../../../services/platforms/asana/tools/list-projects.js";
import { listSections } from "../../../services/platforms/asana/tools/list-sections.js";
import { listTags } from "../../../services/platforms/asana/tools/list-tags.js";
import { listWorkspaces } from "../../../services/platforms/asana/tools/list-workspaces.js";
import { listWebhooks } from "../../../services/platforms/asana/tools/list-webhooks.js";
import { deleteWebhook } from "../../../services/platforms/asana/tools/delete-webhook.js";
import { deleteProjectStatus } from "../../../services/platforms/asana/tools/delete-project-status.js";
import { searchObjects } from "../../../services/platforms/asana/tools/search-objects.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, TOKEN, lastData, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(() => startHarness({ ASANA_ACCESS_TOKEN: TOKEN }), (started) => (h = started));

describe("Asana workspaces and projects", () => {
  it("lists workspaces and says which one is the default", async () => {
    const result = await h.call(listWorkspaces, {});
    expect(result).toEqual({ workspaces: [{ gid: h.ws.workspace, name: "Acme", isOrganization: true }], defaultWorkspace: null });
  });

  it("needs a workspace when ASANA_WORKSPACE_ID is not set, and says so without calling Asana", async () => {
    const error = await upstreamErrorOf(h.call(listProjects, {}));
    expect(error.safeMessage).toMatch(/ASANA_WORKSPACE_ID is not set/);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("finds projects by name across pages, leaving archived ones out", async () => {
    for (let i = 0; i < 120; i += 1) h.fake.addProject(h.ws.workspace, `Filler ${i}`);
    h.fake.addProject(h.ws.workspace, "Website launch v2");
    const result = await h.call(listProjects, { workspace: h.ws.workspace, nameContains: "website" });
    expect(result.projects.map((p) => p.name)).toEqual(["Website launch", "Website launch v2"]);
    expect(result.projects[0]).toMatchObject({ gid: h.ws.launch, owner: { gid: h.ws.ada, name: "Ada Lovelace" }, dueOn: "2026-12-15", url: `https://app.asana.com/0/${h.ws.launch}` });
    expect(h.fake.requests.map((r) => [r.path, r.query.get("archived"), r.query.get("limit"), r.query.has("offset")])).toEqual([
      ["/projects", "false", "100", false],
      ["/projects", "false", "100", true],
    ]);
  });

  it("gets a project with its task counts", async () => {
    const result = await h.call(getProject, { project: h.ws.launch });
    expect(result.project).toMatchObject({ name: "Website launch", notes: "Ship the new website by December.", currentStatus: null });
    expect(result.taskCounts).toEqual({ tasks: 3, incompleteTasks: 2, completedTasks: 1, milestones: 0, incompleteMilestones: 0 });
  });

  it("lists a project's sections in order", async () => {
    const result = await h.call(listSections, { project: h.ws.launch });
    expect(result).toEqual({ sections: [{ gid: h.ws.sections.todo, name: "To do" }, { gid: h.ws.sections.doing, name: "Doing" }, { gid: h.ws.sections.done, name: "Done" }], truncated: false });
  });

  it("posts a status update and reads it back as the project's current status", async () => {
    const posted = await h.call(createProjectStatus, { project: h.ws.launch, statusType: "at_risk", title: "Week 47", text: "Copy is late." });
    expect(lastData(h.fake)).toEqual({ parent: h.ws.launch, status_type: "at_risk", text: "Copy is late.", title: "Week 47" });
    expect(posted.status).toMatchObject({ statusType: "at_risk", title: "Week 47", author: { gid: h.ws.ada, name: "Ada Lovelace" } });
    const listed = await h.call(listProjectStatuses, { project: h.ws.launch });
    expect(listed.statuses.map((s) => s.text)).toEqual(["Copy is late."]);
    const project = await h.call(getProject, { project: h.ws.launch, includeTaskCounts: false });
    expect(project.project.currentStatus).toEqual({ title: "Week 47", statusType: "at_risk", text: "Copy is late." });
  });

  it("deletes a status update, which clears the project's current status", async () => {
    const posted = await h.call(createProjectStatus, { project: h.ws.launch, statusType: "on_track", text: "All good." });
    expect(await h.call(deleteProjectStatus, { status: posted.status.gid })).toEqual({ deleted: posted.status.gid });
    expect(h.fake.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/status_updates/${posted.status.gid}`, status: 200 });
    expect((await h.call(listProjectStatuses, { project: h.ws.launch })).statuses).toEqual([]);
  });

  it("finds objects by name through the typeahead", async () => {
    const projects = await h.call(searchObjects, { workspace: h.ws.workspace, resourceType: "project", query: "launch" });
    expect(projects).toEqual({ resourceType: "project", results: [{ gid: h.ws.launch, name: "Website launch" }] });
    expect(Object.fromEntries(h.fake.requests[0]?.query ?? [])).toEqual({ resource_type: "project", query: "launch", count: "20", opt_fields: "name" });
    const users = await h.call(searchObjects, { workspace: h.ws.workspace, resourceType: "user", query: "grace", count: 5 });
    expect(users.results).toEqual([{ gid: h.ws.grace, name: "Grace Hopper" }]);
  });

  it("lists tags of the workspace", async () => {
    const result = await h.call(listTags, { workspace: h.ws.workspace });
    expect(result.tags).toEqual([{ gid: h.ws.tag, name: "blocked", color: "dark-red" }]);
  });

  it("lists webhooks without their registration token and deletes one", async () => {
    const webhook = h.fake.add("webhook", {
      active: true,
      resource: { $ref: h.ws.launch },
      target: "https://hooks.acme.test/webhook/asana/events?registration=abc",
      created_at: "2026-11-01T00:00:00.000Z",
      last_success_at: null,
      last_failure_at: null,
      last_failure_content: "",
      filters: [],
      workspace_gid: h.ws.workspace,
    });
    const listed = await h.call(listWebhooks, { workspace: h.ws.workspace });
    expect(listed.webhooks).toEqual([
      { gid: webhook.gid, active: true, resource: { gid: h.ws.launch, name: "Website launch" }, target: "https://hooks.acme.test/webhook/asana/events", lastSuccessAt: null, lastFailureAt: null, lastFailure: "", filters: [] },
    ]);
    expect(await h.call(deleteWebhook, { webhook: webhook.gid })).toEqual({ deleted: webhook.gid });
    expect(h.fake.objects.has(webhook.gid)).toBe(false);
  });
});
