import { z } from "zod";
import { defineGongTool } from "./define.js";
import { cursor } from "./inputs.js";

const day = z.iso.date();

export const gongGetActivityStats = defineGongTool({
  name: "gong_get_activity_stats",
  title: "Gong activity per user",
  description:
    "Aggregated activity per Gong user over a date range (fromDate inclusive, toDate exclusive, in the company's time " +
    "zone, toDate not after today): calls hosted and attended, calls listened to, feedback and comments given and " +
    "received, scorecards filled, calls shared. Only users with activity are listed.",
  toolset: "stats",
  input: z.object({
    fromDate: day.describe("YYYY-MM-DD, inclusive"),
    toDate: day.describe("YYYY-MM-DD, exclusive"),
    userIds: z.array(z.string().regex(/^\d{1,20}$/)).max(200).optional().describe("default: everyone"),
    cursor,
  }),
  output: z.object({
    timeZone: z.string().optional(),
    users: z.array(
      z.object({
        userId: z.string(),
        email: z.string().optional(),
        callsHosted: z.number(),
        callsAttended: z.number(),
        ownCallsListenedTo: z.number(),
        othersCallsListenedTo: z.number(),
        feedbackGiven: z.number(),
        feedbackReceived: z.number(),
        commentsGiven: z.number(),
        commentsReceived: z.number(),
        scorecardsFilled: z.number(),
        callsShared: z.number(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    const page = await api.people.activity({
      fromDate: input.fromDate,
      toDate: input.toDate,
      ...(input.userIds !== undefined && { userIds: input.userIds }),
      ...(input.cursor !== undefined && { cursor: input.cursor }),
    });
    return {
      ...(page.timeZone !== undefined && { timeZone: page.timeZone }),
      users: page.usersAggregateActivityStats.map((u) => {
        const s = u.userAggregateActivityStats;
        return {
          userId: u.userId,
          ...(u.userEmailAddress !== undefined && { email: u.userEmailAddress }),
          callsHosted: s?.callsAsHost ?? 0,
          callsAttended: s?.callsAttended ?? 0,
          ownCallsListenedTo: s?.ownCallsListenedTo ?? 0,
          othersCallsListenedTo: s?.othersCallsListenedTo ?? 0,
          feedbackGiven: s?.callsGaveFeedback ?? 0,
          feedbackReceived: s?.callsReceivedFeedback ?? 0,
          commentsGiven: s?.callsCommentsGiven ?? 0,
          commentsReceived: s?.callsCommentsReceived ?? 0,
          scorecardsFilled: s?.callsScorecardsFilled ?? 0,
          callsShared: (s?.callsSharedInternally ?? 0) + (s?.callsSharedExternally ?? 0),
        };
      }),
      ...(page.records?.cursor !== undefined && { nextCursor: page.records.cursor }),
    };
  },
});
