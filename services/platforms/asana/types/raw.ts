/**
 * Asana's responses, parsed at the boundary (developers.asana.com/reference). Every answer is an
 * envelope: `{ data }` for one object, `{ data: [...], next_page: { offset, path, uri } | null }`
 * for a list. Objects carry exactly the `opt_fields` asked for (api/fields.ts), so the fields we do
 * not always request are optional here.
 */
import { z } from "zod";

export const compactSchema = z.object({ gid: z.string(), name: z.string().nullable().optional(), resource_type: z.string().optional() });
export type RawCompact = z.infer<typeof compactSchema>;

/** `{ data: T }` */
export function single<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema });
}

/** `{ data: T[], next_page }`: next_page is null (or absent) on the last page */
export function page<T extends z.ZodType>(schema: T) {
  return z.object({
    data: z.array(schema),
    next_page: z.object({ offset: z.string(), path: z.string().optional(), uri: z.string().optional() }).nullable().optional(),
  });
}

export const userSchema = z.object({
  gid: z.string(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});
export type RawUser = z.infer<typeof userSchema>;

export const workspaceSchema = z.object({
  gid: z.string(),
  name: z.string(),
  is_organization: z.boolean().optional(),
});
export type RawWorkspace = z.infer<typeof workspaceSchema>;

const statusCompactSchema = z.object({
  gid: z.string(),
  title: z.string().nullable().optional(),
  status_type: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  created_at: z.string().optional(),
  author: compactSchema.nullable().optional(),
});

export const projectSchema = z.object({
  gid: z.string(),
  name: z.string(),
  notes: z.string().nullable().optional(),
  archived: z.boolean().optional(),
  color: z.string().nullable().optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  due_on: z.string().nullable().optional(),
  start_on: z.string().nullable().optional(),
  owner: compactSchema.nullable().optional(),
  team: compactSchema.nullable().optional(),
  workspace: compactSchema.nullable().optional(),
  current_status_update: statusCompactSchema.nullable().optional(),
  permalink_url: z.string().optional(),
});
export type RawProject = z.infer<typeof projectSchema>;

export const taskCountsSchema = z.object({
  num_tasks: z.number().int().optional(),
  num_incomplete_tasks: z.number().int().optional(),
  num_completed_tasks: z.number().int().optional(),
  num_milestones: z.number().int().optional(),
  num_incomplete_milestones: z.number().int().optional(),
  num_completed_milestones: z.number().int().optional(),
});
export type RawTaskCounts = z.infer<typeof taskCountsSchema>;

export const sectionSchema = z.object({
  gid: z.string(),
  name: z.string(),
  created_at: z.string().optional(),
  project: compactSchema.nullable().optional(),
});
export type RawSection = z.infer<typeof sectionSchema>;

export const membershipSchema = z.object({
  project: compactSchema.nullable().optional(),
  section: compactSchema.nullable().optional(),
});

export const taskSchema = z.object({
  gid: z.string(),
  name: z.string(),
  resource_subtype: z.string().optional(),
  notes: z.string().nullable().optional(),
  completed: z.boolean().optional(),
  completed_at: z.string().nullable().optional(),
  assignee: compactSchema.nullable().optional(),
  due_on: z.string().nullable().optional(),
  due_at: z.string().nullable().optional(),
  start_on: z.string().nullable().optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  permalink_url: z.string().optional(),
  parent: compactSchema.nullable().optional(),
  memberships: z.array(membershipSchema).optional(),
  tags: z.array(compactSchema).optional(),
  num_subtasks: z.number().int().optional(),
  workspace: compactSchema.nullable().optional(),
});
export type RawTask = z.infer<typeof taskSchema>;

export const storySchema = z.object({
  gid: z.string(),
  created_at: z.string(),
  created_by: compactSchema.nullable().optional(),
  resource_subtype: z.string().optional(),
  type: z.string().optional(),
  text: z.string().nullable().optional(),
  target: compactSchema.nullable().optional(),
});
export type RawStory = z.infer<typeof storySchema>;

export const statusUpdateSchema = z.object({
  gid: z.string(),
  title: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  status_type: z.string(),
  created_at: z.string().optional(),
  author: compactSchema.nullable().optional(),
  parent: compactSchema.nullable().optional(),
});
export type RawStatusUpdate = z.infer<typeof statusUpdateSchema>;

export const tagSchema = z.object({ gid: z.string(), name: z.string(), color: z.string().nullable().optional() });
export type RawTag = z.infer<typeof tagSchema>;

export const webhookFilterSchema = z.object({
  resource_type: z.string().optional(),
  resource_subtype: z.string().nullable().optional(),
  action: z.string().optional(),
  fields: z.array(z.string()).nullable().optional(),
});

export const webhookSchema = z.object({
  gid: z.string(),
  active: z.boolean(),
  resource: compactSchema,
  target: z.string(),
  created_at: z.string().nullable().optional(),
  last_success_at: z.string().nullable().optional(),
  last_failure_at: z.string().nullable().optional(),
  last_failure_content: z.string().nullable().optional(),
  filters: z.array(webhookFilterSchema).nullable().optional(),
});
export type RawWebhook = z.infer<typeof webhookSchema>;

/** `{ data: {} }`: what DELETE and the task relation endpoints (setParent aside) answer */
export const emptySchema = z.object({ data: z.object({}).loose() });
