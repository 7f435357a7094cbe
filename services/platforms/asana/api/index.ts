/**
 * The Asana REST API (https://app.asana.com/api/1.0): thin typed functions over the runtime's
 * PlatformHttp, which owns auth, pacing, retries (429 + Retry-After), deadlines and typed errors.
 *
 * Why not the `asana` SDK: its ApiClient sends through superagent with its own retry loop, so our
 * pacing, circuit breaker and error mapping would be bypassed or doubled. The endpoints are plain
 * JSON envelopes (`{ data }`), so we call them directly and parse every answer (types/raw.ts).
 */
import { z } from "zod";
import { expiringCache } from "../../../runtime/cache.js";
import { type ApiFactoryContext, type HttpRequest, UpstreamError } from "../../../runtime/contract.js";
import {
  type RawCompact,
  type RawProject,
  type RawSection,
  type RawStatusUpdate,
  type RawStory,
  type RawTag,
  type RawTask,
  type RawTaskCounts,
  type RawUser,
  type RawWebhook,
  type RawWorkspace,
  compactSchema,
  emptySchema,
  page,
  projectSchema,
  sectionSchema,
  single,
  statusUpdateSchema,
  storySchema,
  tagSchema,
  taskCountsSchema,
  taskSchema,
  userSchema,
  webhookSchema,
  workspaceSchema,
} from "../types/raw.js";
import { type Registration, openRegistration } from "./registration.js";
import { PROJECT_FIELDS, STATUS_FIELDS, STORY_FIELDS, TAG_FIELDS, TASK_FIELDS, TASK_LIST_FIELDS, USER_FIELDS, WEBHOOK_FIELDS } from "./fields.js";

/** Asana's page maximum. */
export const PAGE_LIMIT = 100;

export interface Page<T> {
  readonly items: readonly T[];
  /** the offset of the next page; undefined on the last */
  readonly next?: string;
}

export interface TaskListQuery {
  readonly project?: string;
  readonly section?: string;
  readonly tag?: string;
  readonly assignee?: string;
  readonly workspace?: string;
  /** only tasks that are incomplete or completed since this instant ("now": incomplete only) */
  readonly completedSince?: string;
  readonly modifiedSince?: string;
  readonly limit: number;
  readonly offset?: string;
  /** the full task fields (the sync's memories need notes) instead of the list's */
  readonly full?: boolean;
}

export interface TaskSearch {
  readonly text?: string;
  readonly assigneeAny?: readonly string[];
  readonly projectsAny?: readonly string[];
  readonly sectionsAny?: readonly string[];
  readonly completed?: boolean;
  readonly dueOnBefore?: string;
  readonly dueOnAfter?: string;
  readonly modifiedAtAfter?: string;
  readonly sortBy?: "due_date" | "created_at" | "completed_at" | "likes" | "modified_at";
  readonly limit: number;
}

export interface TaskWrite {
  readonly name?: string;
  readonly notes?: string;
  readonly assignee?: string | null;
  readonly due_on?: string | null;
  readonly due_at?: string | null;
  readonly start_on?: string | null;
  readonly completed?: boolean;
  readonly projects?: readonly string[];
  readonly workspace?: string;
  readonly memberships?: readonly { readonly project: string; readonly section: string }[];
  readonly tags?: readonly string[];
}

