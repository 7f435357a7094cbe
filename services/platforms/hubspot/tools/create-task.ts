import { z } from "zod";
import { crmObjectTypeSchema } from "../types/objects.js";
import { defineHubspotTool } from "./define.js";

export const createTask = defineHubspotTool({
  name: "hubspot_create_task",
  title: "Create a HubSpot task on a record",
  description:
    "Create a follow-up task (to-do, call or email) on a HubSpot contact, company, deal or ticket, " +
    "optionally assigned to an owner (hubspot_list_owners) with a due time and priority. The task " +
    "starts as NOT_STARTED. Each call adds a new task.",
  toolset: "engagements",
  input: z.object({
    objectType: crmObjectTypeSchema,
    objectId: z.string().min(1),
    subject: z.string().min(1).max(500),
    body: z.string().max(65_000).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional().describe("due time (default: now)"),
    priority: z.enum(["LOW", "MEDIUM", "HIGH"]).optional(),
    taskType: z.enum(["TODO", "CALL", "EMAIL"]).default("TODO"),
    ownerId: z.string().min(1).optional(),
  }),
  output: z.object({
    id: z.string(),
    subject: z.string(),
    dueAt: z.string(),
    status: z.string(),
    associatedWith: z.object({ objectType: crmObjectTypeSchema, id: z.string() }),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const dueAt = input.dueAt ?? clock.now().toISOString();
    const properties: Record<string, string> = {
      hs_task_subject: input.subject,
      hs_timestamp: dueAt,
      hs_task_status: "NOT_STARTED",
      hs_task_type: input.taskType,
    };
    if (input.body) properties.hs_task_body = input.body;
    if (input.priority) properties.hs_task_priority = input.priority;
    if (input.ownerId) properties.hubspot_owner_id = input.ownerId;
    const task = await api.createEngagement(
      "tasks",
      { properties, associateWith: { objectType: input.objectType, objectId: input.objectId } },
      signal,
    );
    return {
      id: task.id,
      subject: input.subject,
      dueAt,
      status: task.properties.hs_task_status ?? "NOT_STARTED",
      associatedWith: { objectType: input.objectType, id: input.objectId },
    };
  },
});
