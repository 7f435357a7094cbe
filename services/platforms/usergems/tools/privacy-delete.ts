import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { emailKey, linkedinKey } from "../types/normalized.js";
import { defineUsergemsTool } from "./define.js";

export const privacyDelete = defineUsergemsTool({
  name: "usergems_privacy_delete",
  title: "Delete a person from UserGems and from memory (privacy request)",
  description:
    "DESTRUCTIVE AND IRREVERSIBLE: for a data-subject deletion request, asks UserGems to delete everything it " +
    "holds about the person with this email, then deletes every UserGems memory of that person from the fleet's " +
    "memory store (matched by email, and by LinkedIn URL when given). Other platforms' memories of the person are " +
    "not touched. Returns what UserGems answered and how many memories were deleted.",
  toolset: "privacy",
  input: z.object({
    email: z.email().max(320),
    linkedinUrl: z.url().max(2_000).optional().describe("also delete memories of signals that identified the person by LinkedIn only"),
  }),
  output: z.object({
    deletedAtUsergems: z.boolean(),
    usergemsMessage: z.string().optional(),
    memoriesDeleted: z.number(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, memory, signal }) {
    // refuse before anything is deleted anywhere when this server cannot delete what memory holds
    if (memory.deleteMatching === undefined) {
      throw new UpstreamError("usergems", 503, true, "the memory service is not configured (MEMORY_URL), so the person's memories cannot be deleted; nothing was deleted");
    }
    const answer = await api.privacyDelete(input.email, signal);
    let memoriesDeleted = (await memory.deleteMatching({ source: "usergems", field: "emailKey", value: emailKey(input.email) })).deleted;
    if (input.linkedinUrl) {
      memoriesDeleted += (await memory.deleteMatching({ source: "usergems", field: "linkedinKey", value: linkedinKey(input.linkedinUrl) })).deleted;
    }
    return { deletedAtUsergems: true, ...(answer.message ? { usergemsMessage: answer.message } : {}), memoriesDeleted };
  },
});