export interface AsanaApi {
  /** the configured workspace (ASANA_WORKSPACE_ID), for tools whose workspace input is optional */
  readonly defaultWorkspace: string | undefined;
  me(signal?: AbortSignal): Promise<RawUser>;
  /** cached: who did something, for memories */
  userName(gid: string, signal?: AbortSignal): Promise<string | undefined>;
  listWorkspaces(offset: string | undefined, signal?: AbortSignal): Promise<Page<RawWorkspace>>;
  listProjects(query: { workspace: string; archived?: boolean; limit: number; offset?: string }, signal?: AbortSignal): Promise<Page<RawProject>>;
  getProject(gid: string, signal?: AbortSignal): Promise<RawProject>;
  projectTaskCounts(gid: string, signal?: AbortSignal): Promise<RawTaskCounts>;
  listSections(project: string, signal?: AbortSignal): Promise<Page<RawSection>>;
  listTasks(query: TaskListQuery, signal?: AbortSignal): Promise<Page<RawTask>>;
  searchTasks(workspace: string, search: TaskSearch, signal?: AbortSignal): Promise<readonly RawTask[]>;
  getTask(gid: string, signal?: AbortSignal): Promise<RawTask>;
  listSubtasks(gid: string, limit: number, signal?: AbortSignal): Promise<Page<RawTask>>;
  listStories(task: string, query: { limit: number; offset?: string }, signal?: AbortSignal): Promise<Page<RawStory>>;
  getStory(gid: string, signal?: AbortSignal): Promise<RawStory>;
  createTask(task: TaskWrite, signal?: AbortSignal): Promise<RawTask>;
  createSubtask(parent: string, task: TaskWrite, signal?: AbortSignal): Promise<RawTask>;
  updateTask(gid: string, changes: TaskWrite, signal?: AbortSignal): Promise<RawTask>;
  setParent(gid: string, parent: string | null, insert: { before?: string; after?: string }, signal?: AbortSignal): Promise<RawTask>;
  addDependencies(gid: string, dependencies: readonly string[], signal?: AbortSignal): Promise<void>;
  addDependents(gid: string, dependents: readonly string[], signal?: AbortSignal): Promise<void>;
  addToSection(section: string, task: string, signal?: AbortSignal): Promise<void>;
  addComment(task: string, text: string, signal?: AbortSignal): Promise<RawStory>;
  listStatusUpdates(parent: string, limit: number, signal?: AbortSignal): Promise<Page<RawStatusUpdate>>;
  createStatusUpdate(update: { parent: string; status_type: string; title?: string; text: string }, signal?: AbortSignal): Promise<RawStatusUpdate>;
  deleteStatusUpdate(gid: string, signal?: AbortSignal): Promise<void>;
  listTags(workspace: string, limit: number, signal?: AbortSignal): Promise<Page<RawTag>>;
  /** Asana's typeahead: a quick, unpaginated name match of one resource type in a workspace */
  typeahead(workspace: string, query: { resourceType: TypeaheadType; text: string; count: number }, signal?: AbortSignal): Promise<readonly RawCompact[]>;
  listWebhooks(workspace: string, resource: string | undefined, signal?: AbortSignal): Promise<Page<RawWebhook>>;
  createWebhook(webhook: { resource: string; target: string; filters?: readonly WebhookFilter[] }, signal?: AbortSignal): Promise<RawWebhook>;
  deleteWebhook(gid: string, signal?: AbortSignal): Promise<void>;
  /** a registration token for a webhook created now (api/registration.ts), minted with the access token */
  openRegistration(now: Date): { token: string; registration: Registration };
}

export const TYPEAHEAD_TYPES = ["project", "task", "user", "tag", "team", "portfolio", "goal", "custom_field", "project_template"] as const;
export type TypeaheadType = (typeof TYPEAHEAD_TYPES)[number];

export interface WebhookFilter {
  readonly resource_type: string;
  readonly resource_subtype?: string;
  readonly action?: string;
  readonly fields?: readonly string[];
}

/** User names change rarely; a rename shows in memories within this long. */
const USER_NAME_TTL_MS = 30 * 60_000;

const segment = encodeURIComponent;

function pageOf<T>(response: { data: T[]; next_page?: { offset: string } | null | undefined }): Page<T> {
  return response.next_page?.offset ? { items: response.data, next: response.next_page.offset } : { items: response.data };
}

