/**
 * Figma webhook events and synced file activity as memories that read well to a person and a
 * model: who did what to which file (or layer), in words, with a link to open it. Webhook payloads
 * carry the names (file, user, library items), so events are written without calling the API.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { FigmaFileEvent } from "./types/events.js";
import { fileUrl, toComment, toVersion } from "./types/normalized.js";
import type { RawComment, RawProjectFile, RawVersion } from "./types/raw.js";

const COMMENT_IN_MEMORY = 2_000;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function quoted(name: string): string {
  return `"${name}"`;
}

/** "2 components created (Button, Card)" */
function itemsSentence(count: readonly { name: string }[], noun: string, verb: string): string | undefined {
  if (count.length === 0) return undefined;
  const names = count.slice(0, 10).map((item) => item.name);
  const more = count.length > names.length ? `, and ${count.length - names.length} more` : "";
  return `${count.length} ${noun}${count.length === 1 ? "" : "s"} ${verb} (${names.join(", ")}${more})`;
}

const DEV_STATUS: Readonly<Record<string, string>> = {
  READY_FOR_DEV: "ready for development",
  COMPLETED: "completed",
  NONE: "no longer ready for development",
};

/** The text of a FILE_COMMENT event: text fragments as written, mentions as @handle. */
export function commentText(event: Extract<FigmaFileEvent, { event_type: "FILE_COMMENT" }>): string {
  const handles = new Map(event.mentions.map((user) => [user.id, user.handle]));
  return event.comment.map((fragment) => fragment.text ?? (fragment.mention !== undefined ? `@${handles.get(fragment.mention) ?? fragment.mention}` : "")).join("");
}

export function eventToMemory(event: FigmaFileEvent, key: string): MemoryRecord {
  const who = ("triggered_by" in event ? event.triggered_by?.handle : undefined) ?? "Someone";
  const file = `Figma file ${quoted(event.file_name)}`;
  let type = "file_event";
  let title: string;
  let content: string;
  let url = fileUrl(event.file_key);
  let record: Record<string, unknown> = { event: event.event_type, fileKey: event.file_key, fileName: event.file_name, webhookId: event.webhook_id };
  switch (event.event_type) {
    case "FILE_UPDATE":
      title = `${event.file_name}: edited`;
      content = `${file} was saved with new changes.`;
      break;
    case "FILE_DELETE":
      title = `${event.file_name}: deleted`;
      content = `${who} deleted ${file}.`;
      break;
    case "FILE_VERSION_UPDATE": {
      type = "version";
      const label = event.label ? ` ${quoted(event.label)}` : "";
      title = `${event.file_name}: version${label} saved`;
      content = [`${who} saved version${label} of ${file}.`, event.description ? `Description: ${clip(event.description, COMMENT_IN_MEMORY)}` : undefined]
        .filter((part): part is string => part !== undefined)
        .join(" ");
      record = { ...record, versionId: event.version_id, by: who, ...(event.label ? { label: event.label } : {}), ...(event.description ? { description: event.description } : {}) };
      break;
    }
    case "FILE_COMMENT": {
      type = "comment";
      const text = commentText(event);
      const mentioned = event.mentions.map((user) => user.handle);
      title = `${event.file_name}: comment by ${who}`;
      content = `${who} commented on ${file}: ${quoted(clip(text, COMMENT_IN_MEMORY))}${mentioned.length > 0 ? ` Mentions: ${mentioned.join(", ")}.` : ""}`;
      record = { ...record, commentId: event.comment_id, by: who, text, mentions: mentioned };
      break;
    }
    case "LIBRARY_PUBLISH": {
      type = "library_publish";
      const changes = [
        itemsSentence(event.created_components, "component", "added"),
        itemsSentence(event.modified_components, "component", "changed"),
        itemsSentence(event.deleted_components, "component", "removed"),
        itemsSentence(event.created_styles, "style", "added"),
        itemsSentence(event.modified_styles, "style", "changed"),
        itemsSentence(event.deleted_styles, "style", "removed"),
        itemsSentence(event.created_variables, "variable", "added"),
        itemsSentence(event.modified_variables, "variable", "changed"),
        itemsSentence(event.deleted_variables, "variable", "removed"),
      ].filter((part): part is string => part !== undefined);
      title = `${event.file_name}: library published`;
      content = [
        `${who} published the library ${file}${changes.length > 0 ? `: ${changes.join("; ")}.` : "."}`,
        event.description ? `Notes: ${clip(event.description, COMMENT_IN_MEMORY)}` : undefined,
      ]
        .filter((part): part is string => part !== undefined)
        .join(" ");
      record = { ...record, by: who, changes };
      break;
    }
    case "DEV_MODE_STATUS_UPDATE": {
      type = "dev_status";
      const status = DEV_STATUS[event.status] ?? event.status.toLowerCase().replace(/_/g, " ");
      const links = event.related_links.map((link) => `${link.name} (${link.url})`);
      title = `${event.file_name}: layer ${event.node_id} ${status}`;
      content = `${who} marked layer ${event.node_id} of ${file} as ${status}.${links.length > 0 ? ` Linked: ${links.join(", ")}.` : ""}`;
      url = fileUrl(event.file_key, event.node_id);
      record = { ...record, nodeId: event.node_id, status: event.status, by: who, links: event.related_links.map((l) => l.url) };
      break;
    }
  }
  return { key, source: "figma", type, timestamp: new Date(event.timestamp).toISOString(), title, content, record, url };
}

