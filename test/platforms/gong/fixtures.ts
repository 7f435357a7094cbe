import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { FakeGongCall, GongFakeOptions } from "../../fakes/gong.js";

export const ACCESS_KEY = "gong-access-key";
export const ACCESS_SECRET = "gong-access-secret";
export const credentials = { GONG_ACCESS_KEY: ACCESS_KEY, GONG_CLIENT_SECRET: ACCESS_SECRET };

export const gongSettings: IntegrationSettings = {
  enabled: true,
  mcp_server_port: 9001,
  webhook_path: "/webhook/gong",
  sync_objects: ["calls"],
};

export const renewalCall: FakeGongCall = {
  id: "7782342274025937895",
  title: "Acme / Renewal negotiation",
  started: "2024-03-28T15:00:00Z",
  duration: 2160,
  primaryUserId: "234599484848423",
  parties: [
    { speakerId: "6432345678555530067", name: "Jane Doe", emailAddress: "jane@ourco.com", title: "Account Executive", affiliation: "Internal", userId: "234599484848423" },
    { speakerId: "6432345678555530068", name: "Raj Patel", emailAddress: "raj@acme.com", title: "Head of Procurement", affiliation: "External" },
  ],
  brief: "Acme wants a 15% discount to renew for two years; Competitor X offered a lower price.",
  keyPoints: ["Budget approved for two years", "Legal review needs three weeks"],
  topics: [
    { name: "Pricing", duration: 540 },
    { name: "Small talk", duration: 0 },
  ],
  trackers: [
    { id: "T-COMP", name: "Competitors", count: 3 },
    { id: "T-PRICE", name: "Pricing", count: 0 },
  ],
  outcome: "Next steps agreed",
  crm: [{ objectType: "Opportunity", objectId: "0061Q00000mkU1fQAE", name: "Acme - Renewal (28)" }],
  transcript: [
    {
      speakerId: "6432345678555530067",
      topic: "Pricing",
      sentences: [
        { start: 460, end: 2000, text: "Thanks for joining." },
        { start: 2000, end: 4000, text: "Let's talk about the renewal." },
      ],
    },
    { speakerId: "6432345678555530068", topic: "Pricing", sentences: [{ start: 65_000, end: 70_000, text: "We need fifteen percent off to sign." }] },
    { speakerId: "999", sentences: [{ start: 120_000, end: 121_000, text: "Sorry, who joined?" }] },
  ],
};

export const demoCall: FakeGongCall = {
  id: "7782342274025937896",
  title: "Globex demo",
  started: "2024-03-29T10:00:00Z",
  duration: 1800,
  primaryUserId: "234599484848424",
  scope: "External",
  parties: [{ speakerId: "1", name: "Sam Lee", emailAddress: "sam@globex.com", affiliation: "External" }],
};

export const internalCall: FakeGongCall = {
  id: "7782342274025937897",
  title: "Pipeline review",
  started: "2024-03-30T09:00:00Z",
  duration: 1200,
  primaryUserId: "234599484848423",
  scope: "Internal",
  parties: [{ speakerId: "2", name: "Jane Doe", emailAddress: "jane@ourco.com", affiliation: "Internal" }],
};

export const company: GongFakeOptions = {
  accessKey: ACCESS_KEY,
  secret: ACCESS_SECRET,
  pageSize: 2,
  calls: [renewalCall, demoCall, internalCall],
  users: [
    { id: "234599484848423", firstName: "Jane", lastName: "Doe", emailAddress: "jane@ourco.com", title: "Account Executive", active: true, managerId: "1" },
    { id: "234599484848424", firstName: "Tom", lastName: "Hill", emailAddress: "tom@ourco.com", active: true },
    { id: "234599484848425", firstName: "Old", lastName: "Timer", emailAddress: "old@ourco.com", active: false },
  ],
};
