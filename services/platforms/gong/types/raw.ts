/**
 * Gong API v2 responses as Gong sends them (field names per Gong's published OpenAPI document):
 * parsed with these schemas, never trusted. Only the fields we use are listed; zod drops the rest.
 * Every list answer carries `records` ({ totalRecords, currentPageSize, currentPageNumber, cursor });
 * `cursor` is present only while more pages remain.
 */
import { z } from "zod";
import { nullAsAbsent } from "../../../runtime/http/absent.js";

export const records = z
  .object({
    totalRecords: z.number().optional(),
    currentPageSize: z.number().optional(),
    currentPageNumber: z.number().optional(),
    cursor: z.string().optional(),
  })
  .optional();

const nullableString = nullAsAbsent(z.string());

export const rawCallMetaData = z.object({
  id: z.string(),
  url: nullableString,
  title: nullableString,
  scheduled: nullableString,
  started: nullableString,
  duration: nullAsAbsent(z.number()),
  primaryUserId: nullableString,
  direction: nullableString,
  system: nullableString,
  scope: nullableString,
  media: nullableString,
  language: nullableString,
  workspaceId: nullableString,
  purpose: nullableString,
  isPrivate: nullAsAbsent(z.boolean()),
});
export type RawCallMetaData = z.infer<typeof rawCallMetaData>;

export const callsResponse = z.object({
  records,
  calls: z.array(rawCallMetaData).default([]),
});

export const specificCallResponse = z.object({ call: rawCallMetaData });

export const rawParty = z.object({
  id: nullableString,
  emailAddress: nullableString,
  name: nullableString,
  title: nullableString,
  userId: nullableString,
  speakerId: nullableString,
  affiliation: nullableString,
  phoneNumber: nullableString,
  methods: z.array(z.string()).nullish(),
});
export type RawParty = z.infer<typeof rawParty>;

const rawContextObject = z.object({
  objectType: nullableString,
  objectId: nullableString,
  fields: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
});

export const rawCallContent = z.object({
  brief: nullableString,
  keyPoints: z.array(z.object({ text: nullableString })).nullish(),
  topics: z.array(z.object({ name: nullableString, duration: z.number().nullish() })).nullish(),
  trackers: z
    .array(z.object({ id: nullableString, name: nullableString, count: z.number().nullish(), type: nullableString }))
    .nullish(),
  highlights: z
    .array(z.object({ title: nullableString, items: z.array(z.object({ text: nullableString })).nullish() }))
    .nullish(),
  outline: z
    .array(z.object({ section: nullableString, items: z.array(z.object({ text: nullableString })).nullish() }))
    .nullish(),
  callOutcome: z.object({ name: nullableString, category: nullableString }).nullish(),
});

export const rawCallData = z.object({
  metaData: rawCallMetaData,
  parties: z.array(rawParty).nullish(),
  content: rawCallContent.nullish(),
  context: z.array(z.object({ system: nullableString, objects: z.array(rawContextObject).nullish() })).nullish(),
});
export type RawCallData = z.infer<typeof rawCallData>;

export const extensiveCallsResponse = z.object({
  records,
  calls: z.array(rawCallData).default([]),
});

export const rawSentence = z.object({ start: z.number(), end: z.number().optional(), text: z.string() });

export const transcriptsResponse = z.object({
  records,
  callTranscripts: z
    .array(
      z.object({
        callId: z.string(),
        transcript: z
          .array(z.object({ speakerId: nullableString, topic: nullableString, sentences: z.array(rawSentence).default([]) }))
          .default([]),
      }),
    )
    .default([]),
});

export const rawUser = z.object({
  id: z.string(),
  emailAddress: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  title: nullableString,
  active: nullAsAbsent(z.boolean()),
  managerId: nullableString,
  created: nullableString,
});

export const usersResponse = z.object({ records, users: z.array(rawUser).default([]) });

export const trackersResponse = z.object({
  keywordTrackers: z
    .array(
      z.object({
        trackerId: z.string(),
        trackerName: nullableString,
        workspaceId: nullableString,
        affiliation: nullableString,
        languageKeywords: z
          .array(z.object({ language: nullableString, keywords: z.array(z.string()).nullish() }))
          .nullish(),
      }),
    )
    .default([]),
});

const count = z.number().nullish().transform((v) => v ?? 0);

export const rawActivityStats = z.object({
  callsAsHost: count,
  callsAttended: count,
  callsGaveFeedback: count,
  callsReceivedFeedback: count,
  callsRequestedFeedback: count,
  ownCallsListenedTo: count,
  othersCallsListenedTo: count,
  callsSharedInternally: count,
  callsSharedExternally: count,
  callsScorecardsFilled: count,
  callsScorecardsReceived: count,
  callsCommentsGiven: count,
  callsCommentsReceived: count,
});

export const activityAggregateResponse = z.object({
  records,
  timeZone: nullableString,
  usersAggregateActivityStats: z
    .array(
      z.object({
        userId: z.string(),
        userEmailAddress: nullableString,
        userAggregateActivityStats: rawActivityStats.nullish(),
      }),
    )
    .default([]),
});
