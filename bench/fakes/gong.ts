/**
 * Gong's calls sync (POST /v2/calls/extensive, 100 calls a page with records.cursor) against
 * test/fakes/gong.ts, which checks Basic auth and the request body against Gong's request schema.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/gong/index.js";
import { type FakeGongCall, type FakeGongUser, GongFake } from "../../test/fakes/gong.js";
import { type SyncBenchCase, realPlatformClient, forwardTo } from "./sync-case.js";

const CREDENTIALS = { GONG_ACCESS_KEY: "bench-access-key", GONG_CLIENT_SECRET: "bench-client-secret" };
/** Gong's page size for /v2/calls/extensive */
const PAGE_SIZE = 100;

const REPS: readonly FakeGongUser[] = ["Jane Doe", "Omar Haddad", "Li Wei", "Ana Souza"].map((name, i) => {
  const [firstName = name, lastName = ""] = name.split(" ");
  return { id: `23459948484842${i}`, firstName, lastName, emailAddress: `${firstName.toLowerCase()}@ourco.example`, active: true };
});
const ACCOUNTS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"];

/** `count` processed calls, one every few minutes over the last 29 days (inside the first run's 30-day window). */
function calls(count: number, now: Date): FakeGongCall[] {
  const span = 29 * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const rep = REPS[i % REPS.length]!;
    const account = ACCOUNTS[i % ACCOUNTS.length]!;
    return {
      id: String(7_782_342_274_025_000_000n + BigInt(i)),
      title: `${account} / discovery call ${i}`,
      started: new Date(now.getTime() - span + Math.floor((i * span) / count)).toISOString(),
      duration: 900 + (i % 40) * 60,
      primaryUserId: rep.id,
      parties: [
        { speakerId: `${i}1`, name: `${rep.firstName} ${rep.lastName}`, emailAddress: rep.emailAddress, affiliation: "Internal", userId: rep.id },
        { speakerId: `${i}2`, name: `Buyer ${i}`, emailAddress: `buyer${i}@${account.toLowerCase().replace(/ /g, "")}.example`, title: "VP Operations", affiliation: "External" },
      ],
      brief: `${account} is evaluating a renewal; pricing and the security review came up.`,
      keyPoints: ["Budget approved for next quarter", "Security review needs two weeks"],
      topics: [{ name: "Pricing", duration: 300 }],
      trackers: [{ id: "T-COMP", name: "Competitors", count: i % 3 }],
      outcome: "Next steps agreed",
      crm: [{ objectType: "Opportunity", objectId: `0061Q00000mk${String(i).padStart(6, "0")}`, name: `${account} - Renewal` }],
    };
  });
}

export function gongCallsCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Gong calls (extensive, 100 a page)",
    platform: "gong",
    apiCallsPerMinute,
    note: "Gong: one window (the first run's 30 days), every page a full 100 calls with parties, brief, key points, trackers and CRM context.",
    async start(requests) {
      const count = requests * PAGE_SIZE;
      const fake = await GongFake.start({ accessKey: CREDENTIALS.GONG_ACCESS_KEY, secret: CREDENTIALS.GONG_CLIENT_SECRET, calls: calls(count, new Date()), users: REPS, pageSize: PAGE_SIZE });
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, CREDENTIALS, settings),
        expectedRecords: count,
        expectedRequests: requests,
        problems: () => fake.unexpected(),
        close: () => fake.close(),
      };
    },
  };
}
