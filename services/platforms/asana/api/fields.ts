/** The `opt_fields` we ask Asana for, per object: exactly what types/raw.ts parses and the tools show. */
export const TASK_FIELDS = [
  "name",
  "resource_subtype",
  "notes",
  "completed",
  "completed_at",
  "assignee.name",
  "due_on",
  "due_at",
  "start_on",
  "created_at",
  "modified_at",
  "permalink_url",
  "parent.name",
  "memberships.project.name",
  "memberships.section.name",
  "tags.name",
  "num_subtasks",
].join(",");

/** Lists of tasks leave out the notes (long) and what only a single task needs. */
export const TASK_LIST_FIELDS = ["name", "resource_subtype", "completed", "completed_at", "assignee.name", "due_on", "due_at", "modified_at", "permalink_url", "parent.name", "memberships.project.name", "memberships.section.name"].join(",");

export const PROJECT_FIELDS = [
  "name",
  "notes",
  "archived",
  "owner.name",
  "team.name",
  "start_on",
  "due_on",
  "modified_at",
  "permalink_url",
  "current_status_update.title",
  "current_status_update.status_type",
  "current_status_update.text",
].join(",");

export const STORY_FIELDS = ["created_at", "created_by.name", "resource_subtype", "type", "text", "target.name"].join(",");
export const STATUS_FIELDS = ["title", "text", "status_type", "created_at", "author.name", "parent.name"].join(",");
export const WEBHOOK_FIELDS = ["active", "resource.name", "target", "created_at", "last_success_at", "last_failure_at", "last_failure_content", "filters.resource_type", "filters.resource_subtype", "filters.action", "filters.fields"].join(",");
export const USER_FIELDS = "name,email";
export const TAG_FIELDS = "name,color";
