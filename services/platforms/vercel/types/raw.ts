/**
 * Vercel's own REST response shapes (paths and fields from the vendor's OpenAPI as published in
 * the `vercel/sdk` repository), parsed at the boundary. Only the fields we read are declared and
 * objects are not strict, so fields Vercel adds later pass through without breaking us; zod drops
 * every undeclared field, which is how environment variable values (ciphertext, or plain text for
 * `plain` variables) and deploy hook URLs never get past this file.
 */
import { z } from "zod";
import { nullAsAbsent } from "../../../runtime/http/absent.js";

const optionalString = nullAsAbsent(z.string());
const optionalNumber = nullAsAbsent(z.number());

/**
 * `pagination` of every list: `next` is the timestamp to pass as `until` for the next (older) page,
 * null on the last page. GET /v10/projects may answer a continuation token (a string) instead.
 */
export const paginationSchema = z.object({
  count: z.number().int(),
  next: z.union([z.number(), z.string()]).nullable(),
  prev: z.union([z.number(), z.string()]).nullable().optional(),
});
export type RawPagination = z.infer<typeof paginationSchema>;

/** `creator` of a deployment: a user (or an app / integration, then `uid` only). */
const creatorSchema = z.object({
  uid: z.string(),
  username: optionalString,
  email: optionalString,
  githubLogin: optionalString,
  gitlabLogin: optionalString,
});

/** Git metadata Vercel keeps in `meta` (githubCommitMessage, githubCommitRef, githubCommitSha, ...). */
const metaSchema = nullAsAbsent(z.record(z.string(), z.string()));

/** One item of GET /v7/deployments. `uid` is the deployment id; `created` and `createdAt` are ms. */
export const listedDeploymentSchema = z.object({
  uid: z.string(),
  name: z.string(),
  projectId: optionalString,
  url: z.string(),
  created: z.number(),
  createdAt: optionalNumber,
  buildingAt: optionalNumber,
  ready: optionalNumber,
  state: optionalString,
  readyState: optionalString,
  readySubstate: optionalString,
  type: optionalString,
  source: optionalString,
  target: optionalString,
  creator: nullAsAbsent(creatorSchema),
  meta: metaSchema,
  inspectorUrl: optionalString,
  errorCode: optionalString,
  errorMessage: optionalString,
  isRollbackCandidate: nullAsAbsent(z.boolean()),
});
export type RawListedDeployment = z.infer<typeof listedDeploymentSchema>;

/** GET /v7/deployments */
export const deploymentListSchema = z.object({
  deployments: z.array(listedDeploymentSchema),
  pagination: paginationSchema,
});
export type RawDeploymentList = z.infer<typeof deploymentListSchema>;

/**
 * GET /v13/deployments/{idOrUrl}, also the answer of POST /v13/deployments (redeploy) and
 * PATCH /v12/deployments/{id}/cancel. `id` here, where the list says `uid`.
 */
export const deploymentSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: optionalString,
  url: z.string(),
  createdAt: z.number(),
  buildingAt: optionalNumber,
  ready: optionalNumber,
  readyState: z.string(),
  readySubstate: optionalString,
  target: optionalString,
  source: optionalString,
  creator: nullAsAbsent(creatorSchema),
  meta: metaSchema,
  inspectorUrl: optionalString,
  errorCode: optionalString,
  errorMessage: optionalString,
  alias: nullAsAbsent(z.array(z.string())),
  aliasAssigned: z.union([z.boolean(), z.number()]).nullish().transform((value) => (value === null || value === undefined ? undefined : Boolean(value))),
  regions: nullAsAbsent(z.array(z.string())),
});
export type RawDeployment = z.infer<typeof deploymentSchema>;

/**
 * One build event of GET /v3/deployments/{idOrUrl}/events (a JSON array). Vercel answers two
 * forms: `{ type, created, payload: { id, date, text, ... } }` and the same fields flat.
 */
const eventFieldsSchema = z.object({
  id: optionalString,
  date: optionalNumber,
  created: optionalNumber,
  text: optionalString,
  level: optionalString,
  serial: optionalString,
  info: z
    .object({ type: optionalString, name: optionalString, step: optionalString, entrypoint: optionalString })
    .nullish()
    .transform((value) => value ?? undefined),
});
export const buildEventSchema = z.union([
  z.object({ type: z.string(), created: z.number(), payload: eventFieldsSchema }),
  eventFieldsSchema.extend({ type: z.string() }),
]);
export type RawBuildEvent = z.infer<typeof buildEventSchema>;
/** null entries occur in the vendor's schema; they carry nothing and are dropped */
export const buildEventsSchema = z.array(buildEventSchema.nullable()).transform((events) => events.filter((event): event is RawBuildEvent => event !== null));

/** `link` of a project: the connected Git repository (deploy hooks and credentials are not read). */
const linkSchema = z.object({
  type: optionalString,
  org: optionalString,
  repo: optionalString,
  productionBranch: optionalString,
});

