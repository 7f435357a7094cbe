/**
 * Vercel deployments as memories: one sentence-like text per deployment that says which project,
 * which environment, who started it from which branch and commit, and how it ended (with the error
 * and the last lines of build output when it failed), linked to the deployment's page on vercel.com.
 * Webhook events and the batch sync both go through here, so a deployment reads the same either way.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { BuildEvent, Deployment } from "./types/normalized.js";

const STATE_PHRASES: Readonly<Record<string, string>> = {
  READY: "succeeded and is ready",
  ERROR: "failed",
  CANCELED: "was canceled",
  BUILDING: "is building",
  QUEUED: "is queued",
  INITIALIZING: "is starting",
  BLOCKED: "is blocked",
  DELETED: "was deleted",
};

const MAX_LINE = 300;
const MAX_PROBLEM_LINES = 5;

function clip(text: string, max = MAX_LINE): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function join(parts: readonly (string | undefined | false)[]): string {
  return parts.filter((part): part is string => typeof part === "string" && part.length > 0).join(" ");
}

const shortSha = (sha: string | undefined) => (sha === undefined ? undefined : sha.slice(0, 7));

/** "main @ abc1234" when the deployment came from Git. */
export function gitLabel(deployment: Deployment): string | undefined {
  const git = deployment.git;
  if (git === undefined) return undefined;
  return [git.branch, shortSha(git.commitSha)].filter((part) => part !== undefined).join(" @ ") || undefined;
}

function origin(deployment: Deployment): string | undefined {
  const git = deployment.git;
  const by = deployment.creator ? `Started by ${deployment.creator}` : undefined;
  if (git === undefined) return by === undefined ? undefined : `${by}${deployment.source ? ` (${deployment.source})` : ""}.`;
  const commit = join([
    git.branch && `branch ${git.branch}`,
    git.commitSha && `commit ${shortSha(git.commitSha)}`,
    git.commitMessage && `"${clip(git.commitMessage, 200)}"`,
    git.commitAuthor && `by ${git.commitAuthor}`,
  ]);
  return `${by ?? "Built"} from ${git.repo ?? git.provider ?? "Git"}${commit ? `: ${commit}` : ""}.`;
}

/** The sentence that says what the deployment is and how it stands. */
export function describeDeployment(deployment: Deployment): string {
  const phrase = STATE_PHRASES[deployment.state] ?? `is ${deployment.state}`;
  const failure =
    deployment.state === "ERROR" || deployment.state === "CANCELED"
      ? join([deployment.errorCode && `${deployment.errorCode}:`, deployment.errorMessage && clip(deployment.errorMessage)])
      : "";
  return join([
    `Vercel ${deployment.target} deployment of ${deployment.project} ${phrase}${failure ? ` (${failure})` : ""}.`,
    origin(deployment),
    deployment.state === "READY" ? `Live at ${deployment.url}.` : `Deployment URL: ${deployment.url}.`,
    deployment.aliases && deployment.aliases.length > 0 && `Domains: ${deployment.aliases.slice(0, 5).join(", ")}.`,
  ]);
}

export interface DeploymentMemoryOptions {
  readonly key: string;
  /** a sentence put first, e.g. "ada started a production deployment of acme-web." */
  readonly headline?: string;
  /** when it happened; default: when the deployment was created */
  readonly timestamp?: string;
  /** build output lines worth reading (errors), newest last */
  readonly problems?: readonly BuildEvent[];
  /** the dashboard link from a webhook, when the deployment has no inspector URL */
  readonly dashboardUrl?: string;
}

export function deploymentToMemory(deployment: Deployment, options: DeploymentMemoryOptions): MemoryRecord {
  const problemLines = (options.problems ?? [])
    .map((event) => event.text)
    .filter((text): text is string => text !== undefined && text.trim() !== "")
    .slice(-MAX_PROBLEM_LINES)
    .map((text) => clip(text));
  const git = gitLabel(deployment);
  const url = deployment.inspectorUrl ?? options.dashboardUrl ?? deployment.url;
  return {
    key: options.key,
    source: "vercel",
    type: "deployment",
    timestamp: options.timestamp ?? deployment.createdAt,
    title: `${deployment.project} ${deployment.target} deployment ${deployment.state}${git ? ` (${git})` : ""}`,
    content: join([
      options.headline,
      describeDeployment(deployment),
      problemLines.length > 0 && `Last build errors: ${problemLines.map((line) => `"${line}"`).join("; ")}.`,
    ]),
    record: { ...deployment, ...(problemLines.length > 0 ? { buildErrors: problemLines } : {}) },
    url,
  };
}
