import { z } from "zod";
import { auditEventOutput, toAuditEvent } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

export const listAuditEvents = defineLambdaLabsTool({
  name: "lambda_labs_list_audit_events",
  title: "List Lambda account audit events",
  description:
    "Reads the Lambda Cloud audit log: who (user and API key LRNs) did what (launched, terminated, created, " +
    "deleted) to which resource (instances, file systems, SSH keys, API keys) and when, within an optional time " +
    "window and resource type, one page at a time (pass nextPageToken back). Read-only.",
  toolset: "audit",
  input: z.object({
    start: z.iso.datetime({ offset: true }).optional().describe("inclusive; default: the earliest event kept"),
    end: z.iso.datetime({ offset: true }).optional().describe("inclusive; default: now"),
    resourceType: z.string().min(1).optional().describe("e.g. instance, filesystem, ssh_key, api_key"),
    pageToken: z.string().min(1).optional().describe("nextPageToken of the previous page"),
  }),
  output: z.object({ events: z.array(auditEventOutput), nextPageToken: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.auditEvents(
      {
        ...(input.start !== undefined && { start: input.start }),
        ...(input.end !== undefined && { end: input.end }),
        ...(input.resourceType !== undefined && { resourceType: input.resourceType }),
        ...(input.pageToken !== undefined && { pageToken: input.pageToken }),
      },
      signal,
    );
    return { events: page.data.map(toAuditEvent), ...(page.page_token !== null && { nextPageToken: page.page_token }) };
  },
});
