/**
 * Incremental batch sync of Linear issues, oldest change first.
 *
 * The position is a keyset on `updatedAt`: each page moves `since` to the newest change seen and
 * the next page asks for issues updated at or after it (`gte`, so issues sharing that millisecond
 * come again; their memories have the same key and the store ignores them). The page cursor is used
 * only while a whole page shares one timestamp, so a stale cursor never decides where a resumed run
 * starts. Archived issues are included: archiving is a change worth remembering.
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import type { LinearApi } from "./api/client.js";
import { issueToMemory } from "./memory.js";

/** 100 issues with their small nested selections stay far below Linear's 10,000-point query limit. */
export const SYNC_PAGE_SIZE = 100;

const checkpointSchema = z.strictObject({
  /** ISO 8601: issues updated at or after this are still to be read */
  since: z.iso.datetime({ offset: true }),
  /** page cursor inside a run of identical `updatedAt` values */
  after: z.string().min(1).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(checkpoint: string | undefined): Checkpoint | undefined {
  if (checkpoint === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(checkpoint);
  } catch {
    throw new Error("unreadable Linear sync checkpoint: not JSON");
  }
  const result = checkpointSchema.safeParse(json);
  if (!result.success) throw new Error(`unreadable Linear sync checkpoint: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

/** Where a first run starts: every issue ever updated. */
const BEGINNING = new Date(0).toISOString();

async function* syncIssues(checkpoint: string | undefined, { api, signal }: ToolContext<LinearApi>): AsyncGenerator<SyncPage> {
  let { since, after } = parseCheckpoint(checkpoint) ?? { since: BEGINNING };

  for (;;) {
    const page = await api.listIssues(
      { filter: { updatedAt: { gte: since } }, first: SYNC_PAGE_SIZE, after, includeArchived: true, oldestUpdatedFirst: true },
      signal,
    );
    const records = page.nodes.map((issue) => issueToMemory(issue, { key: `linear:issue:${issue.id}:${issue.updatedAt}` }));
    const newest = page.nodes.reduce(
      (max, issue) => (Date.parse(issue.updatedAt) > Date.parse(max) ? issue.updatedAt : max),
      since,
    );

    const nextCursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    if (nextCursor === null) {
      yield { records, checkpoint: JSON.stringify({ since: newest } satisfies Checkpoint) };
      return;
    }
    if (Date.parse(newest) > Date.parse(since)) {
      since = newest;
      after = undefined;
    } else {
      after = nextCursor;
    }
    yield { records, checkpoint: JSON.stringify((after ? { since, after } : { since }) satisfies Checkpoint) };
  }
}

export const syncs: readonly SyncDefinition<LinearApi>[] = [{ object: "issues", run: syncIssues }];
