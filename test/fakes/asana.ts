/**
 * The Asana REST API on loopback (https://app.asana.com/api/1.0, developers.asana.com/reference): a
 * small in-memory workspace of users, projects, sections, tasks, stories, status updates, tags and
 * webhooks, answered in Asana's own shapes: `{ data }` envelopes, `next_page: { offset, path, uri }`
 * pagination with opaque offsets, objects rendered with exactly the `opt_fields` asked for (an unknown
 * field is a 400, as on Asana), `{ errors: [{ message, help }] }` errors, 429 with Retry-After.
 *
 * It checks what we send: the Bearer token, the query parameters each endpoint takes (anything else
 * is unexpected), `limit` 1-100, JSON bodies wrapped in `data` with the documented fields (strict).
 * Creating a webhook performs Asana's handshake against the target, as Asana does, and `deliver`
 * signs event batches with the secret it chose (hex HMAC-SHA256, computed here, not by the code under
 * test). Anything it does not recognise is answered 400/404 and listed in `unexpected`.
 */
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, type FakeRoute, startDeclared } from "../support/loopback.js";

export const API_PATH = "/api/1.0";

/** a request as the fake saw it, its path below /api/1.0 */
export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

/** A relation to another stored object. */
interface Ref {
  readonly $ref: string;
}
type Value = string | number | boolean | null | Ref | Value[] | { [key: string]: Value };
export interface StoredObject {
  gid: string;
  resource_type: string;
  [field: string]: Value;
}

const ref = (gid: string | null | undefined): Ref | null => (gid ? { $ref: gid } : null);
const isRef = (value: unknown): value is Ref => typeof value === "object" && value !== null && "$ref" in value;

/** Asana's `{ errors: [{ message, help }] }` */
function rejection(status: number, message: string, expected = false, headers: Readonly<Record<string, string>> = {}): FakeRejection {
  return new FakeRejection(status, message, "error", expected, headers);
}

const PAGED = ["limit", "offset", "opt_fields", "opt_pretty"];
const dateSchema = z.iso.date();
const taskWriteSchema = z.strictObject({
  name: z.string().min(1).optional(),
  notes: z.string().optional(),
  assignee: z.string().min(1).nullable().optional(),
  due_on: dateSchema.nullable().optional(),
  due_at: z.iso.datetime({ offset: true }).nullable().optional(),
  start_on: dateSchema.nullable().optional(),
  completed: z.boolean().optional(),
  projects: z.array(z.string()).optional(),
  workspace: z.string().optional(),
  memberships: z.array(z.strictObject({ project: z.string(), section: z.string() })).optional(),
  tags: z.array(z.string()).optional(),
});

export class AsanaFake extends DeclaredPlatformFake {
  readonly objects = new Map<string, StoredObject>();
  /** the secret Asana chose for each webhook, by webhook gid */
  readonly hookSecrets = new Map<string, string>();
  viewer = "";
  /** search is a premium feature; a free workspace answers 402 */
  premium = true;
  private nextGid = 1_200_000_000_000_000;
  private clock = Date.parse("2026-11-01T00:00:00.000Z");

  private constructor(http: DeclaredFake, readonly token: string) {
    super(http);
  }

  /** Queued failures (`failNext`) name their path below /api/1.0. */
  static async start(token = "asana-pat-test"): Promise<AsanaFake> {
    return startDeclared<AsanaFake>(
      (self) => ({
        basePath: API_PATH,
        contentType: "application/json; charset=UTF-8",
        errorBody: (rejected) => ({ errors: [{ message: rejected.message, help: "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors" }] }),
        authorize: (request) => {
          if (request.headers.authorization !== `Bearer ${self().token}`) throw rejection(401, "Not Authorized", true);
        },
        routes: AsanaFake.routes(self),
      }),
      (http) => new AsanaFake(http, token),
    );
  }

  get apiUrl(): string {
    return `${this.url}${API_PATH}`;
  }

