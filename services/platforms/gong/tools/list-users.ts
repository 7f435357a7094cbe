import { z } from "zod";
import { defineGongTool } from "./define.js";
import { cursor } from "./inputs.js";

export const gongListUsers = defineGongTool({
  name: "gong_list_users",
  title: "List Gong users",
  description:
    "Lists the company's Gong users (100 per page) with id, name, email, title and manager id. Use the ids as " +
    "hostUserIds in gong_search_calls or userIds in gong_get_activity_stats. query narrows each page by name or email.",
  toolset: "users",
  input: z.object({
    query: z.string().min(1).optional().describe("case-insensitive text a user's name or email must contain"),
    includeInactive: z.boolean().default(false),
    cursor,
  }),
  output: z.object({
    users: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.string().optional(),
        title: z.string().optional(),
        active: z.boolean(),
        managerId: z.string().optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.people.listUsers({ ...(input.cursor !== undefined && { cursor: input.cursor }) });
    const query = input.query?.toLowerCase();
    const users = page.users
      .map((u) => ({
        id: u.id,
        name: [u.firstName, u.lastName].filter(Boolean).join(" ") || (u.emailAddress ?? u.id),
        ...(u.emailAddress !== undefined && { email: u.emailAddress }),
        ...(u.title !== undefined && { title: u.title }),
        active: u.active ?? true,
        ...(u.managerId !== undefined && { managerId: u.managerId }),
      }))
      .filter((u) => input.includeInactive || u.active)
      .filter((u) => query === undefined || u.name.toLowerCase().includes(query) || (u.email?.toLowerCase().includes(query) ?? false));
    return { users, ...(page.records?.cursor !== undefined && { nextCursor: page.records.cursor }) };
  },
});
