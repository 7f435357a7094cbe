import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../services/runtime/contract.js";
import type { GongApi } from "../../../services/platforms/gong/api/index.js";
import { definition } from "../../../services/platforms/gong/index.js";
import { gongGetActivityStats } from "../../../services/platforms/gong/tools/activity-stats.js";
import { gongGetCallDetails } from "../../../services/platforms/gong/tools/call-details.js";
import { gongGetCallTranscript } from "../../../services/platforms/gong/tools/call-transcript.js";
import { gongGetCall } from "../../../services/platforms/gong/tools/get-call.js";
import { gongListCalls } from "../../../services/platforms/gong/tools/list-calls.js";
import { gongListTrackers } from "../../../services/platforms/gong/tools/list-trackers.js";
import { gongListUsers } from "../../../services/platforms/gong/tools/list-users.js";
import { gongSearchCalls } from "../../../services/platforms/gong/tools/search-calls.js";
import { GongFake } from "../../fakes/gong.js";
import { type PlatformHarness, platformHarness, upstreamErrorOf } from "../../support/platform-harness.js";
import { company, credentials, gongSettings, renewalCall } from "./fixtures.js";

let fake: GongFake;
let gong: PlatformHarness<GongApi>;

beforeEach(async () => {
  fake = await GongFake.start(company);
  gong = platformHarness(definition, { baseUrl: fake.url, credentials, settings: gongSettings });
});

afterEach(async () => {
  expect(fake.unexpected()).toEqual([]);
  await fake.close();
});

const body = (path: string, index = 0) => JSON.parse(fake.requestsTo(path)[index]?.body ?? "null") as Record<string, unknown>;