  private static routes(self: () => AsanaFake): FakeRoute[] {
    const id = (request: RecordedRequest) => request.params.gid ?? "";
    /** the objects of a type whose `field` refers to the route's parent (after checking the parent exists) */
    const children = (parentType: string, type: string, field: string) => (r: RecordedRequest) => {
      self().get(id(r), parentType);
      return self().list(r, [], self().all(type).filter((o) => { const value = o[field]; return isRef(value) && value.$ref === id(r); }));
    };
    return [
      { method: "GET", path: "/workspaces", handle: (r) => self().list(r, [], self().all("workspace")) },
      { method: "GET", path: "/users/:gid", handle: (r) => self().one(r, [], id(r) === "me" ? self().viewer : id(r), "user") },
      { method: "GET", path: "/projects", handle: (r) => self().listProjects(r) },
      { method: "GET", path: "/projects/:gid(\\d+)", handle: (r) => self().one(r, [], id(r), "project") },
      { method: "GET", path: "/projects/:gid(\\d+)/task_counts", handle: (r) => self().taskCounts(r, id(r)) },
      { method: "GET", path: "/projects/:gid(\\d+)/sections", handle: children("project", "section", "project") },
      { method: "GET", path: "/tasks", handle: (r) => self().listTasks(r) },
      { method: "GET", path: "/sections/:gid(\\d+)/tasks", handle: (r) => self().listTasksIn(r, id(r), "section") },
      { method: "GET", path: "/tags/:gid(\\d+)/tasks", handle: (r) => self().listTasksIn(r, id(r), "tag") },
      { method: "GET", path: "/workspaces/:gid(\\d+)/tasks/search", handle: (r) => self().search(r, id(r)) },
      { method: "GET", path: "/tasks/:gid(\\d+)", handle: (r) => self().one(r, [], id(r), "task") },
      { method: "GET", path: "/tasks/:gid(\\d+)/subtasks", handle: children("task", "task", "parent") },
      { method: "GET", path: "/tasks/:gid(\\d+)/stories", handle: children("task", "story", "target") },
      { method: "GET", path: "/stories/:gid(\\d+)", handle: (r) => self().one(r, [], id(r), "story") },
      { method: "POST", path: "/tasks", handle: (r) => self().createTask(r) },
      { method: "POST", path: "/tasks/:gid(\\d+)/subtasks", handle: (r) => self().createTask(r, id(r)) },
      { method: "PUT", path: "/tasks/:gid(\\d+)", handle: (r) => self().updateTask(r, id(r)) },
      { method: "POST", path: "/tasks/:gid(\\d+)/setParent", handle: (r) => self().setParent(r, id(r)) },
      { method: "POST", path: "/tasks/:gid(\\d+)/addDependencies", handle: (r) => self().addDependencies(r, id(r)) },
      { method: "POST", path: "/tasks/:gid(\\d+)/addDependents", handle: (r) => self().addDependents(r, id(r)) },
      { method: "POST", path: "/sections/:gid(\\d+)/addTask", handle: (r) => self().addToSection(r, id(r)) },
      { method: "POST", path: "/tasks/:gid(\\d+)/stories", handle: (r) => self().comment(r, id(r)) },
      { method: "GET", path: "/status_updates", handle: (r) => self().listStatuses(r) },
      { method: "POST", path: "/status_updates", handle: (r) => self().createStatus(r) },
      { method: "DELETE", path: "/status_updates/:gid(\\d+)", handle: (r) => self().deleteStatus(r, id(r)) },
      { method: "GET", path: "/workspaces/:gid(\\d+)/typeahead", handle: (r) => self().typeahead(r, id(r)) },
      { method: "GET", path: "/workspaces/:gid(\\d+)/tags", handle: children("workspace", "tag", "workspace") },
      { method: "GET", path: "/webhooks", handle: (r) => self().listWebhooks(r) },
      { method: "POST", path: "/webhooks", handle: (r) => self().createWebhook(r) },
      {
        method: "DELETE",
        path: "/webhooks/:gid(\\d+)",
        handle: (r) => {
          self().get(id(r), "webhook");
          self().objects.delete(id(r));
          return { body: { data: {} } };
        },
      },
    ];
  }

  gid(): string {
    this.nextGid += 1;
    return String(this.nextGid);
  }

  /** A timestamp one second after the last one handed out. */
  tick(): string {
    this.clock += 1_000;
    return new Date(this.clock).toISOString();
  }

  add(resource_type: string, fields: Record<string, Value>, gid = this.gid()): StoredObject {
    const object: StoredObject = { ...fields, gid, resource_type };
    this.objects.set(gid, object);
    return object;
  }