export function createApi({ http, credentials }: ApiFactoryContext): AsanaApi {
  const users = expiringCache<{ name: string }>({ maxEntries: 1_000, ttlMs: USER_NAME_TTL_MS });
  const get = <T>(url: string, query: HttpRequest["query"], schema: z.ZodType<T>, signal?: AbortSignal) =>
    http.json({ method: "GET", url, query, ...(signal ? { signal } : {}) }, schema);
  const write = <T>(method: "POST" | "PUT" | "DELETE", url: string, data: unknown, schema: z.ZodType<T>, signal?: AbortSignal) =>
    http.json({ method, url, ...(data === undefined ? {} : { body: { data } }), ...(signal ? { signal } : {}) }, schema);
  const getUser = (gid: string, signal?: AbortSignal) => get(`/users/${segment(gid)}`, { opt_fields: USER_FIELDS }, single(userSchema), signal).then((r) => r.data);

  return {
    defaultWorkspace: credentials.ASANA_WORKSPACE_ID || undefined,
    me: (signal) => getUser("me", signal),
    userName: async (gid, signal) => (await users.getOrLoad(gid, async () => ({ name: (await getUser(gid, signal)).name ?? "" }))).name || undefined,

    listWorkspaces: (offset, signal) => get("/workspaces", { limit: PAGE_LIMIT, offset, opt_fields: "name,is_organization" }, page(workspaceSchema), signal).then(pageOf),
    listProjects: ({ workspace, archived, limit, offset }, signal) =>
      get("/projects", { workspace, archived, limit, offset, opt_fields: PROJECT_FIELDS }, page(projectSchema), signal).then(pageOf),
    getProject: (gid, signal) => get(`/projects/${segment(gid)}`, { opt_fields: PROJECT_FIELDS }, single(projectSchema), signal).then((r) => r.data),
    projectTaskCounts: (gid, signal) =>
      get(
        `/projects/${segment(gid)}/task_counts`,
        { opt_fields: "num_tasks,num_incomplete_tasks,num_completed_tasks,num_milestones,num_incomplete_milestones,num_completed_milestones" },
        single(taskCountsSchema),
        signal,
      ).then((r) => r.data),
    listSections: (project, signal) =>
      get(`/projects/${segment(project)}/sections`, { limit: PAGE_LIMIT, opt_fields: "name,created_at" }, page(sectionSchema), signal).then(pageOf),

    listTasks: (query, signal) => {
      const fields = query.full ? TASK_FIELDS : TASK_LIST_FIELDS;
      const common = { limit: query.limit, offset: query.offset, opt_fields: fields, completed_since: query.completedSince, modified_since: query.modifiedSince };
      // sections and tags have their own task lists; GET /tasks takes project, or assignee + workspace
      if (query.section !== undefined) return get(`/sections/${segment(query.section)}/tasks`, common, page(taskSchema), signal).then(pageOf);
      if (query.tag !== undefined) return get(`/tags/${segment(query.tag)}/tasks`, { limit: query.limit, offset: query.offset, opt_fields: fields }, page(taskSchema), signal).then(pageOf);
      return get("/tasks", { ...common, project: query.project, assignee: query.assignee, workspace: query.workspace }, page(taskSchema), signal).then(pageOf);
    },
    searchTasks: (workspace, search, signal) =>
      get(
        `/workspaces/${segment(workspace)}/tasks/search`,
        {
          text: search.text,
          "assignee.any": search.assigneeAny?.join(","),
          "projects.any": search.projectsAny?.join(","),
          "sections.any": search.sectionsAny?.join(","),
          completed: search.completed,
          "due_on.before": search.dueOnBefore,
          "due_on.after": search.dueOnAfter,
          "modified_at.after": search.modifiedAtAfter,
          sort_by: search.sortBy,
          limit: search.limit,
          opt_fields: TASK_LIST_FIELDS,
        },
        page(taskSchema),
        signal,
      ).then((r) => r.data),
    getTask: (gid, signal) => get(`/tasks/${segment(gid)}`, { opt_fields: TASK_FIELDS }, single(taskSchema), signal).then((r) => r.data),
    listSubtasks: (gid, limit, signal) => get(`/tasks/${segment(gid)}/subtasks`, { limit, opt_fields: TASK_LIST_FIELDS }, page(taskSchema), signal).then(pageOf),
    listStories: (task, { limit, offset }, signal) =>
      get(`/tasks/${segment(task)}/stories`, { limit, offset, opt_fields: STORY_FIELDS }, page(storySchema), signal).then(pageOf),
    getStory: (gid, signal) => get(`/stories/${segment(gid)}`, { opt_fields: STORY_FIELDS }, single(storySchema), signal).then((r) => r.data),

    createTask: (task, signal) => write("POST", `/tasks?opt_fields=${TASK_FIELDS}`, task, single(taskSchema), signal).then((r) => r.data),
    createSubtask: (parent, task, signal) =>
      write("POST", `/tasks/${segment(parent)}/subtasks?opt_fields=${TASK_FIELDS}`, task, single(taskSchema), signal).then((r) => r.data),
    updateTask: (gid, changes, signal) => write("PUT", `/tasks/${segment(gid)}?opt_fields=${TASK_FIELDS}`, changes, single(taskSchema), signal).then((r) => r.data),
    setParent: (gid, parent, insert, signal) =>
      write(
        "POST",
        `/tasks/${segment(gid)}/setParent?opt_fields=${TASK_FIELDS}`,
        { parent, ...(insert.before ? { insert_before: insert.before } : {}), ...(insert.after ? { insert_after: insert.after } : {}) },
        single(taskSchema),
        signal,
      ).then((r) => r.data),
    addDependencies: async (gid, dependencies, signal) => {
      await write("POST", `/tasks/${segment(gid)}/addDependencies`, { dependencies }, emptySchema, signal);
    },
    addDependents: async (gid, dependents, signal) => {
      await write("POST", `/tasks/${segment(gid)}/addDependents`, { dependents }, emptySchema, signal);
    },
    addToSection: async (section, task, signal) => {
      await write("POST", `/sections/${segment(section)}/addTask`, { task }, emptySchema, signal);
    },
    addComment: (task, text, signal) => write("POST", `/tasks/${segment(task)}/stories?opt_fields=${STORY_FIELDS}`, { text }, single(storySchema), signal).then((r) => r.data),

    listStatusUpdates: (parent, limit, signal) => get("/status_updates", { parent, limit, opt_fields: STATUS_FIELDS }, page(statusUpdateSchema), signal).then(pageOf),
    createStatusUpdate: (update, signal) => write("POST", `/status_updates?opt_fields=${STATUS_FIELDS}`, update, single(statusUpdateSchema), signal).then((r) => r.data),
    deleteStatusUpdate: async (gid, signal) => {
      await write("DELETE", `/status_updates/${segment(gid)}`, undefined, emptySchema, signal);
    },
    typeahead: (workspace, { resourceType, text, count }, signal) =>
      get(`/workspaces/${segment(workspace)}/typeahead`, { resource_type: resourceType, query: text, count, opt_fields: "name" }, page(compactSchema), signal).then((r) => r.data),
    listTags: (workspace, limit, signal) => get(`/workspaces/${segment(workspace)}/tags`, { limit, opt_fields: TAG_FIELDS }, page(tagSchema), signal).then(pageOf),

    listWebhooks: (workspace, resource, signal) =>
      get("/webhooks", { workspace, resource, limit: PAGE_LIMIT, opt_fields: WEBHOOK_FIELDS }, page(webhookSchema), signal).then(pageOf),
    createWebhook: (webhook, signal) => write("POST", `/webhooks?opt_fields=${WEBHOOK_FIELDS}`, webhook, single(webhookSchema), signal).then((r) => r.data),
    deleteWebhook: async (gid, signal) => {
      await write("DELETE", `/webhooks/${segment(gid)}`, undefined, emptySchema, signal);
    },
    openRegistration: (now) => openRegistration(credentials.ASANA_ACCESS_TOKEN ?? "", now),
  };
}

/** Every page of a list, up to `max` items. */
export async function collect<T>(load: (offset: string | undefined) => Promise<Page<T>>, max: number): Promise<T[]> {
  const items: T[] = [];
  let offset: string | undefined;
  do {
    const next = await load(offset);
    items.push(...next.items);
    offset = next.next;
  } while (offset !== undefined && items.length < max);
  return items.slice(0, max);
}

/** The workspace a tool acts in: its input, else ASANA_WORKSPACE_ID; a clear error when neither is set. */
export function workspaceOf(api: AsanaApi, input: string | undefined): string {
  const workspace = input ?? api.defaultWorkspace;
  if (workspace === undefined) throw new UpstreamError("asana", 400, false, "no workspace given and ASANA_WORKSPACE_ID is not set: pass `workspace` (asana_list_workspaces lists them)");
  return workspace;
}
