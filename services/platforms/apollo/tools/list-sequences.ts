import { z } from "zod";
import { paginationOutSchema, sequenceOutSchema, toPagination, toSequence } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, paging } from "./shared.js";

export const listSequences = defineApolloTool({
  name: "apollo_list_sequences",
  title: "List Apollo sequences",
  description:
    "List your team's Apollo sequences (automated email cadences), optionally by part of their name: id, name, " +
    "whether active or archived, steps, and delivery / open / reply counts. Costs no credits. Use the id with " +
    "apollo_add_contacts_to_sequence.",
  toolset: "sequences",
  input: z.object({ name: z.string().min(1).max(200).optional(), ...paging }),
  output: z.object({ sequences: z.array(sequenceOutSchema), pagination: paginationOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchSequences(defined({ q_name: input.name, page: input.page, per_page: input.perPage }), { signal });
    return { sequences: response.emailer_campaigns.map(toSequence), pagination: toPagination(response.pagination) };
  },
});