  get(gid: string, type?: string): StoredObject {
    const object = this.objects.get(gid);
    if (object === undefined || (type !== undefined && object.resource_type !== type)) throw rejection(404, `${type ?? "object"}: Unknown object: ${gid}`, true);
    return object;
  }

  all(type: string): StoredObject[] {
    return [...this.objects.values()].filter((o) => o.resource_type === type);
  }

  addUser(name: string, email: string): StoredObject {
    return this.add("user", { name, email });
  }
  addWorkspace(name: string): StoredObject {
    return this.add("workspace", { name, is_organization: true });
  }
  addProject(workspace: string, name: string, extra: Record<string, Value> = {}): StoredObject {
    const at = this.tick();
    const project = this.add("project", {
      name,
      notes: "",
      archived: false,
      color: null,
      created_at: at,
      modified_at: at,
      due_on: null,
      start_on: null,
      owner: null,
      team: null,
      workspace: ref(workspace),
      current_status_update: null,
      ...extra,
    });
    project.permalink_url = `https://app.asana.com/0/${project.gid}`;
    return project;
  }
  addSection(project: string, name: string): StoredObject {
    return this.add("section", { name, created_at: this.tick(), project: ref(project) });
  }
  addTask(fields: { name: string; project?: string; section?: string; workspace?: string; parent?: string; assignee?: string; notes?: string; due_on?: string; completed?: boolean; modified_at?: string; tags?: string[] }): StoredObject {
    const at = fields.modified_at ?? this.tick();
    const workspace = fields.workspace ?? (fields.project ? (this.get(fields.project).workspace as Ref | null)?.$ref : undefined) ?? null;
    const task = this.add("task", {
      name: fields.name,
      resource_subtype: "default_task",
      notes: fields.notes ?? "",
      completed: fields.completed ?? false,
      completed_at: fields.completed ? at : null,
      assignee: ref(fields.assignee),
      due_on: fields.due_on ?? null,
      due_at: null,
      start_on: null,
      created_at: at,
      modified_at: at,
      parent: ref(fields.parent),
      memberships: fields.project ? [{ project: ref(fields.project), section: ref(fields.section) }] : [],
      tags: (fields.tags ?? []).map((t) => ref(t)),
      num_subtasks: 0,
      workspace: ref(workspace),
      dependencies: [],
    });
    task.permalink_url = `https://app.asana.com/1/0/task/${task.gid}`;
    if (fields.parent) this.get(fields.parent).num_subtasks = this.all("task").filter((t) => isRef(t.parent) && t.parent.$ref === fields.parent).length;
    return task;
  }
  addStory(task: string, fields: { text: string; by?: string; comment?: boolean; created_at?: string }): StoredObject {
    return this.add("story", {
      created_at: fields.created_at ?? this.tick(),
      created_by: ref(fields.by),
      resource_subtype: fields.comment === false ? "assigned" : "comment_added",
      type: fields.comment === false ? "system" : "comment",
      text: fields.text,
      target: ref(task),
    });
  }
  /** Changes a task as a person in Asana would, moving its modified_at. */
  touch(task: string, changes: Record<string, Value>, at = this.tick()): void {
    Object.assign(this.get(task, "task"), changes, { modified_at: at });
  }

