/**
 * Linear issues, comments and projects as memories (the seed's _transform_record and
 * _generate_searchable_content): text that says which issue, where it stands, who has it and what
 * it is about, so a search for "checkout bug Ada is fixing" finds it. Webhook events and the batch
 * sync share these functions, so an issue reads the same whichever way it arrived.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import { type IssueSummary, clip, toIssueSummary } from "./types/normalized.js";
import type { RawIssue } from "./types/raw.js";

const DESCRIPTION_IN_MEMORY = 1_500;

function sentence(label: string, value: string | undefined): string | undefined {
  return value ? `${label}: ${value}.` : undefined;
}

export function issueContent(issue: RawIssue): string {
  const summary: IssueSummary = toIssueSummary(issue, DESCRIPTION_IN_MEMORY);
  return [
    `Linear issue ${summary.identifier} "${summary.title}" in team ${issue.team.name} (${summary.team}).`,
    `State: ${summary.state} (${summary.stateType}).`,
    summary.priority !== "No priority" ? `Priority: ${summary.priority}.` : undefined,
    sentence("Assignee", summary.assignee),
    sentence("Project", summary.project),
    summary.labels.length > 0 ? `Labels: ${summary.labels.join(", ")}.` : undefined,
    sentence("Parent", issue.parent ? `${issue.parent.identifier} "${issue.parent.title}"` : undefined),
    sentence("Due", summary.dueDate),
    summary.description ? `Description: ${summary.description.replace(/\s+/g, " ")}` : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join(" ");
}

export interface IssueMemoryOptions {
  readonly key: string;
  /** a sentence before the description, e.g. "ENG-12 moved to Done." */
  readonly headline?: string;
  readonly timestamp?: string;
}

export function issueToMemory(issue: RawIssue, options: IssueMemoryOptions): MemoryRecord {
  const content = issueContent(issue);
  return {
    key: options.key,
    source: "linear",
    type: "issue",
    timestamp: options.timestamp ?? issue.updatedAt,
    title: `${issue.identifier}: ${issue.title}`,
    content: options.headline ? `${options.headline} ${content}` : content,
    record: toIssueSummary(issue, DESCRIPTION_IN_MEMORY),
    url: issue.url,
  };
}

export interface CommentFacts {
  readonly id: string;
  readonly body: string;
  readonly createdAt: string;
  readonly author?: string;
  readonly issueIdentifier?: string;
  readonly issueTitle?: string;
  readonly url?: string;
}

export function commentToMemory(comment: CommentFacts, key: string, action: string): MemoryRecord {
  const on = comment.issueIdentifier
    ? `${comment.issueIdentifier}${comment.issueTitle ? ` "${comment.issueTitle}"` : ""}`
    : "a Linear issue";
  const verb = action === "remove" ? "deleted a comment" : action === "update" ? "edited a comment" : "commented";
  return {
    key,
    source: "linear",
    type: "comment",
    timestamp: comment.createdAt,
    title: `Comment on ${on}`,
    content: `${comment.author ?? "Someone"} ${verb} on Linear issue ${on}: ${clip(comment.body.replace(/\s+/g, " ").trim(), DESCRIPTION_IN_MEMORY)}`,
    record: { ...comment, action },
    ...(comment.url ? { url: comment.url } : {}),
  };
}

export interface ProjectFacts {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly status?: string;
  readonly targetDate?: string;
  readonly lead?: string;
  readonly url?: string;
  readonly updatedAt: string;
}

export function projectToMemory(project: ProjectFacts, key: string, headline: string): MemoryRecord {
  return {
    key,
    source: "linear",
    type: "project",
    timestamp: project.updatedAt,
    title: `Linear project ${project.name}`,
    content: [
      headline,
      `Linear project "${project.name}".`,
      sentence("Status", project.status),
      sentence("Lead", project.lead),
      sentence("Target date", project.targetDate),
      project.description ? `Description: ${clip(project.description.replace(/\s+/g, " ").trim(), DESCRIPTION_IN_MEMORY)}` : undefined,
    ]
      .filter((part): part is string => part !== undefined)
      .join(" "),
    record: { ...project },
    ...(project.url ? { url: project.url } : {}),
  };
}
