/**
 * What our tools return: Vercel's objects trimmed for a model to read. Times are ISO 8601, URLs
 * are absolute, Git metadata is pulled out of the provider-prefixed `meta` keys, and environment
 * variables carry names and where they apply, never values.
 */
import { z } from "zod";
import type { RawBuildEvent, RawDeployment, RawDomain, RawEnvVar, RawListedDeployment, RawProject, RawProjectDomain, RawTeam } from "./raw.js";

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const https = (host: string): string => (/^https?:\/\//.test(host) ? host : `https://${host}`);

/** Drops undefined values, so outputs hold only what Vercel said. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const gitSchema = z.object({
  provider: z.string().optional().describe("github, gitlab or bitbucket"),
  repo: z.string().optional().describe("owner/name"),
  branch: z.string().optional(),
  commitSha: z.string().optional(),
  commitMessage: z.string().optional(),
  commitAuthor: z.string().optional(),
});
export type GitInfo = z.infer<typeof gitSchema>;

const GIT_PROVIDERS = ["github", "gitlab", "bitbucket"] as const;

/** Git facts from a deployment's `meta` (githubCommitRef, gitlabCommitSha, bitbucketCommitMessage, ...). */
export function gitOf(meta: Readonly<Record<string, string>> | undefined): GitInfo | undefined {
  if (meta === undefined) return undefined;
  for (const provider of GIT_PROVIDERS) {
    const read = (field: string) => meta[`${provider}${field}`] || undefined;
    if (read("CommitSha") === undefined && read("CommitRef") === undefined) continue;
    const owner = read("Org") ?? read("RepoOwner") ?? read("CommitOrg");
    const repo = read("Repo") ?? read("RepoSlug") ?? read("ProjectPath");
    return defined({
      provider,
      repo: owner && repo && !repo.includes("/") ? `${owner}/${repo}` : repo,
      branch: read("CommitRef"),
      commitSha: read("CommitSha"),
      commitMessage: read("CommitMessage"),
      commitAuthor: read("CommitAuthorName") ?? read("CommitAuthorLogin"),
    });
  }
  return undefined;
}

export const deploymentSchema = z.object({
  id: z.string(),
  project: z.string().describe("project name"),
  projectId: z.string().optional(),
  url: z.string().describe("the deployment's own URL"),
  state: z.string().describe("QUEUED, INITIALIZING, BUILDING, READY, ERROR, CANCELED, BLOCKED or DELETED"),
  target: z.string().describe("production, or preview for every other deployment"),
  createdAt: z.string(),
  buildingAt: z.string().optional(),
  readyAt: z.string().optional(),
  creator: z.string().optional().describe("username or email of whoever started it"),
  source: z.string().optional().describe("git, cli, redeploy, import, ..."),
  git: gitSchema.optional(),
  aliases: z.array(z.string()).optional().describe("domains pointing at it (get only)"),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  inspectorUrl: z.string().optional().describe("the deployment's page on vercel.com"),
});
export type Deployment = z.infer<typeof deploymentSchema>;

function creatorOf(creator: RawDeployment["creator"]): string | undefined {
  return creator?.username ?? creator?.githubLogin ?? creator?.gitlabLogin ?? creator?.email;
}

export function fromListed(raw: RawListedDeployment): Deployment {
  return defined({
    id: raw.uid,
    project: raw.name,
    projectId: raw.projectId,
    url: https(raw.url),
    state: raw.readyState ?? raw.state ?? "UNKNOWN",
    target: raw.target ?? "preview",
    createdAt: new Date(raw.createdAt ?? raw.created).toISOString(),
    buildingAt: iso(raw.buildingAt),
    readyAt: iso(raw.ready),
    creator: creatorOf(raw.creator),
    source: raw.source,
    git: gitOf(raw.meta),
    aliases: undefined,
    errorCode: raw.errorCode,
    errorMessage: raw.errorMessage,
    inspectorUrl: raw.inspectorUrl,
  });
}

export function fromDeployment(raw: RawDeployment): Deployment {
  return defined({
    id: raw.id,
    project: raw.name,
    projectId: raw.projectId,
    url: https(raw.url),
    state: raw.readyState,
    target: raw.target ?? "preview",
    createdAt: new Date(raw.createdAt).toISOString(),
    buildingAt: iso(raw.buildingAt),
    readyAt: iso(raw.ready),
    creator: creatorOf(raw.creator),
    source: raw.source,
    git: gitOf(raw.meta),
    aliases: raw.alias && raw.alias.length > 0 ? raw.alias : undefined,
    errorCode: raw.errorCode,
    errorMessage: raw.errorMessage,
    inspectorUrl: raw.inspectorUrl,
  });
}

const deploymentRefSchema = z.object({
  id: z.string(),
  url: z.string().optional(),
  state: z.string().optional(),
  target: z.string().optional(),
  createdAt: z.string().optional(),
});

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  framework: z.string().optional(),
  nodeVersion: z.string().optional(),
  rootDirectory: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  paused: z.boolean().optional(),
  git: z
    .object({ provider: z.string().optional(), repo: z.string().optional(), productionBranch: z.string().optional() })
    .optional()
    .describe("the connected repository"),
  productionDeployment: deploymentRefSchema.optional().describe("what production serves now"),
  latestDeployments: z.array(deploymentRefSchema).optional(),
});
export type Project = z.infer<typeof projectSchema>;

