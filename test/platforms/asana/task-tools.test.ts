import { describe, expect, it } from "vitest";
import { addComment } from "../../../services/platforms/asana/tools/add-comment.js";
import { addTaskDependencies } from "../../../services/platforms/asana/tools/add-task-dependencies.js";
import { createTask } from "../../../services/platforms/asana/tools/create-task.js";
import { getTask } from "../../../services/platforms/asana/tools/get-task.js";
import { getTasks } from "../../../services/platforms/asana/tools/get-tasks.js";
import { listMyTasks } from "../../../services/platforms/asana/tools/list-my-tasks.js";
import { listTaskStories } from "../../../services/platforms/asana/tools/list-task-stories.js";
import { listTasks } from "../../../services/platforms/asana/tools/list-tasks.js";
import { moveTaskToSection } from "../../../services/platforms/asana/tools/move-task-to-section.js";
import { searchTasks } from "../../../services/platforms/asana/tools/search-tasks.js";
import { setTaskParent } from "../../../services/platforms/asana/tools/set-task-parent.js";
import { updateTask } from "../../../services/platforms/asana/tools/update-task.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, TOKEN, lastData, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(() => startHarness({ ASANA_ACCESS_TOKEN: TOKEN, ASANA_WORKSPACE_ID: "" }), (started) => (h = started));

describe("Asana task reads", () => {
  it("lists a project's incomplete tasks with their sections, one page at a time", async () => {
    const first = await h.call(listTasks, { project: h.ws.launch, limit: 1 });
    expect(first.tasks.map((t) => t.name)).toEqual(["Write launch copy"]);
    expect(first.tasks[0]).toMatchObject({ assignee: { name: "Ada Lovelace" }, projects: [{ project: { name: "Website launch" }, section: { name: "Doing" } }], dueOn: "2026-11-25" });
    expect(first.nextOffset).not.toBeNull();
    const second = await h.call(listTasks, { project: h.ws.launch, limit: 1, offset: first.nextOffset ?? "" });
    expect(second.tasks.map((t) => t.name)).toEqual(["Pricing page"]);
    expect(second.nextOffset).toBeNull();
    expect(h.fake.requests[0]?.query.get("completed_since")).toBe("now");
    const all = await h.call(listTasks, { project: h.ws.launch, includeCompleted: true });
    expect(all.tasks.map((t) => t.name)).toEqual(["Write launch copy", "Pricing page", "Launch checklist"]);
  });

  it("lists tasks by section and by tag, and wants exactly one of project, section or tag", async () => {
    expect((await h.call(listTasks, { section: h.ws.sections.todo })).tasks.map((t) => t.name)).toEqual(["Pricing page"]);
    expect((await h.call(listTasks, { tag: h.ws.tag })).tasks.map((t) => t.name)).toEqual(["Pricing page"]);
    expect(h.fake.requests.map((r) => r.path)).toEqual([`/sections/${h.ws.sections.todo}/tasks`, `/tags/${h.ws.tag}/tasks`]);
    const error = await upstreamErrorOf(h.call(listTasks, { project: h.ws.launch, tag: h.ws.tag }));
    expect(error.safeMessage).toMatch(/exactly one/);
  });

  it("lists my incomplete tasks in a workspace", async () => {
    const result = await h.call(listMyTasks, { workspace: h.ws.workspace });
    expect(result.tasks.map((t) => t.name)).toEqual(["Write launch copy", "On-call handover"]);
    expect(Object.fromEntries(h.fake.requests[0]?.query ?? [])).toMatchObject({ assignee: "me", workspace: h.ws.workspace, completed_since: "now" });
  });

  it("searches tasks by text and assignee (premium)", async () => {
    const result = await h.call(searchTasks, { workspace: h.ws.workspace, text: "faq", assignees: [h.ws.ada] });
    expect(result.tasks.map((t) => t.name)).toEqual(["Write launch copy"]);
    expect(Object.fromEntries(h.fake.requests[0]?.query ?? [])).toMatchObject({ text: "faq", "assignee.any": h.ws.ada, sort_by: "modified_at", limit: "25" });
  });

  it("answers a free workspace's search with Asana's 402, not a crash", async () => {
    h.fake.premium = false;
    const error = await upstreamErrorOf(h.call(searchTasks, { workspace: h.ws.workspace, text: "copy" }));
    expect(error).toMatchObject({ status: 402, retryable: false });
  });

  it("gets a task with its subtasks and comments", async () => {
    const result = await h.call(getTask, { task: h.ws.tasks.copy });
    expect(result.task).toMatchObject({ name: "Write launch copy", notes: "Hero text, pricing blurb and FAQ.", subtaskCount: 1, completed: false, url: `https://app.asana.com/1/0/task/${h.ws.tasks.copy}` });
    expect(result.subtasks.map((t) => [t.name, t.assignee?.name])).toEqual([["Proofread FAQ", "Grace Hopper"]]);
    expect(result.stories.map((s) => [s.kind, s.isComment, s.author?.name, s.text])).toEqual([
      ["comment_added", true, "Grace Hopper", "Draft is in the doc."],
      ["assigned", false, "Grace Hopper", "assigned to Ada Lovelace"],
    ]);
    const commentsOnly = await h.call(getTask, { task: h.ws.tasks.copy, subtasks: 0, commentsOnly: true });
    expect(commentsOnly.stories).toHaveLength(1);
  });

  it("gets several tasks and lists the ones Asana does not know as missing", async () => {
    const result = await h.call(getTasks, { tasks: [h.ws.tasks.copy, "1299999999999999", h.ws.tasks.oncall] });
    expect(result.tasks.map((t) => t.name)).toEqual(["Write launch copy", "On-call handover"]);
    expect(result.missing).toEqual(["1299999999999999"]);
  });

  it("lists a task's stories, comments only on request", async () => {
    const result = await h.call(listTaskStories, { task: h.ws.tasks.copy, commentsOnly: true });
    expect(result.stories.map((s) => s.text)).toEqual(["Draft is in the doc."]);
  });
});

