/**
 * The Gong API v2 on loopback, declared on the fake toolkit (test/support/loopback.ts): calls with parties, AI content, CRM context
 * and transcripts, users, keyword trackers and activity stats, answered in the shapes of Gong's
 * published OpenAPI document. It checks what we send: Basic auth (else 401), request bodies against
 * Gong's request schemas (else 400 with Gong's `errors` array), date formats; it pages lists with
 * `records.cursor` and answers an empty call list with Gong's 404 "No calls found", an unknown call
 * id with its 404 "Call not found". Any path or method Gong does not have is answered 404 and
 * listed in `unexpected()`, which tests assert is empty.
 */
import { z } from "zod";
import { type DeclaredFake, type FakeAnswer, FakeRejection, type RecordedCall, recordedCall as recorded, startDeclared } from "../support/loopback.js";
import { type Fault, statusFaultAnswer } from "./upstream.js";

/** a request as the Gong tests read it: path and query together, the status it was answered */
export type RecordedRequest = RecordedCall;

export interface FakeGongParty {
  readonly speakerId: string;
  readonly name: string;
  readonly emailAddress?: string;
  readonly title?: string;
  readonly affiliation: "Internal" | "External" | "Unknown";
  readonly userId?: string;
}

export interface FakeGongCall {
  readonly id: string;
  readonly title: string;
  readonly started: string;
  readonly duration: number;
  readonly primaryUserId: string;
  readonly scope?: string;
  readonly direction?: string;
  readonly system?: string;
  readonly workspaceId?: string;
  readonly parties: readonly FakeGongParty[];
  readonly brief?: string;
  readonly keyPoints?: readonly string[];
  readonly topics?: readonly { name: string; duration: number }[];
  readonly trackers?: readonly { id: string; name: string; count: number }[];
  readonly outcome?: string;
  readonly crm?: readonly { objectType: string; objectId: string; name: string }[];
  /** monologues: speakerId, topic, sentences (ms) */
  readonly transcript?: readonly { speakerId: string; topic?: string; sentences: { start: number; end: number; text: string }[] }[];
}

export interface FakeGongUser {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly emailAddress: string;
  readonly title?: string;
  readonly active: boolean;
  readonly managerId?: string;
}

export interface GongFakeOptions {
  readonly accessKey: string;
  readonly secret: string;
  readonly calls?: readonly FakeGongCall[];
  readonly users?: readonly FakeGongUser[];
  /** records per page (Gong: 100) */
  readonly pageSize?: number;
}