export interface FileActivity {
  readonly file: RawProjectFile;
  readonly projectName: string;
  /** versions saved since the previous sync, newest first */
  readonly versions: readonly RawVersion[];
  /** comments left since the previous sync */
  readonly comments: readonly RawComment[];
}

/** A changed file, found by the sync: where it lives, when it changed, and who saved or commented since. */
export function fileActivityToMemories({ file, projectName, versions, comments }: FileActivity): MemoryRecord[] {
  const savedBy = [...new Set(versions.map((v) => v.user.handle))];
  const named = versions.filter((v) => v.label);
  const fileMemory: MemoryRecord = {
    key: `figma:file:${file.key}:${file.last_modified}`,
    source: "figma",
    type: "file",
    timestamp: new Date(file.last_modified).toISOString(),
    title: `${file.name} (Figma file)`,
    content: [
      `Figma file ${quoted(file.name)} in project ${quoted(projectName)} changed (last modified ${file.last_modified}).`,
      savedBy.length > 0 ? `Edited by ${savedBy.join(", ")}.` : undefined,
      named.length > 0 ? `Named versions: ${named.map((v) => quoted(v.label ?? "")).join(", ")}.` : undefined,
      comments.length > 0 ? `${comments.length} new comment${comments.length === 1 ? "" : "s"}.` : undefined,
    ]
      .filter((part): part is string => part !== undefined)
      .join(" "),
    record: { fileKey: file.key, name: file.name, project: projectName, lastModified: file.last_modified, versions: versions.map(toVersion) },
    url: fileUrl(file.key),
  };
  const versionMemories = named.map(
    (version): MemoryRecord => ({
      key: `figma:version:${file.key}:${version.id}`,
      source: "figma",
      type: "version",
      timestamp: new Date(version.created_at).toISOString(),
      title: `${file.name}: version ${quoted(version.label ?? "")} saved`,
      content: [`${version.user.handle} saved version ${quoted(version.label ?? "")} of Figma file ${quoted(file.name)}.`, version.description ? `Description: ${clip(version.description, COMMENT_IN_MEMORY)}` : undefined]
        .filter((part): part is string => part !== undefined)
        .join(" "),
      record: { fileKey: file.key, fileName: file.name, ...toVersion(version) },
      url: fileUrl(file.key),
    }),
  );
  const commentMemories = comments.map((raw): MemoryRecord => {
    const comment = toComment(raw);
    return {
      key: `figma:comment:${file.key}:${comment.id}`,
      source: "figma",
      type: "comment",
      timestamp: new Date(comment.createdAt).toISOString(),
      title: `${file.name}: comment by ${comment.author.handle}`,
      content: `${comment.author.handle} ${comment.parentId ? "replied" : "commented"} on Figma file ${quoted(file.name)}: ${quoted(clip(comment.message, COMMENT_IN_MEMORY))}${comment.resolvedAt ? " (resolved)" : ""}`,
      record: { fileName: file.name, ...comment },
      url: comment.url,
    };
  });
  return [fileMemory, ...versionMemories, ...commentMemories];
}
