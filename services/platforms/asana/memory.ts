/**
 * Asana tasks, comments and changes as memories: text that says which task, in which project and
 * section, who has it, when it is due, whether it is done and what it is about, so a search for
 * "launch checklist Ada owns" finds it. Webhook events and the batch sync share these functions, so
 * a task reads the same whichever way it arrived.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import { type Story, type Task, toTask } from "./types/normalized.js";
import type { RawTask } from "./types/raw.js";

const NOTES_IN_MEMORY = 1_500;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** "Launch (Doing), Marketing" */
function placesOf(task: Task): string {
  return task.projects.map(({ project, section }) => `${project.name ?? project.gid}${section?.name ? ` (${section.name})` : ""}`).join(", ");
}

export function taskContent(task: Task): string {
  const places = placesOf(task);
  const due = task.dueAt ?? task.dueOn;
  return [
    `Asana ${task.kind === "milestone" ? "milestone" : "task"} "${task.name}"${places ? ` in ${places}` : ""}.`,
    task.completed ? `Completed${task.completedAt ? ` on ${task.completedAt.slice(0, 10)}` : ""}.` : "Open.",
    task.assignee ? `Assigned to ${task.assignee.name ?? task.assignee.gid}.` : "Unassigned.",
    due ? `Due ${due}.` : undefined,
    task.parent ? `Subtask of "${task.parent.name ?? task.parent.gid}".` : undefined,
    task.tags.length > 0 ? `Tags: ${task.tags.join(", ")}.` : undefined,
    task.notes ? `Notes: ${clip(task.notes, NOTES_IN_MEMORY)}` : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join(" ");
}

export interface TaskMemoryOptions {
  readonly key: string;
  /** a sentence before the task, e.g. 'Ada Lovelace completed the task.' */
  readonly headline?: string;
  readonly timestamp?: string;
}

export function taskToMemory(raw: RawTask, options: TaskMemoryOptions): MemoryRecord {
  const task = toTask(raw);
  const content = taskContent(task);
  return {
    key: options.key,
    source: "asana",
    type: "task",
    timestamp: options.timestamp ?? task.modifiedAt ?? task.createdAt ?? new Date(0).toISOString(),
    title: `Asana task: ${task.name}`,
    content: options.headline ? `${options.headline} ${content}` : content,
    record: { ...task, notes: task.notes === null ? null : clip(task.notes, NOTES_IN_MEMORY) },
    url: task.url,
  };
}

export function commentToMemory(story: Story, task: { gid: string; name: string | null; url: string }, key: string): MemoryRecord {
  const who = story.author?.name ?? "Someone";
  const what = task.name ? `"${task.name}"` : `task ${task.gid}`;
  const text = story.text ? clip(story.text, NOTES_IN_MEMORY) : "";
  return {
    key,
    source: "asana",
    type: story.isComment ? "comment" : "task_activity",
    timestamp: story.createdAt,
    title: story.isComment ? `${who} commented on ${what}` : `Asana activity on ${what}`,
    content: story.isComment ? `${who} commented on the Asana task ${what}: "${text}"` : `On the Asana task ${what}: ${who} ${text}.`,
    record: { ...story, text, task },
    url: task.url,
  };
}