type RawDeploymentRef = NonNullable<RawProject["latestDeployments"]>[number];
const toRef = (ref: RawDeploymentRef) =>
  defined({ id: ref.id, url: ref.url === undefined ? undefined : https(ref.url), state: ref.readyState, target: ref.target, createdAt: iso(ref.createdAt) });

export function toProject(raw: RawProject): Project {
  const production = raw.targets?.production ?? undefined;
  const link = raw.link;
  return defined({
    id: raw.id,
    name: raw.name,
    framework: raw.framework,
    nodeVersion: raw.nodeVersion,
    rootDirectory: raw.rootDirectory,
    createdAt: iso(raw.createdAt),
    updatedAt: iso(raw.updatedAt),
    paused: raw.paused,
    git:
      link === undefined
        ? undefined
        : defined({ provider: link.type, repo: link.org && link.repo ? `${link.org}/${link.repo}` : link.repo, productionBranch: link.productionBranch }),
    productionDeployment: production === undefined ? undefined : toRef(production),
    latestDeployments: raw.latestDeployments?.map(toRef),
  });
}

export const teamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string().optional(),
  role: z.string().optional().describe("the token owner's role in the team"),
  createdAt: z.string().optional(),
});
export type Team = z.infer<typeof teamSchema>;

export const toTeam = (raw: RawTeam): Team => defined({ id: raw.id, slug: raw.slug, name: raw.name, role: raw.membership?.role, createdAt: iso(raw.createdAt) });

export const domainSchema = z.object({
  id: z.string(),
  name: z.string(),
  verified: z.boolean(),
  serviceType: z.string().optional().describe("zeit.world (Vercel DNS), external or na"),
  nameservers: z.array(z.string()),
  intendedNameservers: z.array(z.string()),
  createdAt: z.string().optional(),
  expiresAt: z.string().optional().describe("registration expiry, for domains bought through Vercel"),
  renew: z.boolean().optional(),
});
export type Domain = z.infer<typeof domainSchema>;

export const toDomain = (raw: RawDomain): Domain =>
  defined({
    id: raw.id,
    name: raw.name,
    verified: raw.verified,
    serviceType: raw.serviceType,
    nameservers: raw.nameservers,
    intendedNameservers: raw.intendedNameservers,
    createdAt: iso(raw.createdAt),
    expiresAt: iso(raw.expiresAt),
    renew: raw.renew,
  });

export const projectDomainSchema = z.object({
  name: z.string(),
  apexName: z.string(),
  verified: z.boolean().describe("false: not yet used as an alias (DNS or ownership not verified)"),
  redirect: z.string().optional().describe("domain it redirects to"),
  redirectStatusCode: z.number().int().optional(),
  gitBranch: z.string().optional().describe("branch whose preview it serves; absent for production"),
});
export type ProjectDomain = z.infer<typeof projectDomainSchema>;

export const toProjectDomain = (raw: RawProjectDomain): ProjectDomain =>
  defined({ name: raw.name, apexName: raw.apexName, verified: raw.verified, redirect: raw.redirect, redirectStatusCode: raw.redirectStatusCode, gitBranch: raw.gitBranch });

export const envVarSchema = z.object({
  id: z.string().optional(),
  key: z.string(),
  type: z.string().describe("plain, encrypted, sensitive, secret or system"),
  targets: z.array(z.string()).describe("production, preview, development"),
  gitBranch: z.string().optional().describe("only this preview branch"),
  comment: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type EnvVar = z.infer<typeof envVarSchema>;

export const toEnvVar = (raw: RawEnvVar): EnvVar =>
  defined({ id: raw.id, key: raw.key, type: raw.type, targets: raw.target, gitBranch: raw.gitBranch, comment: raw.comment, updatedAt: iso(raw.updatedAt ?? raw.createdAt) });

export const buildEventSchema = z.object({
  type: z.string().describe("stdout, stderr, command, exit, fatal, deployment-state, ..."),
  at: z.string().optional(),
  level: z.string().optional().describe("error or warning, when Vercel marks it"),
  text: z.string().optional(),
});
export type BuildEvent = z.infer<typeof buildEventSchema>;

export function toBuildEvent(raw: RawBuildEvent): BuildEvent {
  const fields = "payload" in raw ? raw.payload : raw;
  const at = fields.date ?? fields.created ?? ("payload" in raw ? raw.created : undefined);
  return defined({ type: raw.type, at: iso(at), level: fields.level, text: fields.text });
}

/** A build event a reader should see first: errors and failures. */
export function isProblem(event: BuildEvent): boolean {
  return event.level === "error" || event.type === "stderr" || event.type === "fatal";
}
