/**
 * The jobs sync: `GET /jobs?updatedAtStart=…&orderBy=updatedAt|ASC`, 100 a page, on the shared
 * keyset loop (services/sync/keyset.ts) over each job's `lastUpdatedAt`. Only finished jobs
 * (succeeded, failed, cancelled) become memories; a running job is read again once it changes,
 * because finishing moves its `lastUpdatedAt` past the checkpoint. With AIRBYTE_WORKSPACE_ID set,
 * only that workspace's jobs are read. This closes the gaps notifications leave (Airbyte does not
 * document retries for them, and only syncs' outcomes are notified, not resets or cancellations).
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { keysetSync } from "../../sync/keyset.js";
import { type AirbyteApi, type JobSubjects, MAX_PAGE_SIZE, nextOffset } from "./api/index.js";
import { jobToMemory } from "./memory.js";
import { type Job, toJob } from "./types/normalized.js";

export const SYNC_PAGE_SIZE = MAX_PAGE_SIZE;
/** A first run reads the jobs of the last 30 days. */
export const FIRST_RUN_LOOKBACK_MS = 30 * 24 * 60 * 60_000;
/**
 * Whether `updatedAtStart` includes its own instant is not documented, and the API's timestamps
 * have whole seconds: each query starts one second before the checkpoint, so a job sharing the
 * checkpoint's second is never skipped (the ones read again have the same memory keys).
 */
export const QUERY_OVERLAP_MS = 1_000;

/** `2026-11-20T09:14:00Z`: the API's own timestamp form, whole seconds. */
export function apiInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface SyncedJob {
  readonly job: Job;
  readonly subjects: JobSubjects;
}

async function* syncJobs(checkpoint: string | undefined, { api, signal, clock }: ToolContext<AirbyteApi>): AsyncGenerator<SyncPage> {
  const workspaceId = api.workspaceId;
  yield* keysetSync<SyncedJob, string>({
    title: "Airbyte",
    position: z.iso.datetime({ offset: true }),
    start: apiInstant(clock.now().getTime() - FIRST_RUN_LOOKBACK_MS),
    checkpoint,
    async fetchPage({ since, after }) {
      const offset = after === undefined ? 0 : Number(after);
      const page = await api.listJobs(
        {
          ...(workspaceId ? { workspaceId } : {}),
          updatedAtStart: apiInstant(Date.parse(since) - QUERY_OVERLAP_MS),
          orderBy: "updatedAt|ASC",
          limit: SYNC_PAGE_SIZE,
          offset,
        },
        signal,
      );
      const jobs = page.data.map(toJob);
      const finished = jobs.filter((job) => job.finished);
      // names for the page's connections, once each (cached across pages and runs)
      const connections = [...new Set(finished.map((job) => job.connectionId))];
      const names = new Map(await Promise.all(connections.map(async (id) => [id, await api.jobSubjects(id, signal)] as const)));
      const next = nextOffset(page, offset);
      return {
        items: jobs.map((job) => ({ job, subjects: names.get(job.connectionId) ?? {} })),
        ...(next === undefined ? {} : { nextCursor: String(next) }),
      };
    },
    updatedAt: ({ job }) => apiInstant(Date.parse(job.lastUpdatedAt ?? job.startTime)),
    toRecords: (items) => items.filter(({ job }) => job.finished).map(({ job, subjects }) => jobToMemory(job, subjects, api.webAppUrl)),
  });
}

export const syncs: readonly SyncDefinition<AirbyteApi>[] = [{ object: "jobs", run: (checkpoint, ctx) => syncJobs(checkpoint, ctx) }];
