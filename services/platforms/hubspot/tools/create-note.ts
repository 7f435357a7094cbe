import { z } from "zod";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

export const createNote = defineHubspotTool({
  name: "hubspot_create_note",
  title: "Add a note to a HubSpot record",
  description:
    "Log a note on a HubSpot contact, company, deal or ticket (it appears on the record's timeline). " +
    "Use it to record call outcomes, meeting summaries or context for colleagues. Each call adds a new note.",
  toolset: "engagements",
  input: z.object({
    objectType: crmObjectTypeSchema,
    objectId: z.string().min(1),
    body: z.string().min(1).max(65_000).describe("note text; simple HTML is allowed"),
    timestamp: z.iso.datetime({ offset: true }).optional().describe("when it happened (default: now)"),
    ownerId: z.string().min(1).optional().describe("HubSpot owner id (hubspot_list_owners)"),
  }),
  output: z.object({
    id: z.string(),
    timestamp: z.string(),
    associatedWith: z.object({ objectType: crmObjectTypeSchema, id: z.string() }),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const timestamp = input.timestamp ?? clock.now().toISOString();
    const properties: Record<string, string> = { hs_note_body: input.body, hs_timestamp: timestamp };
    if (input.ownerId) properties.hubspot_owner_id = input.ownerId;
    const note = await api.createEngagement(
      "notes",
      { properties, associateWith: { objectType: input.objectType, objectId: input.objectId } },
      signal,
    );
    return { id: note.id, timestamp, associatedWith: { objectType: input.objectType, id: input.objectId } };
  },
});
