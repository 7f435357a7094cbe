import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { SIGNAL_TYPES, signalSchema } from "../types/normalized.js";
import { defineUsergemsTool } from "./define.js";

/** how many stored signals one call reads at most (10 pages of 200), newest first */
export const SCAN_LIMIT = 2_000;
const PAGE = 200;

const recordSchema = signalSchema.passthrough();
const foundSchema = signalSchema.extend({ url: z.string().optional() });
type FoundSignal = z.infer<typeof foundSchema>;

export const recentSignals = defineUsergemsTool({
  name: "usergems_recent_signals",
  title: "Recent UserGems signals",
  description:
    "What UserGems has sent us: job changes, new hires, promotions and departures, newest first, filtered by " +
    "company (current or previous, name or domain), person (name or email), signal type and time range; e.g. " +
    "\"who changed jobs at Acme this month\". Served from memory (only signals UserGems' webhook campaigns " +
    "delivered), reading at most the newest 2,000 signals in the range. No UserGems credits are used.",
  toolset: "signals",
  input: z.object({
    company: z.string().min(1).max(300).optional(),
    person: z.string().min(1).max(320).optional(),
    signalType: z.enum(SIGNAL_TYPES).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe("inclusive, ISO 8601"),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(100).default(25),
  }),
  output: z.object({ signals: z.array(foundSchema), scanned: z.number(), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { memory }) {
    if (memory.list === undefined) throw new UpstreamError("usergems", 503, true, "the memory service is not configured (MEMORY_URL): no signals to read");
    const company = input.company?.toLowerCase();
    const person = input.person?.toLowerCase();
    const matches = (s: z.infer<typeof signalSchema>) =>
      (input.signalType === undefined || s.signal === input.signalType) &&
      (company === undefined || [s.company, s.companyDomain, s.previousCompany].some((v) => v?.toLowerCase().includes(company))) &&
      (person === undefined || [s.person, s.email].some((v) => v?.toLowerCase().includes(person)));
    const found: FoundSignal[] = [];
    let scanned = 0;
    let cursor: string | undefined;
    do {
      const page = await memory.list({ source: "usergems", type: "signal", ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}), limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const stored of page.memories) {
        scanned += 1;
        const parsed = recordSchema.safeParse(stored.record);
        if (!parsed.success || !matches(parsed.data)) continue;
        const { emailKey: _e, linkedinKey: _l, campaignId: _c, ...signal } = parsed.data as Record<string, unknown>;
        found.push({ ...(signal as z.infer<typeof signalSchema>), ...(stored.url ? { url: stored.url } : {}) });
        if (found.length >= input.limit) break;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && found.length < input.limit && scanned < SCAN_LIMIT);
    return { signals: found, scanned, truncated: cursor !== undefined && found.length < input.limit };
  },
});
