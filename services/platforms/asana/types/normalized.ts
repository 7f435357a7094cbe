/**
 * Our normalized Asana shapes: what tools return and memories record. Names are flattened (an
 * assignee is its name and gid, a task's projects and sections are listed by name), dates stay as
 * Asana wrote them, and every object that Asana links to carries its URL.
 */
import { z } from "zod";
import type { RawCompact, RawProject, RawSection, RawStatusUpdate, RawStory, RawTag, RawTask, RawUser, RawWebhook, RawWorkspace } from "./raw.js";

export const refSchema = z.object({ gid: z.string(), name: z.string().nullable() });
export type Ref = z.infer<typeof refSchema>;

export function toRef(raw: RawCompact): Ref {
  return { gid: raw.gid, name: raw.name ?? null };
}
const optionalRef = (raw: RawCompact | null | undefined): Ref | null => (raw ? toRef(raw) : null);

/** Asana's web link for a task when the response did not carry permalink_url. */
export function taskUrl(gid: string): string {
  return `https://app.asana.com/0/0/${gid}`;
}
export function projectUrl(gid: string): string {
  return `https://app.asana.com/0/${gid}`;
}

export const workspaceSchema = z.object({ gid: z.string(), name: z.string(), isOrganization: z.boolean().nullable() });
export function toWorkspace(raw: RawWorkspace): z.infer<typeof workspaceSchema> {
  return { gid: raw.gid, name: raw.name, isOrganization: raw.is_organization ?? null };
}

export const userSchema = z.object({ gid: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export function toUser(raw: RawUser): z.infer<typeof userSchema> {
  return { gid: raw.gid, name: raw.name ?? null, email: raw.email ?? null };
}

export const statusUpdateSchema = z.object({
  gid: z.string(),
  title: z.string().nullable(),
  statusType: z.string(),
  text: z.string().nullable(),
  author: refSchema.nullable(),
  createdAt: z.string().nullable(),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;
export function toStatusUpdate(raw: RawStatusUpdate): StatusUpdate {
  return {
    gid: raw.gid,
    title: raw.title ?? null,
    statusType: raw.status_type,
    text: raw.text ?? null,
    author: optionalRef(raw.author),
    createdAt: raw.created_at ?? null,
  };
}

export const projectSchema = z.object({
  gid: z.string(),
  name: z.string(),
  notes: z.string().nullable(),
  archived: z.boolean().nullable(),
  owner: refSchema.nullable(),
  team: refSchema.nullable(),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  currentStatus: z.object({ title: z.string().nullable(), statusType: z.string().nullable(), text: z.string().nullable() }).nullable(),
  url: z.string(),
});
export type Project = z.infer<typeof projectSchema>;
export function toProject(raw: RawProject): Project {
  const status = raw.current_status_update;
  return {
    gid: raw.gid,
    name: raw.name,
    notes: raw.notes ?? null,
    archived: raw.archived ?? null,
    owner: optionalRef(raw.owner),
    team: optionalRef(raw.team),
    startOn: raw.start_on ?? null,
    dueOn: raw.due_on ?? null,
    modifiedAt: raw.modified_at ?? null,
    currentStatus: status ? { title: status.title ?? null, statusType: status.status_type ?? null, text: status.text ?? null } : null,
    url: raw.permalink_url ?? projectUrl(raw.gid),
  };
}

export const sectionSchema = z.object({ gid: z.string(), name: z.string() });
export function toSection(raw: RawSection): z.infer<typeof sectionSchema> {
  return { gid: raw.gid, name: raw.name };
}

export const tagSchema = z.object({ gid: z.string(), name: z.string(), color: z.string().nullable() });
export function toTag(raw: RawTag): z.infer<typeof tagSchema> {
  return { gid: raw.gid, name: raw.name, color: raw.color ?? null };
}

export const taskSchema = z.object({
  gid: z.string(),
  name: z.string(),
  kind: z.string().describe("default_task, milestone, approval, ..."),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  assignee: refSchema.nullable(),
  dueOn: z.string().nullable(),
  dueAt: z.string().nullable(),
  startOn: z.string().nullable(),
  notes: z.string().nullable(),
  projects: z.array(z.object({ project: refSchema, section: refSchema.nullable() })),
  tags: z.array(z.string()),
  parent: refSchema.nullable(),
  subtaskCount: z.number().int().nullable(),
  createdAt: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  url: z.string(),
});
export type Task = z.infer<typeof taskSchema>;

export function toTask(raw: RawTask): Task {
  return {
    gid: raw.gid,
    name: raw.name,
    kind: raw.resource_subtype ?? "default_task",
    completed: raw.completed ?? false,
    completedAt: raw.completed_at ?? null,
    assignee: optionalRef(raw.assignee),
    dueOn: raw.due_on ?? null,
    dueAt: raw.due_at ?? null,
    startOn: raw.start_on ?? null,
    notes: raw.notes ?? null,
    projects: (raw.memberships ?? []).flatMap((m) => (m.project ? [{ project: toRef(m.project), section: optionalRef(m.section) }] : [])),
    tags: (raw.tags ?? []).flatMap((tag) => (tag.name ? [tag.name] : [])),
    parent: optionalRef(raw.parent),
    subtaskCount: raw.num_subtasks ?? null,
    createdAt: raw.created_at ?? null,
    modifiedAt: raw.modified_at ?? null,
    url: raw.permalink_url ?? taskUrl(raw.gid),
  };
}

export const storySchema = z.object({
  gid: z.string(),
  kind: z.string().describe("comment_added, assigned, marked_complete, ..."),
  isComment: z.boolean(),
  text: z.string().nullable(),
  author: refSchema.nullable(),
  createdAt: z.string(),
});
export type Story = z.infer<typeof storySchema>;
export function toStory(raw: RawStory): Story {
  const kind = raw.resource_subtype ?? raw.type ?? "story";
  return {
    gid: raw.gid,
    kind,
    isComment: raw.type === "comment" || kind === "comment_added",
    text: raw.text ?? null,
    author: optionalRef(raw.created_by),
    createdAt: raw.created_at,
  };
}

export const webhookSchema = z.object({
  gid: z.string(),
  active: z.boolean(),
  resource: refSchema,
  target: z.string(),
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  lastFailure: z.string().nullable(),
  filters: z.array(z.object({ resourceType: z.string().nullable(), action: z.string().nullable(), fields: z.array(z.string()).nullable() })),
});
/** The target carries the registration token (api/registration.ts): shown without it. */
export function toWebhook(raw: RawWebhook): z.infer<typeof webhookSchema> {
  const target = new URL(raw.target);
  target.search = "";
  return {
    gid: raw.gid,
    active: raw.active,
    resource: toRef(raw.resource),
    target: target.href,
    lastSuccessAt: raw.last_success_at ?? null,
    lastFailureAt: raw.last_failure_at ?? null,
    lastFailure: raw.last_failure_content ?? null,
    filters: (raw.filters ?? []).map((f) => ({ resourceType: f.resource_type ?? null, action: f.action ?? null, fields: f.fields ?? null })),
  };
}