const latestDeploymentSchema = z.object({
  id: z.string(),
  url: optionalString,
  readyState: optionalString,
  target: optionalString,
  createdAt: optionalNumber,
});

/** An item of GET /v10/projects, and GET /v9/projects/{idOrName} */
export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  accountId: optionalString,
  framework: optionalString,
  nodeVersion: optionalString,
  rootDirectory: optionalString,
  createdAt: optionalNumber,
  updatedAt: optionalNumber,
  live: nullAsAbsent(z.boolean()),
  paused: nullAsAbsent(z.boolean()),
  link: nullAsAbsent(linkSchema),
  latestDeployments: nullAsAbsent(z.array(latestDeploymentSchema)),
  /** per environment ("production"): the deployment it currently serves */
  targets: nullAsAbsent(z.record(z.string(), latestDeploymentSchema.nullable())),
});
export type RawProject = z.infer<typeof projectSchema>;

/** GET /v10/projects */
export const projectListSchema = z.object({ projects: z.array(projectSchema), pagination: paginationSchema });
export type RawProjectList = z.infer<typeof projectListSchema>;

/** An item of GET /v2/teams, and GET /v2/teams/{teamId} */
export const teamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: optionalString,
  createdAt: optionalNumber,
  membership: z
    .object({ role: optionalString })
    .nullish()
    .transform((value) => value ?? undefined),
});
export type RawTeam = z.infer<typeof teamSchema>;

/** GET /v2/teams */
export const teamListSchema = z.object({ teams: z.array(teamSchema), pagination: paginationSchema });
export type RawTeamList = z.infer<typeof teamListSchema>;

/** An item of GET /v5/domains: domains registered to the account or team */
export const domainSchema = z.object({
  id: z.string(),
  name: z.string(),
  verified: z.boolean(),
  serviceType: optionalString,
  nameservers: z.array(z.string()).default([]),
  intendedNameservers: z.array(z.string()).default([]),
  createdAt: optionalNumber,
  expiresAt: optionalNumber,
  boughtAt: optionalNumber,
  renew: nullAsAbsent(z.boolean()),
});
export type RawDomain = z.infer<typeof domainSchema>;

/** GET /v5/domains */
export const domainListSchema = z.object({ domains: z.array(domainSchema), pagination: paginationSchema });
export type RawDomainList = z.infer<typeof domainListSchema>;

/** An item of GET /v9/projects/{idOrName}/domains: the domains a project serves */
export const projectDomainSchema = z.object({
  name: z.string(),
  apexName: z.string(),
  projectId: z.string(),
  verified: z.boolean(),
  redirect: optionalString,
  redirectStatusCode: optionalNumber,
  gitBranch: optionalString,
  customEnvironmentId: optionalString,
  createdAt: optionalNumber,
  updatedAt: optionalNumber,
});
export type RawProjectDomain = z.infer<typeof projectDomainSchema>;

/** GET /v9/projects/{idOrName}/domains */
export const projectDomainListSchema = z.object({ domains: z.array(projectDomainSchema), pagination: paginationSchema });
export type RawProjectDomainList = z.infer<typeof projectDomainListSchema>;

/**
 * An item of GET /v10/projects/{idOrName}/env. Its `value` (and `vsmValue`, `legacyValue`) are
 * deliberately not declared: parsing drops them.
 */
export const envVarSchema = z.object({
  id: optionalString,
  key: z.string(),
  type: z.string(),
  target: z
    .union([z.array(z.string()), z.string()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value])),
  gitBranch: optionalString,
  comment: optionalString,
  customEnvironmentIds: nullAsAbsent(z.array(z.string())),
  createdAt: optionalNumber,
  updatedAt: optionalNumber,
});
export type RawEnvVar = z.infer<typeof envVarSchema>;

/** GET /v10/projects/{idOrName}/env: `{ envs, pagination }` (older answers: `{ envs }`) */
export const envVarListSchema = z.object({ envs: z.array(envVarSchema), pagination: paginationSchema.optional() });
export type RawEnvVarList = z.infer<typeof envVarListSchema>;

/** GET /v1/registrar/domains/{domain}/availability */
export const domainAvailabilitySchema = z.object({ available: z.boolean() });
export type RawDomainAvailability = z.infer<typeof domainAvailabilitySchema>;

/** A registrar price: a number, or a decimal string. */
const priceSchema = z.union([z.number(), z.string()]).transform((value) => (typeof value === "number" ? value : Number(value)));

/** GET /v1/registrar/domains/{domain}/price */
export const domainPriceSchema = z.object({
  years: z.number().int(),
  purchasePrice: priceSchema,
  renewalPrice: priceSchema,
  transferPrice: priceSchema,
});
export type RawDomainPrice = z.infer<typeof domainPriceSchema>;
