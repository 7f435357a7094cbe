/**
 * Incremental sync of deployments since the checkpoint (every project in the token's scope).
 *
 * GET /v7/deployments lists newest first and pages backwards in time (`until` = the previous page's
 * `pagination.next`), so a "changed since" keyset oldest-first (services/sync/keyset.ts) does not
 * fit. Instead a run reads the window (since, now] from its newest end down to `since`, and the
 * checkpoint says where it is:
 *
 *   { since }                               between runs: the next run reads deployments created after `since`
 *   { since, pending: { until, newest, open? } }   inside a run: still to read (since, until); `newest` and
 *                                            `open` are what the run has seen so far
 *
 * When the window is read, `since` moves to the newest creation time seen, held back to just before
 * the oldest deployment still in progress (QUEUED, INITIALIZING, BUILDING) that is younger than
 * OPEN_DEPLOYMENT_HORIZON_MS: the next run reads it again, and its final state is a new memory (the
 * key holds the state). `since` is kept 1 ms before the boundary, so a deployment created in the
 * same millisecond as the newest one is never skipped (one re-read, same key: the store ignores it).
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { VercelApi } from "./api/index.js";
import { deploymentToMemory } from "./memory.js";
import { type Deployment, fromListed } from "./types/normalized.js";

/** Vercel's page maximum for GET /v7/deployments. */
export const SYNC_PAGE_SIZE = 100;
/** How far back a first run (no checkpoint) reads. */
export const FIRST_RUN_LOOKBACK_MS = 30 * 24 * 3_600_000;
/** An in-progress deployment older than this no longer holds the checkpoint back (a stuck queue must not pin it). */
export const OPEN_DEPLOYMENT_HORIZON_MS = 24 * 3_600_000;

const IN_PROGRESS = new Set(["QUEUED", "INITIALIZING", "BUILDING"]);

const checkpointSchema = z.strictObject({
  since: z.number().int().nonnegative(),
  pending: z
    .strictObject({
      until: z.number().int().nonnegative(),
      newest: z.number().int().nonnegative(),
      open: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export const deploymentKey = (deployment: Deployment) => `vercel:deployment:${deployment.id}:${deployment.state}`;

async function* syncDeployments(checkpoint: string | undefined, { api, signal, clock }: ToolContext<VercelApi>): AsyncGenerator<SyncPage> {
  const resumed = readCheckpoint(checkpoint, checkpointSchema, "Vercel");
  const since = resumed?.since ?? Math.max(0, clock.now().getTime() - FIRST_RUN_LOOKBACK_MS);
  let until = resumed?.pending?.until;
  let newest = resumed?.pending?.newest ?? since;
  let open = resumed?.pending?.open;

  for (;;) {
    const page = await api.listDeployments({ limit: SYNC_PAGE_SIZE, since, ...(until === undefined ? {} : { until }) }, signal);
    const deployments = page.deployments.map(fromListed);
    const horizon = clock.now().getTime() - OPEN_DEPLOYMENT_HORIZON_MS;
    for (const deployment of deployments) {
      const created = Date.parse(deployment.createdAt);
      newest = Math.max(newest, created);
      if (IN_PROGRESS.has(deployment.state) && created >= horizon) open = Math.min(open ?? created, created);
    }
    const records = deployments.map((deployment) => deploymentToMemory(deployment, { key: deploymentKey(deployment) }));
    const next = page.pagination.next;
    // the next page is older than this one; a cursor that does not move back in time ends the walk
    const nextUntil = typeof next === "number" && next > since && (until === undefined || next < until) && deployments.length > 0 ? next : undefined;
    if (nextUntil === undefined) {
      const boundary = open === undefined ? newest : Math.min(newest, open);
      const settled: Checkpoint = { since: Math.max(since, boundary - 1) };
      yield { records, checkpoint: JSON.stringify(settled) };
      return;
    }
    until = nextUntil;
    const inProgress: Checkpoint = { since, pending: { until, newest, ...(open === undefined ? {} : { open }) } };
    yield { records, checkpoint: JSON.stringify(inProgress) };
  }
}

export const syncs: readonly SyncDefinition<VercelApi>[] = [{ object: "deployments", run: (checkpoint, ctx) => syncDeployments(checkpoint, ctx) }];