describe("gong_list_calls", () => {
  it("lists calls in a range with Basic auth, paging with records.cursor", async () => {
    const first = await gong.call(gongListCalls, { from: "2024-03-01T00:00:00Z", to: "2024-04-01T00:00:00Z" });
    expect(first).toMatchObject({ totalRecords: 3, nextCursor: expect.any(String) });
    expect(first.calls).toEqual([
      {
        id: "7782342274025937895",
        title: "Acme / Renewal negotiation",
        url: "https://app.gong.io/call?id=7782342274025937895",
        started: "2024-03-28T15:00:00Z",
        scheduled: "2024-03-28T15:00:00Z",
        durationMinutes: 36,
        direction: "Conference",
        scope: "External",
        system: "Zoom",
        primaryUserId: "234599484848423",
        workspaceId: "W1",
        language: "eng",
      },
      expect.objectContaining({ id: "7782342274025937896" }),
    ]);
    const second = await gong.call(gongListCalls, { from: "2024-03-01T00:00:00Z", to: "2024-04-01T00:00:00Z", cursor: first.nextCursor });
    expect((second.calls as { id: string }[]).map((c) => c.id)).toEqual(["7782342274025937897"]);
    expect(second.nextCursor).toBeUndefined();

    const [request] = fake.requestsTo("/v2/calls");
    expect(request?.method).toBe("GET");
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from("gong-access-key:gong-access-secret").toString("base64")}`);
    expect(new URL(request?.url ?? "", "http://x").searchParams.get("fromDateTime")).toBe("2024-03-01T00:00:00Z");
  });

  it("treats Gong's 404 for an empty range as no calls", async () => {
    expect(await gong.call(gongListCalls, { from: "2020-01-01T00:00:00Z", to: "2020-02-01T00:00:00Z" })).toEqual({ calls: [] });
  });

  it("waits out a 429 with Retry-After in the runtime client", async () => {
    fake.fail("/v2/calls", { kind: "status", status: 429, headers: { "retry-after": "3" }, body: '{"errors":["Too many requests"]}' });
    const result = await gong.call(gongListCalls, { from: "2024-03-01T00:00:00Z" });
    expect(result.calls).toHaveLength(2);
    expect(fake.requestsTo("/v2/calls").map((r) => r.answer)).toEqual([429, 200]);
    expect(Math.max(...gong.waits)).toBeGreaterThanOrEqual(2_900);
  });

  it("rejects wrong credentials with a safe message", async () => {
    gong = platformHarness(definition, { baseUrl: fake.url, credentials: { GONG_ACCESS_KEY: "k", GONG_CLIENT_SECRET: "wrong" }, settings: gongSettings });
    const error = await upstreamErrorOf(gong.call(gongListCalls, { from: "2024-03-01T00:00:00Z" }));
    expect(error.status).toBe(401);
    expect(error.safeMessage).not.toContain("wrong");
  });

  it("sends to the customer's API host when GONG_API_BASE_URL is set", async () => {
    gong = platformHarness(definition, {
      baseUrl: "http://127.0.0.1:9/unused",
      credentials: { ...credentials, GONG_API_BASE_URL: `${fake.url}/` },
      settings: gongSettings,
    });
    expect((await gong.call(gongListCalls, { from: "2024-03-29T00:00:00Z" })).calls).toHaveLength(2);
  });
});

describe("gong_search_calls", () => {
  it("filters by host through /v2/calls/extensive and narrows by participant email on the page", async () => {
    const result = await gong.call(gongSearchCalls, { from: "2024-03-01T00:00:00Z", hostUserIds: ["234599484848423"], participantEmail: "@acme.com" });
    expect(result).toEqual({
      calls: [
        expect.objectContaining({
          id: "7782342274025937895",
          participants: [
            { name: "Jane Doe", email: "jane@ourco.com", affiliation: "Internal", title: "Account Executive" },
            { name: "Raj Patel", email: "raj@acme.com", affiliation: "External", title: "Head of Procurement" },
          ],
        }),
      ],
      scanned: 2,
    });
    expect(body("/v2/calls/extensive")).toEqual({
      filter: { fromDateTime: "2024-03-01T00:00:00Z", primaryUserIds: ["234599484848423"] },
      contentSelector: {
        context: "None",
        exposedFields: { parties: true, content: { brief: false, keyPoints: false, outline: false, highlights: false, callOutcome: false, topics: false, trackers: false } },
      },
    });
  });

  it("retries a 502 on this read-only POST (it is marked idempotent)", async () => {
    fake.fail("/v2/calls/extensive", { kind: "status", status: 502 });
    const result = await gong.call(gongSearchCalls, { titleContains: "globex" });
    expect((result.calls as { id: string }[]).map((c) => c.id)).toEqual(["7782342274025937896"]);
    expect(fake.requestsTo("/v2/calls/extensive").map((r) => r.answer)).toEqual([502, 200]);
    // marked a read for the runtime, not with a header Gong does not document
    expect(fake.requestsTo("/v2/calls/extensive").map((r) => r.headers["idempotency-key"])).toEqual([undefined, undefined]);
  });
});

describe("gong_get_call", () => {
  it("returns one call", async () => {
    const result = await gong.call(gongGetCall, { callId: renewalCall.id });
    expect(result.call).toMatchObject({ id: renewalCall.id, title: "Acme / Renewal negotiation", durationMinutes: 36 });
  });

  it("answers an unknown call with a not-found error", async () => {
    const error = await upstreamErrorOf(gong.call(gongGetCall, { callId: "123" }));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
  });

  it("rejects an id that is not a Gong call id before calling Gong", async () => {
    await expect(gong.call(gongGetCall, { callId: "../users" })).rejects.toThrow();
    expect(fake.requests).toHaveLength(0);
  });
});

describe("gong_get_call_details", () => {
  it("returns participants, brief, key points, outcome, topics, trackers and CRM links, without empty noise", async () => {
    const result = await gong.call(gongGetCallDetails, { callIds: [renewalCall.id] });
    expect(result.calls).toEqual([
      expect.objectContaining({
        id: renewalCall.id,
        participants: [
          expect.objectContaining({ name: "Jane Doe", affiliation: "Internal", speakerId: "6432345678555530067" }),
          expect.objectContaining({ name: "Raj Patel", email: "raj@acme.com", affiliation: "External" }),
        ],
        brief: "Acme wants a 15% discount to renew for two years; Competitor X offered a lower price.",
        keyPoints: ["Budget approved for two years", "Legal review needs three weeks"],
        outcome: "Next steps agreed",
        topics: [{ name: "Pricing", minutes: 9 }],
        trackers: [{ name: "Competitors", count: 3 }],
        crm: [{ system: "Salesforce", objectType: "Opportunity", objectId: "0061Q00000mkU1fQAE", name: "Acme - Renewal (28)" }],
      }),
    ]);
    expect(body("/v2/calls/extensive")).toMatchObject({ filter: { callIds: [renewalCall.id] }, contentSelector: { context: "Extended" } });
  });

  it("surfaces Gong's 400 for a request it rejects as a non-retryable error", async () => {
    fake.fail("/v2/calls/extensive", { kind: "status", status: 400, body: '{"requestId":"r","errors":["cursor is invalid"]}' });
    const error = await upstreamErrorOf(gong.call(gongGetCallDetails, { callIds: [renewalCall.id] }));
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(fake.requestsTo("/v2/calls/extensive")).toHaveLength(1);
  });
});

describe("gong_get_call_transcript", () => {
  it("returns speaker turns with names from the call's parties", async () => {
    const result = await gong.call(gongGetCallTranscript, { callId: renewalCall.id });
    expect(result).toEqual({
      callId: renewalCall.id,
      title: "Acme / Renewal negotiation",
      turns: [
        { speaker: "Jane Doe", affiliation: "Internal", topic: "Pricing", startSeconds: 0, text: "Thanks for joining. Let's talk about the renewal." },
        { speaker: "Raj Patel", affiliation: "External", topic: "Pricing", startSeconds: 65, text: "We need fifteen percent off to sign." },
        { speaker: "speaker 999", startSeconds: 120, text: "Sorry, who joined?" },
      ],
      truncated: false,
    });
    expect(body("/v2/calls/transcript")).toEqual({ filter: { callIds: [renewalCall.id] } });
  });

  it("starts later when asked", async () => {
    const later = await gong.call(gongGetCallTranscript, { callId: renewalCall.id, startAtSeconds: 60 });
    expect((later.turns as { startSeconds: number }[]).map((t) => t.startSeconds)).toEqual([65, 120]);
  });

  it("cuts long transcripts at maxChars", async () => {
    const long = "We compared every line item of the proposal. ".repeat(40); // 1,840 characters
    fake.calls.push({
      ...renewalCall,
      id: "1",
      transcript: [
        { speakerId: "6432345678555530068", sentences: [{ start: 0, end: 1, text: long }] },
        { speakerId: "6432345678555530067", sentences: [{ start: 90_000, end: 91_000, text: "Understood." }] },
      ],
    });
    const cut = await gong.call(gongGetCallTranscript, { callId: "1", maxChars: 1_000 });
    expect(cut.truncated).toBe(true);
    const turns = cut.turns as { text: string }[];
    expect(turns).toHaveLength(1);
    expect(turns[0]?.text).toHaveLength(1_001);
    expect(turns[0]?.text.endsWith("…")).toBe(true);
  });

  it("says so when a call has no transcript", async () => {
    const error = await upstreamErrorOf(gong.call(gongGetCallTranscript, { callId: "7782342274025937896" }));
    expect(error.safeMessage).toContain("no transcript");
  });
});

describe("gong_list_users, gong_list_trackers, gong_get_activity_stats", () => {
  it("lists active users by default, narrowed by a query", async () => {
    const page = await gong.call(gongListUsers, {});
    expect(page).toEqual({
      users: [
        { id: "234599484848423", name: "Jane Doe", email: "jane@ourco.com", title: "Account Executive", active: true, managerId: "1" },
        { id: "234599484848424", name: "Tom Hill", email: "tom@ourco.com", active: true },
      ],
      nextCursor: expect.any(String),
    });
    const rest = await gong.call(gongListUsers, { cursor: page.nextCursor, includeInactive: true });
    expect((rest.users as { name: string }[]).map((u) => u.name)).toEqual(["Old Timer"]);
    expect((await gong.call(gongListUsers, { query: "tom" })).users).toHaveLength(1);
  });

  it("lists trackers with a sample of their keywords", async () => {
    const result = await gong.call(gongListTrackers, { workspaceId: "W1" });
    expect(result.trackers).toEqual([
      { id: "T-COMP", name: "Competitors", workspaceId: "W1", saidBy: "NonCompany", keywords: expect.arrayContaining(["rival 1", "rival 25"]), moreKeywords: 5 },
    ]);
    expect(new URL(fake.requestsTo("/v2/settings/trackers")[0]?.url ?? "", "http://x").searchParams.get("workspaceId")).toBe("W1");
  });

  it("reports activity per user for a date range", async () => {
    const result = await gong.call(gongGetActivityStats, { fromDate: "2024-03-01", toDate: "2024-04-01", userIds: ["234599484848423"] });
    expect(result).toEqual({
      timeZone: "America/New_York",
      users: [
        {
          userId: "234599484848423",
          email: "jane@ourco.com",
          callsHosted: 10,
          callsAttended: 3,
          ownCallsListenedTo: 4,
          othersCallsListenedTo: 5,
          feedbackGiven: 1,
          feedbackReceived: 2,
          commentsGiven: 2,
          commentsReceived: 1,
          scorecardsFilled: 0,
          callsShared: 2,
        },
      ],
    });
    expect(body("/v2/stats/activity/aggregate")).toEqual({ filter: { fromDate: "2024-03-01", toDate: "2024-04-01", userIds: ["234599484848423"] } });
  });
});
