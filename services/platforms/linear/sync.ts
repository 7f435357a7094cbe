/**
 * Incremental batch sync of Linear issues, oldest change first, on the shared keyset loop
 * (services/sync/keyset.ts) over `updatedAt`, kept in the checkpoint as the ISO 8601 string Linear
 * sent. Archived issues are included: archiving is a change worth remembering.
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { keysetSync } from "../../sync/keyset.js";
import type { LinearApi } from "./api/index.js";
import { issueToMemory } from "./memory.js";

/** 100 issues with their small nested selections stay far below Linear's 10,000-point query limit. */
export const SYNC_PAGE_SIZE = 100;

/** Where a first run starts: every issue ever updated. */
const BEGINNING = new Date(0).toISOString();

function syncIssues(checkpoint: string | undefined, { api, signal }: ToolContext<LinearApi>): AsyncGenerator<SyncPage> {
  return keysetSync({
    title: "Linear",
    position: z.iso.datetime({ offset: true }),
    start: BEGINNING,
    checkpoint,
    async fetchPage({ since, after }) {
      const page = await api.listIssues({ filter: { updatedAt: { gte: since } }, first: SYNC_PAGE_SIZE, after, includeArchived: true, oldestUpdatedFirst: true }, signal);
      return { items: page.nodes, nextCursor: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined };
    },
    updatedAt: (issue) => issue.updatedAt,
    toRecords: (issues) => issues.map((issue) => issueToMemory(issue, { key: `linear:issue:${issue.id}:${issue.updatedAt}` })),
  });
}

export const syncs: readonly SyncDefinition<LinearApi>[] = [{ object: "issues", run: syncIssues }];