  /**
   * Sends `events` to a webhook's target as Asana does, signed with the secret Asana chose in the
   * handshake: `X-Hook-Signature` = hex HMAC-SHA256 of the body (computed here, independently).
   */
  async deliver(webhookGid: string, events: readonly unknown[], options: { secret?: string; body?: string } = {}): Promise<Response> {
    const webhook = this.get(webhookGid, "webhook");
    const body = options.body ?? JSON.stringify({ events });
    const secret = options.secret ?? this.hookSecrets.get(webhookGid) ?? "";
    return fetch(String(webhook.target), {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "x-hook-signature": createHmac("sha256", secret).update(body).digest("hex") },
      body,
    });
  }

  private listStatuses(request: RecordedRequest): FakeAnswer {
    this.allowQuery(request, [...PAGED, "parent", "created_since"]);
    const parent = this.required(request, "parent");
    this.get(parent);
    return this.list(request, ["parent", "created_since"], this.all("status_update").filter((s) => isRef(s.parent) && s.parent.$ref === parent).reverse());
  }

  private deleteStatus(request: RecordedRequest, gid: string): FakeAnswer {
    this.allowQuery(request, ["opt_pretty"]);
    const status = this.get(gid, "status_update");
    const parent = isRef(status.parent) ? this.objects.get(status.parent.$ref) : undefined;
    if (parent && isRef(parent.current_status_update) && parent.current_status_update.$ref === status.gid) parent.current_status_update = null;
    this.objects.delete(status.gid);
    return { body: { data: {} } };
  }

  private listWebhooks(request: RecordedRequest): FakeAnswer {
    this.allowQuery(request, [...PAGED, "workspace", "resource"]);
    const workspace = this.required(request, "workspace");
    const resource = request.query.get("resource");
    return this.list(request, ["workspace", "resource"], this.all("webhook").filter((w) => w.workspace_gid === workspace && (resource === null || (isRef(w.resource) && w.resource.$ref === resource))));
  }

  // --- reading

  private allowQuery(request: RecordedRequest, allowed: readonly string[]): void {
    for (const name of request.query.keys()) if (!allowed.includes(name)) throw rejection(400, `${name}: Not a recognized parameter for ${request.method} ${request.path}`);
  }

  private required(request: RecordedRequest, name: string): string {
    const value = request.query.get(name);
    if (value === null || value === "") throw rejection(400, `${name}: Missing input`);
    return value;
  }

  private fields(request: RecordedRequest): string[] {
    const value = request.query.get("opt_fields");
    return value === null || value === "" ? ["name"] : value.split(",");
  }

  /** An object with exactly these fields (dotted paths reach into relations), as Asana renders opt_fields. */
  render(object: StoredObject, fields: readonly string[]): Record<string, unknown> {
    return { gid: object.gid, resource_type: object.resource_type, ...this.renderFields(object, fields, object.resource_type) };
  }

  private renderFields(source: Record<string, Value>, fields: readonly string[], type: string): Record<string, unknown> {
    const groups = new Map<string, string[]>();
    for (const field of fields) {
      const [head = "", ...rest] = field.split(".");
      const group = groups.get(head) ?? [];
      if (rest.length > 0) group.push(rest.join("."));
      groups.set(head, group);
    }
    const out: Record<string, unknown> = {};
    for (const [name, sub] of groups) {
      if (name === "gid" || name === "resource_type") continue;
      if (!(name in source) || name === "dependencies" || name === "workspace_gid") throw rejection(400, `opt_fields: Unknown field: ${name} on ${type}`);
      out[name] = this.renderValue(source[name] ?? null, sub, `${type}.${name}`);
    }
    return out;
  }

  private renderValue(value: Value, sub: readonly string[], where: string): unknown {
    // an empty relation renders as null whatever was asked of it
    if (value === null) return null;
    if (Array.isArray(value)) return value.map((item) => this.renderValue(item, sub, where));
    if (isRef(value)) {
      const target = this.objects.get(value.$ref);
      if (target === undefined) return null;
      return sub.length === 0 ? { gid: target.gid, resource_type: target.resource_type } : this.render(target, sub);
    }
    if (value !== null && typeof value === "object") {
      if (sub.length === 0) throw rejection(400, `opt_fields: ${where} needs sub-fields`);
      return this.renderFields(value, sub, where);
    }
    if (sub.length > 0) throw rejection(400, `opt_fields: ${where} has no sub-fields`);
    return value;
  }

  private one(request: RecordedRequest, extra: readonly string[], gid: string, type: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty", ...extra]);
    return { status: 200, body: { data: this.render(this.get(gid, type), this.fields(request)) } };
  }

  /** One page of `items` at the request's offset; offsets are opaque and bound to the query they came from. */
  private list(request: RecordedRequest, extra: readonly string[], items: readonly StoredObject[]): { status: number; body: unknown } {
    this.allowQuery(request, [...PAGED, ...extra]);
    const limitText = request.query.get("limit");
    const limit = limitText === null ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw rejection(400, "limit: Must be between 1 and 100");
    const signature = [...request.query.entries()].filter(([k]) => k !== "offset" && k !== "limit").map(([k, v]) => `${k}=${v}`).sort().join("&");
    let start = 0;
    const offset = request.query.get("offset");
    if (offset !== null) {
      const decoded = /^(\d+):(.*)$/s.exec(Buffer.from(offset, "base64url").toString("utf8"));
      if (decoded === null || decoded[2] !== `${request.path}?${signature}`) throw rejection(400, "offset: Your pagination token is invalid");
      start = Number(decoded[1]);
    }
    const fields = this.fields(request);
    const data = items.slice(start, start + limit).map((item) => this.render(item, fields));
    const end = start + limit;
    const nextOffset = end < items.length ? Buffer.from(`${end}:${request.path}?${signature}`).toString("base64url") : undefined;
    const next_page = nextOffset ? { offset: nextOffset, path: `${request.path}?limit=${limit}&offset=${nextOffset}`, uri: `https://app.asana.com/api/1.0${request.path}?limit=${limit}&offset=${nextOffset}` } : null;
    return { status: 200, body: { data, next_page } };
  }

  private listProjects(request: RecordedRequest): { status: number; body: unknown } {
    this.allowQuery(request, [...PAGED, "workspace", "team", "archived"]);
    const workspace = this.required(request, "workspace");
    this.get(workspace, "workspace");
    const archived = request.query.get("archived");
    if (archived !== null && archived !== "true" && archived !== "false") throw rejection(400, "archived: Not a boolean");
    const projects = this.all("project").filter((p) => isRef(p.workspace) && p.workspace.$ref === workspace && (archived === null || String(p.archived) === archived));
    return this.list(request, ["workspace", "team", "archived"], projects);
  }

  private taskCounts(request: RecordedRequest, project: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    this.get(project, "project");
    const tasks = this.tasksIn(project, "project");
    const milestones = tasks.filter((t) => t.resource_subtype === "milestone");
    const counts: Record<string, number> = {
      num_tasks: tasks.length,
      num_incomplete_tasks: tasks.filter((t) => !t.completed).length,
      num_completed_tasks: tasks.filter((t) => t.completed).length,
      num_milestones: milestones.length,
      num_incomplete_milestones: milestones.filter((t) => !t.completed).length,
      num_completed_milestones: milestones.filter((t) => t.completed).length,
    };
    // task counts are opt-in: only the fields asked for are returned
    const asked = this.fields(request);
    for (const field of asked) if (!(field in counts)) throw rejection(400, `opt_fields: Unknown field: ${field} on task_count`);
    return { status: 200, body: { data: Object.fromEntries(asked.map((f) => [f, counts[f]])) } };
  }

  private tasksIn(gid: string, kind: "project" | "section" | "tag"): StoredObject[] {
    return this.all("task").filter((task) => {
      if (kind === "tag") return (task.tags as Value[]).some((t) => isRef(t) && t.$ref === gid);
      return (task.memberships as { project: Value; section: Value }[]).some((m) => {
        const value = kind === "project" ? m.project : m.section;
        return isRef(value) && value.$ref === gid;
      });
    });
  }

  /** completed_since ("now": incomplete only) and modified_since, as GET /tasks applies them. */
  private filterTasks(request: RecordedRequest, tasks: StoredObject[]): StoredObject[] {
    const completedSince = request.query.get("completed_since");
    const modifiedSince = request.query.get("modified_since");
    const instant = (name: string, value: string) => {
      const at = value === "now" ? Date.now() : Date.parse(value);
      if (Number.isNaN(at)) throw rejection(400, `${name}: Not a valid date-time`);
      return at;
    };
    let result = tasks;
    if (completedSince !== null) {
      const since = instant("completed_since", completedSince);
      result = result.filter((t) => !t.completed || Date.parse(String(t.completed_at)) >= since);
    }
    if (modifiedSince !== null) {
      const since = instant("modified_since", modifiedSince);
      result = result.filter((t) => Date.parse(String(t.modified_at)) >= since);
    }
    return result;
  }

  private listTasks(request: RecordedRequest): { status: number; body: unknown } {
    const extra = ["project", "section", "assignee", "workspace", "completed_since", "modified_since"];
    this.allowQuery(request, [...PAGED, ...extra]);
    const project = request.query.get("project");
    const assignee = request.query.get("assignee");
    const workspace = request.query.get("workspace");
    let tasks: StoredObject[];
    if (project !== null) {
      if (assignee !== null || workspace !== null) throw rejection(400, "project: Must specify exactly one of project, tag, section, user task list, or assignee + workspace");
      this.get(project, "project");
      tasks = this.tasksIn(project, "project");
    } else if (assignee !== null && workspace !== null) {
      const user = assignee === "me" ? this.viewer : assignee;
      tasks = this.all("task").filter((t) => isRef(t.assignee) && t.assignee.$ref === user && isRef(t.workspace) && t.workspace.$ref === workspace);
    } else {
      throw rejection(400, "Must specify exactly one of project, tag, section, user task list, or assignee + workspace");
    }
    return this.list(request, extra, this.filterTasks(request, tasks));
  }

  private listTasksIn(request: RecordedRequest, gid: string, kind: "section" | "tag"): { status: number; body: unknown } {
    const extra = kind === "section" ? ["completed_since"] : [];
    this.allowQuery(request, [...PAGED, ...extra]);
    this.get(gid, kind);
    return this.list(request, extra, this.filterTasks(request, this.tasksIn(gid, kind)));
  }

  private search(request: RecordedRequest, workspace: string): { status: number; body: unknown } {
    const params = ["text", "assignee.any", "projects.any", "sections.any", "completed", "due_on.before", "due_on.after", "modified_at.after", "sort_by", "sort_ascending"];
    this.allowQuery(request, ["opt_fields", "opt_pretty", "limit", ...params]);
    this.get(workspace, "workspace");
    if (!this.premium) throw rejection(402, "Search is only available to premium users.", true);
    const q = request.query;
    const anyOf = (name: string) => q.get(name)?.split(",");
    const text = q.get("text")?.toLowerCase();
    const assignees = anyOf("assignee.any")?.map((a) => (a === "me" ? this.viewer : a));
    const projects = anyOf("projects.any");
    let tasks = this.all("task").filter((t) => isRef(t.workspace) && t.workspace.$ref === workspace);
    if (text) tasks = tasks.filter((t) => `${t.name} ${t.notes}`.toLowerCase().includes(text));
    if (assignees) tasks = tasks.filter((t) => isRef(t.assignee) && assignees.includes(t.assignee.$ref));
    if (projects) tasks = tasks.filter((t) => projects.some((p) => this.tasksIn(p, "project").includes(t)));
    const completed = q.get("completed");
    if (completed !== null) tasks = tasks.filter((t) => String(t.completed) === completed);
    const sortBy = q.get("sort_by") ?? "modified_at";
    if (!["due_date", "created_at", "completed_at", "likes", "modified_at"].includes(sortBy)) throw rejection(400, "sort_by: Invalid value");
    if (sortBy === "modified_at") tasks.sort((a, b) => String(b.modified_at).localeCompare(String(a.modified_at)));
    const limit = Number(q.get("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw rejection(400, "limit: Must be between 1 and 100");
    const fields = this.fields(request);
    return { status: 200, body: { data: tasks.slice(0, limit).map((t) => this.render(t, fields)) } };
  }

  // --- writing

  private data<T>(request: RecordedRequest, schema: z.ZodType<T>): T {
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) throw rejection(400, "content-type must be application/json");
    const envelope = z.strictObject({ data: schema }).safeParse(JSON.parse(request.body || "null"));
    if (!envelope.success) throw rejection(400, `invalid body: ${envelope.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return envelope.data.data;
  }

  private user(gidOrMe: string): string {
    if (gidOrMe === "me") return this.viewer;
    const byEmail = this.all("user").find((u) => u.email === gidOrMe);
    return byEmail?.gid ?? this.get(gidOrMe, "user").gid;
  }

  private applyTask(task: StoredObject, write: z.infer<typeof taskWriteSchema>): void {
    if (write.name !== undefined) task.name = write.name;
    if (write.notes !== undefined) task.notes = write.notes;
    if (write.assignee !== undefined) task.assignee = write.assignee === null ? null : ref(this.user(write.assignee));
    if (write.due_on !== undefined) Object.assign(task, { due_on: write.due_on, due_at: null });
    if (write.due_at !== undefined) Object.assign(task, { due_at: write.due_at, due_on: write.due_at?.slice(0, 10) ?? null });
    if (write.start_on !== undefined) task.start_on = write.start_on;
    if (write.completed !== undefined && write.completed !== task.completed) Object.assign(task, { completed: write.completed, completed_at: write.completed ? this.tick() : null });
    if (write.tags !== undefined) task.tags = write.tags.map((t) => ref(this.get(t, "tag").gid));
    task.modified_at = this.tick();
  }

  private createTask(request: RecordedRequest, parent?: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const write = this.data(request, taskWriteSchema);
    if (!write.name) throw rejection(400, "name: Missing input");
    let workspace: string | undefined;
    let memberships: { project: Value; section: Value }[] = [];
    if (parent !== undefined) {
      workspace = (this.get(parent, "task").workspace as Ref).$ref;
    } else if (write.memberships) {
      memberships = write.memberships.map((m) => {
        const section = this.get(m.section, "section");
        if (!isRef(section.project) || section.project.$ref !== m.project) throw rejection(400, "memberships: section is not in that project");
        return { project: ref(m.project), section: ref(m.section) };
      });
      workspace = (this.get(write.memberships[0]!.project, "project").workspace as Ref).$ref;
    } else if (write.projects && write.projects.length > 0) {
      memberships = write.projects.map((p) => ({ project: ref(this.get(p, "project").gid), section: null }));
      workspace = (this.get(write.projects[0]!, "project").workspace as Ref).$ref;
    } else if (write.workspace) {
      workspace = this.get(write.workspace, "workspace").gid;
    } else {
      throw rejection(400, "workspace: Missing input");
    }
    const task = this.addTask({ name: write.name, workspace, ...(parent ? { parent } : {}) });
    task.memberships = memberships;
    this.applyTask(task, { ...write, name: undefined });
    return { status: 201, body: { data: this.render(task, this.fields(request)) } };
  }

  private updateTask(request: RecordedRequest, gid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const write = this.data(request, taskWriteSchema.omit({ projects: true, workspace: true, memberships: true, tags: true }));
    const task = this.get(gid, "task");
    this.applyTask(task, write);
    return { status: 200, body: { data: this.render(task, this.fields(request)) } };
  }

  private setParent(request: RecordedRequest, gid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const write = this.data(request, z.strictObject({ parent: z.string().nullable(), insert_after: z.string().nullable().optional(), insert_before: z.string().nullable().optional() }));
    const task = this.get(gid, "task");
    if (write.parent !== null) {
      if (write.parent === gid) throw rejection(400, "parent: A task cannot be its own parent");
      this.get(write.parent, "task");
    }
    task.parent = ref(write.parent);
    task.modified_at = this.tick();
    return { status: 200, body: { data: this.render(task, this.fields(request)) } };
  }

  private addDependencies(request: RecordedRequest, gid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_pretty"]);
    const write = this.data(request, z.strictObject({ dependencies: z.array(z.string()).min(1) }));
    const task = this.get(gid, "task");
    const existing = (task.dependencies as Ref[]).map((d) => d.$ref);
    for (const dependency of write.dependencies) {
      this.get(dependency, "task");
      if (!existing.includes(dependency)) existing.push(dependency);
    }
    if (existing.length > 30) throw rejection(400, "dependencies: A task can have at most 30 dependencies");
    task.dependencies = existing.map((d) => ({ $ref: d }));
    return { status: 200, body: { data: {} } };
  }

  private addDependents(request: RecordedRequest, gid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_pretty"]);
    const write = this.data(request, z.strictObject({ dependents: z.array(z.string()).min(1) }));
    this.get(gid, "task");
    for (const dependent of write.dependents) {
      const task = this.get(dependent, "task");
      const existing = (task.dependencies as Ref[]).map((d) => d.$ref);
      if (!existing.includes(gid)) task.dependencies = [...existing, gid].map((d) => ({ $ref: d }));
    }
    return { status: 200, body: { data: {} } };
  }

  /** Typeahead: name matches of one resource type, unpaginated, at most `count` (default 20, max 100). */
  private typeahead(request: RecordedRequest, workspace: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty", "resource_type", "type", "query", "count"]);
    this.get(workspace, "workspace");
    const type = this.required(request, "resource_type");
    if (!["custom_field", "goal", "project", "project_template", "portfolio", "tag", "task", "team", "user"].includes(type)) throw rejection(400, "resource_type: Invalid value");
    const count = Number(request.query.get("count") ?? 20);
    if (!Number.isInteger(count) || count < 1 || count > 100) throw rejection(400, "count: Must be between 1 and 100");
    const query = (request.query.get("query") ?? "").toLowerCase();
    const inWorkspace = (o: StoredObject) => type === "user" || (isRef(o.workspace) && o.workspace.$ref === workspace);
    const found = this.all(type).filter((o) => inWorkspace(o) && String(o.name).toLowerCase().includes(query));
    const fields = this.fields(request);
    return { status: 200, body: { data: found.slice(0, count).map((o) => this.render(o, fields)) } };
  }

  private addToSection(request: RecordedRequest, sectionGid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_pretty"]);
    const write = this.data(request, z.strictObject({ task: z.string(), insert_before: z.string().optional(), insert_after: z.string().optional() }));
    const section = this.get(sectionGid, "section");
    const task = this.get(write.task, "task");
    const project = (section.project as Ref).$ref;
    const memberships = task.memberships as { project: Value; section: Value }[];
    const membership = memberships.find((m) => isRef(m.project) && m.project.$ref === project);
    if (membership === undefined) memberships.push({ project: ref(project), section: ref(sectionGid) });
    else membership.section = ref(sectionGid);
    task.modified_at = this.tick();
    return { status: 200, body: { data: {} } };
  }

  private comment(request: RecordedRequest, taskGid: string): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const write = this.data(request, z.strictObject({ text: z.string().min(1) }));
    this.get(taskGid, "task");
    const story = this.addStory(taskGid, { text: write.text, by: this.viewer });
    this.touch(taskGid, {});
    return { status: 201, body: { data: this.render(story, this.fields(request)) } };
  }

  private createStatus(request: RecordedRequest): { status: number; body: unknown } {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const write = this.data(
      request,
      z.strictObject({
        parent: z.string(),
        status_type: z.enum(["on_track", "at_risk", "off_track", "on_hold", "complete", "achieved", "partial", "missed", "dropped"]),
        title: z.string().optional(),
        text: z.string(),
        html_text: z.string().optional(),
      }),
    );
    const parent = this.get(write.parent);
    if (parent.resource_type === "project" && ["achieved", "partial", "missed", "dropped"].includes(write.status_type)) throw rejection(400, "status_type: Invalid for a project");
    const status = this.add("status_update", {
      title: write.title ?? "",
      text: write.text,
      status_type: write.status_type,
      created_at: this.tick(),
      author: ref(this.viewer),
      parent: ref(parent.gid),
      resource_subtype: `${parent.resource_type}_status_update`,
    });
    if (parent.resource_type === "project") parent.current_status_update = ref(status.gid);
    return { status: 201, body: { data: this.render(status, this.fields(request)) } };
  }

  /** Asana's handshake: POST to the target with X-Hook-Secret, which must come back, before answering 201. */
  private async createWebhook(request: RecordedRequest): Promise<{ status: number; body: unknown }> {
    this.allowQuery(request, ["opt_fields", "opt_pretty"]);
    const filter = z.strictObject({ resource_type: z.string(), resource_subtype: z.string().optional(), action: z.string().optional(), fields: z.array(z.string()).optional() });
    const write = this.data(request, z.strictObject({ resource: z.string(), target: z.url(), filters: z.array(filter).optional() }));
    const resource = this.get(write.resource);
    if (resource.resource_type === "workspace" && (write.filters ?? []).length === 0) throw rejection(400, "invalid_filters_for_larger_scoped_webhooks", true);
    const workspace = resource.resource_type === "workspace" ? resource.gid : isRef(resource.workspace) ? resource.workspace.$ref : "";
    const secret = randomBytes(32).toString("hex");
    const handshake = await fetch(write.target, { method: "POST", headers: { "x-hook-secret": secret, "content-type": "application/json" }, body: "" });
    await handshake.arrayBuffer();
    if (handshake.status !== 200 && handshake.status !== 204) throw rejection(400, `The remote server did not respond with the handshake secret (status ${handshake.status})`, true);
    if (handshake.headers.get("x-hook-secret") !== secret) throw rejection(400, "The remote server did not respond with the handshake secret", true);
    const webhook = this.add("webhook", {
      active: true,
      resource: ref(resource.gid),
      target: write.target,
      created_at: this.tick(),
      last_success_at: null,
      last_failure_at: null,
      last_failure_content: "",
      filters: (write.filters ?? []).map((f) => ({ resource_type: f.resource_type, resource_subtype: f.resource_subtype ?? null, action: f.action ?? null, fields: f.fields ?? null })),
      workspace_gid: workspace,
    });
    this.hookSecrets.set(webhook.gid, secret);
    return { status: 201, body: { data: this.render(webhook, this.fields(request)) } };
  }
}