describe("Asana task writes", () => {
  it("creates a task in a project section, assigned and due", async () => {
    const result = await h.call(createTask, { name: "Book launch party", project: h.ws.launch, section: h.ws.sections.todo, assignee: "grace@acme.test", dueOn: "2026-12-10" });
    expect(lastData(h.fake)).toEqual({ name: "Book launch party", assignee: "grace@acme.test", due_on: "2026-12-10", memberships: [{ project: h.ws.launch, section: h.ws.sections.todo }] });
    expect(result.task).toMatchObject({ name: "Book launch party", assignee: { gid: h.ws.grace, name: "Grace Hopper" }, dueOn: "2026-12-10", projects: [{ project: { gid: h.ws.launch }, section: { name: "To do" } }] });
  });

  it("creates a subtask under a parent, and a private task in the workspace", async () => {
    const subtask = await h.call(createTask, { name: "Check links", parent: h.ws.tasks.copy });
    expect(h.fake.requests.at(-1)?.path).toBe(`/tasks/${h.ws.tasks.copy}/subtasks`);
    expect(subtask.task.parent).toEqual({ gid: h.ws.tasks.copy, name: "Write launch copy" });
    const loose = await h.call(createTask, { name: "Personal todo", workspace: h.ws.workspace });
    expect(lastData(h.fake)).toEqual({ name: "Personal todo", workspace: h.ws.workspace });
    expect(loose.task.projects).toEqual([]);
    const error = await upstreamErrorOf(h.call(createTask, { name: "Nowhere" }));
    expect(error.safeMessage).toMatch(/give a project, a parent or a workspace/);
  });

  it("updates only the fields given, and clears with null", async () => {
    const result = await h.call(updateTask, { task: h.ws.tasks.copy, name: "Write launch copy (v2)", assignee: null, dueOn: null });
    expect(lastData(h.fake)).toEqual({ name: "Write launch copy (v2)", assignee: null, due_on: null });
    expect(result.task).toMatchObject({ name: "Write launch copy (v2)", assignee: null, dueOn: null });
    expect(await upstreamErrorOf(h.call(updateTask, { task: h.ws.tasks.copy }))).toMatchObject({ safeMessage: "nothing to change: give at least one field" });
  });

  it("completes and reopens a task", async () => {
    const done = await h.call(updateTask, { task: h.ws.tasks.pricing, completed: true });
    expect(lastData(h.fake)).toEqual({ completed: true });
    expect(done.task.completed).toBe(true);
    expect(done.task.completedAt).not.toBeNull();
    const reopened = await h.call(updateTask, { task: h.ws.tasks.pricing, completed: false });
    expect(reopened.task).toMatchObject({ completed: false, completedAt: null });
  });

  it("comments on a task as the token's user", async () => {
    const result = await h.call(addComment, { task: h.ws.tasks.copy, text: "Looks good, ship it." });
    expect(lastData(h.fake)).toEqual({ text: "Looks good, ship it." });
    expect(result).toMatchObject({ task: h.ws.tasks.copy, comment: { isComment: true, text: "Looks good, ship it.", author: { name: "Ada Lovelace" } } });
  });

  it("sets and removes a task's parent", async () => {
    const moved = await h.call(setTaskParent, { task: h.ws.tasks.pricing, parent: h.ws.tasks.copy, insertAfter: h.ws.tasks.subtask });
    expect(lastData(h.fake)).toEqual({ parent: h.ws.tasks.copy, insert_after: h.ws.tasks.subtask });
    expect(moved.task.parent?.gid).toBe(h.ws.tasks.copy);
    const top = await h.call(setTaskParent, { task: h.ws.tasks.pricing, parent: null });
    expect(lastData(h.fake)).toEqual({ parent: null });
    expect(top.task.parent).toBeNull();
  });

  it("adds dependencies and dependents, and moves a task between sections", async () => {
    await h.call(addTaskDependencies, { task: h.ws.tasks.checklist, dependsOn: [h.ws.tasks.copy, h.ws.tasks.pricing] });
    expect(lastData(h.fake)).toEqual({ dependencies: [h.ws.tasks.copy, h.ws.tasks.pricing] });
    const blocking = await h.call(addTaskDependencies, { task: h.ws.tasks.pricing, blocks: [h.ws.tasks.oncall] });
    expect(blocking).toEqual({ task: h.ws.tasks.pricing, dependsOn: [], blocks: [h.ws.tasks.oncall] });
    expect(h.fake.requests.at(-1)?.path).toBe(`/tasks/${h.ws.tasks.pricing}/addDependents`);
    expect(lastData(h.fake)).toEqual({ dependents: [h.ws.tasks.oncall] });
    expect(h.fake.get(h.ws.tasks.oncall).dependencies).toEqual([{ $ref: h.ws.tasks.pricing }]);
    expect((await upstreamErrorOf(h.call(addTaskDependencies, { task: h.ws.tasks.pricing }))).safeMessage).toBe("give dependsOn, blocks or both");
    await h.call(moveTaskToSection, { task: h.ws.tasks.copy, section: h.ws.sections.done });
    expect(h.fake.requests.at(-1)?.path).toBe(`/sections/${h.ws.sections.done}/addTask`);
    expect(lastData(h.fake)).toEqual({ task: h.ws.tasks.copy });
    expect((await h.call(listTasks, { section: h.ws.sections.done, includeCompleted: true })).tasks.map((t) => t.name)).toEqual(["Write launch copy", "Launch checklist"]);
  });
});
