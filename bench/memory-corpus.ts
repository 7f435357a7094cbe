/**
 * The benches' synthetic memory corpus: shaped like the fleet's data (Slack messages, Gong calls,
 * HubSpot deals, Linear issues), generated from a fixed seed, so every run sees the same text.
 */
import type { MemoryRecord } from "../services/runtime/contract.js";

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = "ka ro mi ven tal sor bex qui lan dor fen ix ul tra nov gar pel zed mor hal".split(" ");
const FIRST = "Ana Ben Chloe Dev Emil Fatima Gus Hana Ivan Jade Kofi Lena Mateo Nia Omar Priya Quinn Rosa Sam Tara".split(" ");
const TOPICS = [
  "renewal pricing discount contract budget procurement legal redlines",
  "login sso okta saml password authentication session timeout",
  "export csv report dashboard analytics chart filter",
  "mobile ios android app crash startup performance battery",
  "billing invoice payment refund charge proration upgrade",
  "onboarding kickoff migration import data mapping training",
  "webhook api integration salesforce connector sync fields",
  "security soc2 audit questionnaire compliance encryption",
  "hiring recruiting candidate interview offer headcount",
  "roadmap launch release beta feature announcement",
  "outage incident latency error rate rollback postmortem",
  "expansion seats upsell license department rollout",
];
const STAGES = ["Discovery", "Demo", "Proposal", "Negotiation", "Contract sent", "Closed won", "Closed lost"];
const CHANNELS = ["deals", "support", "incidents", "eng", "product", "sales", "mobile", "security"];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function company(random: () => number): string {
  const name = pick(random, SYLLABLES) + pick(random, SYLLABLES) + pick(random, SYLLABLES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function topicWords(random: () => number, count: number): string[] {
  const words = pick(random, TOPICS).split(" ");
  return Array.from({ length: count }, () => pick(random, words));
}

export function syntheticMemories(count: number, seed = 7): MemoryRecord[] {
  return [...syntheticMemoryStream(count, seed)];
}

/** The same memories one at a time, for stores too large to hold as objects at once (1M). */
export function* syntheticMemoryStream(count: number, seed = 7): Generator<MemoryRecord> {
  const random = mulberry32(seed);
  const start = Date.parse("2024-01-01T00:00:00Z");
  for (let i = 0; i < count; i += 1) yield memoryAt(i);
  function memoryAt(i: number): MemoryRecord {
    const who = pick(random, FIRST);
    const org = company(random);
    const [a, b, c, d] = topicWords(random, 4);
    const timestamp = new Date(start + Math.floor(random() * 365 * 86_400_000)).toISOString();
    switch (i % 4) {
      case 0:
        return { key: `bench:${i}`, source: "slack", type: "message", timestamp, record: { i },
          content: `${who} in #${pick(random, CHANNELS)}: ${org} asked about ${a} and ${b} again, can someone check the ${c} before ${d} is discussed tomorrow?` };
      case 1:
        return { key: `bench:${i}`, source: "gong", type: "call", timestamp, record: { i }, title: `${org} ${a} call`,
          content: `${who} walked ${org} through ${a} and ${b}. They raised concerns about ${c}, and want a follow-up on ${d} with their team next week.` };
      case 2:
        return { key: `bench:${i}`, source: "hubspot", type: "deal", timestamp, record: { i }, title: `${org} - ${a}`,
          content: `Deal ${org} moved to ${pick(random, STAGES)}. Amount ${Math.floor(random() * 200) * 1000} USD. Next step: ${b} review and ${c} with ${who}.` };
      default:
        return { key: `bench:${i}`, source: "linear", type: "issue", timestamp, record: { i }, title: `${a} ${b} problem for ${org}`,
          content: `Reported by ${who}: ${a} fails when ${b} is enabled; ${c} shows errors and ${d} is blocked for ${org}.` };
    }
  }
}
