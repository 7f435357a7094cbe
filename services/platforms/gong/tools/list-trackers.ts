import { z } from "zod";
import { defineGongTool } from "./define.js";

/** a tracker can define hundreds of phrases; a sample is enough to tell what it tracks */
const KEYWORDS_SHOWN = 25;

export const gongListTrackers = defineGongTool({
  name: "gong_list_trackers",
  title: "List Gong keyword trackers",
  description:
    "Lists the keyword trackers configured in Gong (e.g. competitors, pricing, objections) with a sample of the " +
    "phrases each one listens for. Tracker hits per call appear in gong_get_call_details.",
  toolset: "settings",
  input: z.object({ workspaceId: z.string().optional() }),
  output: z.object({
    trackers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        workspaceId: z.string().optional(),
        saidBy: z.string().optional().describe("Anyone, Company or NonCompany"),
        keywords: z.array(z.string()),
        moreKeywords: z.number().describe("phrases not listed"),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const response = await api.people.listTrackers({ ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }) });
    return {
      trackers: response.keywordTrackers.map((t) => {
        const all = (t.languageKeywords ?? []).flatMap((l) => l.keywords ?? []);
        return {
          id: t.trackerId,
          name: t.trackerName ?? t.trackerId,
          ...(t.workspaceId !== undefined && { workspaceId: t.workspaceId }),
          ...(t.affiliation !== undefined && { saidBy: t.affiliation }),
          keywords: all.slice(0, KEYWORDS_SHOWN),
          moreKeywords: Math.max(0, all.length - KEYWORDS_SHOWN),
        };
      }),
    };
  },
});
