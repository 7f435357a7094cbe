import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { type ItemOutcome, itemOutcomeSchema } from "../types/normalized.js";

/** The items of one bulk tool call: one UserGems call each, at most 100. */
export const batchOf = <Item extends z.ZodType>(item: Item) => z.array(item).min(1).max(100);

/** What a bulk tool returns: how many items succeeded and failed, and each one's outcome. */
export const bulkOutputSchema = z.object({ succeeded: z.number(), failed: z.number(), results: z.array(itemOutcomeSchema) });
export type BulkOutput = z.infer<typeof bulkOutputSchema>;

/**
 * Runs one UserGems call per item, in order (the runtime paces them at UserGems' rate), and says
 * per item what happened; a failed item does not stop the rest. `absentIsDone`: for untracking,
 * UserGems' 404 (not tracked) is the state asked for.
 */
export async function eachItem<T>(
  items: readonly T[],
  label: (item: T) => string,
  call: (item: T) => Promise<unknown>,
  done: "tracked" | "untracked",
  signal: AbortSignal,
): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  for (const item of items) {
    signal.throwIfAborted();
    try {
      await call(item);
      outcomes.push({ item: label(item), outcome: done });
    } catch (error) {
      // a cancelled call or one past its deadline ends here, not as one failed item among many
      if (!(error instanceof UpstreamError) || signal.aborted) throw error;
      if (done === "untracked" && error.status === 404) outcomes.push({ item: label(item), outcome: "untracked" });
      else outcomes.push({ item: label(item), outcome: "failed", error: error.safeMessage });
    }
  }
  return outcomes;
}

/** The bulk tool's output from its items' outcomes. */
export function tally(outcomes: ItemOutcome[]): BulkOutput {
  const failed = outcomes.filter((o) => o.outcome === "failed").length;
  return { succeeded: outcomes.length - failed, failed, results: outcomes };
}
