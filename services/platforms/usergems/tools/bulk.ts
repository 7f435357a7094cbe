import { UpstreamError } from "../../../runtime/contract.js";
import type { ItemOutcome } from "../types/normalized.js";

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

export function tally(outcomes: readonly ItemOutcome[]): { succeeded: number; failed: number } {
  const failed = outcomes.filter((o) => o.outcome === "failed").length;
  return { succeeded: outcomes.length - failed, failed };
}
