/**
 * Recall of tool search on the labelled requests: for each request, where its tool ranks among the
 * fleet's tools. Shared by the recall test and the bench, so both report the same figure.
 */
import type { ToolSearchIndex } from "../../../services/fleet-endpoint/search/index.js";
import type { LabelledRequest } from "./labelled-requests.js";

export interface RecallReport {
  readonly requests: number;
  readonly recallAt1: number;
  readonly recallAt3: number;
  /** requests whose tool is not in the top 3, with what came first */
  readonly misses: readonly { readonly request: string; readonly tool: string; readonly rank: number | undefined; readonly top3: readonly string[] }[];
}

const DEPTH = 10;

export function measureRecall(index: ToolSearchIndex, labelled: readonly LabelledRequest[]): RecallReport {
  let at1 = 0;
  let at3 = 0;
  const misses: RecallReport["misses"][number][] = [];
  for (const { request, tool } of labelled) {
    const ranked = index.search(request, { limit: DEPTH }).map((hit) => hit.tool.name);
    const rank = ranked.indexOf(tool);
    if (rank === 0) at1 += 1;
    if (rank >= 0 && rank < 3) at3 += 1;
    else misses.push({ request, tool, rank: rank === -1 ? undefined : rank + 1, top3: ranked.slice(0, 3) });
  }
  return { requests: labelled.length, recallAt1: at1 / labelled.length, recallAt3: at3 / labelled.length, misses };
}