const isoDateTime = z.iso.datetime({ offset: true });
const callsFilter = z.strictObject({
  fromDateTime: isoDateTime.optional(),
  toDateTime: isoDateTime.optional(),
  workspaceId: z.string().optional(),
  callIds: z.array(z.string()).optional(),
  primaryUserIds: z.array(z.string()).optional(),
});
const extensiveRequest = z.strictObject({
  filter: callsFilter,
  cursor: z.string().optional(),
  contentSelector: z
    .strictObject({
      context: z.enum(["None", "Basic", "Extended"]).optional(),
      contextTiming: z.array(z.enum(["Now", "TimeOfCall"])).optional(),
      exposedFields: z
        .strictObject({
          parties: z.boolean().optional(),
          media: z.boolean().optional(),
          content: z
            .strictObject({
              structure: z.boolean().optional(),
              topics: z.boolean().optional(),
              trackers: z.boolean().optional(),
              trackerOccurrences: z.boolean().optional(),
              pointsOfInterest: z.boolean().optional(),
              brief: z.boolean().optional(),
              outline: z.boolean().optional(),
              highlights: z.boolean().optional(),
              callOutcome: z.boolean().optional(),
              keyPoints: z.boolean().optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});
const transcriptRequest = z.strictObject({ filter: callsFilter.omit({ primaryUserIds: true }), cursor: z.string().optional() });
const activityRequest = z.strictObject({
  filter: z.strictObject({ fromDate: z.iso.date(), toDate: z.iso.date(), userIds: z.array(z.string()).optional() }),
  cursor: z.string().optional(),
});

export class GongFake {
  readonly calls: FakeGongCall[];
  readonly users: FakeGongUser[];

  private constructor(
    private readonly http: DeclaredFake,
    private readonly options: GongFakeOptions,
  ) {
    this.calls = [...(options.calls ?? [])];
    this.users = [...(options.users ?? [])];
  }

  static async start(options: GongFakeOptions): Promise<GongFake> {
    const expected = `Basic ${Buffer.from(`${options.accessKey}:${options.secret}`).toString("base64")}`;
    return startDeclared<GongFake>(
      (self) => ({
        errorBody: (rejection) => ({ requestId: "req-error", errors: [rejection.message] }),
        authorize: (request) => {
          if (request.headers.authorization !== expected) throw new FakeRejection(401, "token expired", "401", true);
        },
        routes: [
          { method: "GET", path: "/v2/calls", handle: (r) => self().listCalls(recorded(r)) },
          { method: "POST", path: "/v2/calls/extensive", handle: (r) => self().extensive(recorded(r)) },
          { method: "POST", path: "/v2/calls/transcript", handle: (r) => self().transcripts(recorded(r)) },
          { method: "GET", path: "/v2/calls/:id(\\d+)", handle: (r) => self().getCall(r.params.id ?? "") },
          { method: "GET", path: "/v2/users", handle: (r) => self().listUsers(recorded(r)) },
          { method: "GET", path: "/v2/settings/trackers", handle: (r) => self().trackers(recorded(r)) },
          { method: "POST", path: "/v2/stats/activity/aggregate", handle: (r) => self().activity(recorded(r)) },
        ],
      }),
      (http) => new GongFake(http, options),
    );
  }

  get url(): string {
    return this.http.url;
  }

  /** every request, with the status it was answered */
  get requests(): RecordedRequest[] {
    return this.http.requests.map(recorded);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.url.split("?")[0] === path);
  }

  /** requests Gong does not answer: unknown paths or methods */
  unexpected(): string[] {
    return this.http.unexpected;
  }

  /** Answers the next requests to `path` with these statuses (the Gong fake queues status faults only). */
  fail(path: string, ...faults: Fault[]): this {
    for (const fault of faults) this.http.failNext(statusFaultAnswer(fault), path);
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private getCall(id: string): FakeAnswer {
    const call = this.calls.find((candidate) => candidate.id === id);
    if (call === undefined) return { status: 404, body: { requestId: "req-get", errors: ["Call not found"] } };
    return { body: { requestId: "req-get", call: metaData(call) } };
  }

  private page<T>(items: readonly T[], cursor: string | undefined) {
    const size = this.options.pageSize ?? 100;
    const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, "base64url").toString().replace("page-after:", ""));
    const next = offset + size < items.length ? Buffer.from(`page-after:${offset + size}`).toString("base64url") : undefined;
    return {
      items: items.slice(offset, offset + size),
      records: {
        totalRecords: items.length,
        currentPageSize: Math.min(size, Math.max(0, items.length - offset)),
        currentPageNumber: Math.floor(offset / size),
        ...(next !== undefined && { cursor: next }),
      },
    };
  }

  private inRange(call: FakeGongCall, from: string | undefined, to: string | undefined): boolean {
    const started = Date.parse(call.started);
    return (from === undefined || started >= Date.parse(from)) && (to === undefined || started < Date.parse(to));
  }

  private listCalls(request: RecordedRequest): FakeAnswer {
    const query = new URL(request.url, "http://x").searchParams;
    for (const name of ["fromDateTime", "toDateTime"]) {
      const value = query.get(name);
      if (value !== null && !isoDateTime.safeParse(value).success) return badRequest(`${name} is not a valid ISO-8601 date-time`);
    }
    const matching = this.calls.filter((c) => this.inRange(c, query.get("fromDateTime") ?? undefined, query.get("toDateTime") ?? undefined));
    if (matching.length === 0) return notFound();
    const { items, records } = this.page(matching, query.get("cursor") ?? undefined);
    return { body: { requestId: "req-list", records, calls: items.map(metaData) } };
  }

  private extensive(request: RecordedRequest): FakeAnswer {
    const parsed = extensiveRequest.safeParse(parseJson(request.body));
    if (!parsed.success) return badRequest(parsed.error.issues[0]?.message ?? "invalid request");
    const { filter, contentSelector, cursor } = parsed.data;
    const matching = this.calls.filter(
      (c) =>
        this.inRange(c, filter.fromDateTime, filter.toDateTime) &&
        (filter.callIds === undefined || filter.callIds.includes(c.id)) &&
        (filter.primaryUserIds === undefined || filter.primaryUserIds.includes(c.primaryUserId)),
    );
    if (matching.length === 0) return notFound();
    const { items, records } = this.page(matching, cursor);
    const fields = contentSelector?.exposedFields;
    const content = fields?.content ?? {};
    return {
      body: {
        requestId: "req-extensive",
        records,
        calls: items.map((call) => ({
          metaData: metaData(call),
          ...(contentSelector?.context === "Extended" &&
            call.crm && {
              context: [
                {
                  system: "Salesforce",
                  objects: call.crm.map((o) => ({ objectType: o.objectType, objectId: o.objectId, fields: [{ name: "Name", value: o.name }, { name: "Amount", value: 50_000 }] })),
                },
              ],
            }),
          ...(fields?.parties && { parties: call.parties.map((p, i) => ({ id: `party-${i}`, methods: ["Invitee"], ...p })) }),
          content: {
            ...(content.brief && call.brief && { brief: call.brief }),
            ...(content.keyPoints && call.keyPoints && { keyPoints: call.keyPoints.map((text) => ({ text })) }),
            ...(content.topics && call.topics && { topics: call.topics }),
            ...(content.trackers && call.trackers && { trackers: call.trackers.map((t) => ({ ...t, type: "KEYWORD", occurrences: [] })) }),
            ...(content.callOutcome && call.outcome && { callOutcome: { id: "o1", category: "Answered", name: call.outcome } }),
          },
        })),
      },
    };
  }

  private transcripts(request: RecordedRequest): FakeAnswer {
    const parsed = transcriptRequest.safeParse(parseJson(request.body));
    if (!parsed.success) return badRequest(parsed.error.issues[0]?.message ?? "invalid request");
    const { filter, cursor } = parsed.data;
    const matching = this.calls.filter((c) => c.transcript && (filter.callIds === undefined || filter.callIds.includes(c.id)));
    if (matching.length === 0) return notFound();
    const { items, records } = this.page(matching, cursor);
    return { body: { requestId: "req-transcript", records, callTranscripts: items.map((c) => ({ callId: c.id, transcript: c.transcript })) } };
  }

  private listUsers(request: RecordedRequest): FakeAnswer {
    const { items, records } = this.page(this.users, new URL(request.url, "http://x").searchParams.get("cursor") ?? undefined);
    return { body: { requestId: "req-users", records, users: items.map((u) => ({ ...u, created: "2022-01-10T09:00:00Z", emailAliases: [], settings: {} })) } };
  }

  private trackers(request: RecordedRequest): FakeAnswer {
    const workspaceId = new URL(request.url, "http://x").searchParams.get("workspaceId");
    const all = [
      {
        trackerId: "T-COMP",
        trackerName: "Competitors",
        workspaceId: "W1",
        affiliation: "NonCompany",
        partOfQuestion: false,
        saidAt: "Anytime",
        languageKeywords: [{ language: "eng", keywords: Array.from({ length: 30 }, (_, i) => `rival ${i + 1}`), includeRelatedForms: true }],
      },
      { trackerId: "T-PRICE", trackerName: "Pricing", workspaceId: "W2", affiliation: "Anyone", languageKeywords: [{ language: "eng", keywords: ["discount", "price"] }] },
    ];
    return { body: { requestId: "req-trackers", keywordTrackers: all.filter((t) => workspaceId === null || t.workspaceId === workspaceId) } };
  }

  private activity(request: RecordedRequest): FakeAnswer {
    const parsed = activityRequest.safeParse(parseJson(request.body));
    if (!parsed.success) return badRequest(parsed.error.issues[0]?.message ?? "invalid request");
    const ids = parsed.data.filter.userIds ?? this.users.map((u) => u.id);
    const stats = ids.map((id, i) => ({
      userId: id,
      userEmailAddress: this.users.find((u) => u.id === id)?.emailAddress,
      userAggregateActivityStats: { callsAsHost: 10 + i, callsAttended: 3, callsGaveFeedback: 1, callsReceivedFeedback: 2, ownCallsListenedTo: 4, othersCallsListenedTo: 5, callsSharedInternally: 1, callsSharedExternally: 1, callsScorecardsFilled: 0, callsScorecardsReceived: 0, callsCommentsGiven: 2, callsCommentsReceived: 1, callsMarkedAsFeedbackGiven: 0, callsMarkedAsFeedbackReceived: 0 },
    }));
    return {
      body: {
        requestId: "req-activity",
        records: { totalRecords: stats.length, currentPageSize: stats.length, currentPageNumber: 0 },
        usersAggregateActivityStats: stats,
        timeZone: "America/New_York",
        fromDateTime: `${parsed.data.filter.fromDate}T00:00:00-04:00`,
        toDateTime: `${parsed.data.filter.toDate}T00:00:00-04:00`,
      },
    };
  }
}

function metaData(call: FakeGongCall) {
  return {
    id: call.id,
    url: `https://app.gong.io/call?id=${call.id}`,
    title: call.title,
    scheduled: call.started,
    started: call.started,
    duration: call.duration,
    primaryUserId: call.primaryUserId,
    direction: call.direction ?? "Conference",
    system: call.system ?? "Zoom",
    scope: call.scope ?? "External",
    media: "Video",
    language: "eng",
    workspaceId: call.workspaceId ?? "W1",
    sdrDisposition: null,
    clientUniqueId: null,
    customData: null,
    purpose: null,
    meetingUrl: "https://zoom.us/j/1",
    isPrivate: false,
    calendarEventId: null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function badRequest(message: string): FakeAnswer {
  return { status: 400, body: { requestId: "req-bad", errors: [message] } };
}

function notFound(): FakeAnswer {
  return { status: 404, body: { requestId: "req-none", errors: ["No calls found corresponding to the provided filters"] } };
}
