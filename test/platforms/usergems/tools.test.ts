/** Each UserGems tool against the UserGems fake and a real embedded memory store. */
import { describe, expect, it } from "vitest";
import type { WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/usergems/index.js";
import type { UsergemsApi } from "../../../services/platforms/usergems/api/index.js";
import { tools } from "../../../services/platforms/usergems/tools/index.js";
import { privacyDelete } from "../../../services/platforms/usergems/tools/privacy-delete.js";
import { recentSignals } from "../../../services/platforms/usergems/tools/recent-signals.js";
import { trackAccounts } from "../../../services/platforms/usergems/tools/track-accounts.js";
import { trackContacts } from "../../../services/platforms/usergems/tools/track-contacts.js";
import { untrackAccounts } from "../../../services/platforms/usergems/tools/untrack-accounts.js";
import { untrackContacts } from "../../../services/platforms/usergems/tools/untrack-contacts.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, type Harness, JOB_CHANGE, NOW, startHarness } from "./harness.js";

const webhook = definition.webhook as WebhookDefinition<UsergemsApi>;

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

/** what arrived through the webhook, stored as the inbox would */
async function received(body: unknown): Promise<void> {
  const [event] = webhook.parse({ method: "POST", url: "/", publicUrl: "https://x/", headers: {}, rawBody: Buffer.from(JSON.stringify(body)), receivedAt: NOW });
  await h.ctx.memory.store(await webhook.toMemory(event as WebhookEvent, h.ctx));
}

describe("usergems_track_contacts and usergems_untrack_contacts", () => {
  it("adds each contact with the documented fields and the X-Api-Key, idempotently", async () => {
    const contacts = [
      { email: "jane@acme.example", firstName: "Jane", lastName: "Doe", company: "Acme", relationshipType: "Champion", linkedinUrl: "https://www.linkedin.com/in/janedoe" },
      { email: "john@acme.example" },
    ];
    expect(await h.call(trackContacts, { contacts })).toEqual({
      succeeded: 2,
      failed: 0,
      results: [
        { item: "jane@acme.example", outcome: "tracked" },
        { item: "john@acme.example", outcome: "tracked" },
      ],
    });
    expect(h.fake.requests[0]).toMatchObject({ method: "POST", path: "/v1/contact", headers: { "x-api-key": API_KEY } });
    expect(JSON.parse(h.fake.requests[0]?.body ?? "")).toEqual(contacts[0]);
    await h.call(trackContacts, { contacts });
    expect([...h.fake.contacts.keys()]).toEqual(["jane@acme.example", "john@acme.example"]);
  });

  it("removes contacts, counting one that is not tracked as untracked, and reports a failure per item", async () => {
    await h.call(trackContacts, { contacts: [{ email: "jane@acme.example" }] });
    h.fake.failNext(500, "/v1/contact");
    h.fake.failNext(500, "/v1/contact");
    h.fake.failNext(500, "/v1/contact");
    h.fake.failNext(500, "/v1/contact");
    const result = await h.call(untrackContacts, { contacts: [{ email: "ghost@acme.example", relationshipType: "Champion" }, { email: "jane@acme.example" }] });
    expect(result.results[0]).toMatchObject({ item: "ghost@acme.example", outcome: "failed" });
    expect(result.results[0]?.error).toContain("500");
    expect(result.results[0]?.error).not.toContain("ghost");
    expect(result.results[1]).toEqual({ item: "jane@acme.example", outcome: "untracked" });
    const again = await h.call(untrackContacts, { contacts: [{ email: "jane@acme.example" }] });
    expect(again).toEqual({ succeeded: 1, failed: 0, results: [{ item: "jane@acme.example", outcome: "untracked" }] });
    const deletes = h.fake.requests.filter((r) => r.method === "DELETE");
    expect(deletes.at(-1)?.query.get("email")).toBe("jane@acme.example");
  });
});

describe("usergems_track_accounts and usergems_untrack_accounts", () => {
  it("adds and removes accounts by name and domain", async () => {
    const accounts = [{ name: "Acme Inc", domain: "acme.example", reportName: "Q4 ICP", salesforceId: "0014x00000ABCDeAAA" }];
    expect((await h.call(trackAccounts, { accounts })).succeeded).toBe(1);
    expect(JSON.parse(h.fake.requests[0]?.body ?? "")).toEqual(accounts[0]);
    expect(await h.call(untrackAccounts, { accounts })).toEqual({ succeeded: 1, failed: 0, results: [{ item: "acme.example", outcome: "untracked" }] });
    expect(Object.fromEntries(h.fake.requests.at(-1)?.query ?? [])).toEqual({ name: "Acme Inc", domain: "acme.example", reportName: "Q4 ICP", salesforceId: "0014x00000ABCDeAAA" });
    expect((await h.call(untrackAccounts, { accounts })).results[0]?.outcome).toBe("untracked");
    expect(trackAccounts.input.safeParse({ accounts: [{ name: "x", domain: "not a domain" }] }).success).toBe(false);
  });
});

describe("usergems_recent_signals", () => {
  it("answers who changed jobs at a company this month from memory, newest first, without calling UserGems", async () => {
    await received(JOB_CHANGE);
    await received({ ...JOB_CHANGE, occurredAt: "2026-10-02", campaign: { id: "cmp_1" }, person: { email: "old@acme.example", fullName: "Old Timer" } });
    await received({ signal: "new_hire", occurredAt: "2026-11-19", campaign: { id: "cmp_42" }, person: { fullName: "John Roe", linkedinUrl: "https://linkedin.com/in/johnroe" }, current: { company: { name: "Initech" }, title: "Head of RevOps" } });
    await received({ signal: "promotion", occurredAt: "2026-11-17", campaign: { id: "cmp_42" }, person: { email: "ann@globex.example", fullName: "Ann Lee" }, current: { company: { name: "Globex", domain: "globex.example" }, title: "VP" } });

    const thisMonthAtAcme = await h.call(recentSignals, { company: "acme", from: "2026-11-01T00:00:00Z" });
    expect(thisMonthAtAcme.signals.map((s) => s.summary)).toEqual(["Jane Doe moved from Acme (VP Sales) to Globex (CRO) on 2026-11-18."]);
    expect(thisMonthAtAcme.signals[0]).toMatchObject({ signal: "job_change", person: "Jane Doe", company: "Globex", previousCompany: "Acme", campaign: "Champions on the move", url: "https://www.linkedin.com/in/janedoe" });
    expect(thisMonthAtAcme.signals[0]).not.toHaveProperty("emailKey");

    const globex = await h.call(recentSignals, { company: "globex.example" });
    expect(globex.signals.map((s) => s.person)).toEqual(["Jane Doe", "Ann Lee", "Old Timer"]);
    expect((await h.call(recentSignals, { signalType: "new_hire" })).signals.map((s) => s.person)).toEqual(["John Roe"]);
    expect((await h.call(recentSignals, { person: "jane.doe@globex" })).signals).toHaveLength(1);
    expect((await h.call(recentSignals, { to: "2026-10-31T23:59:59Z" })).signals.map((s) => s.person)).toEqual(["Old Timer"]);
    const limited = await h.call(recentSignals, { limit: 2 });
    expect(limited.signals.map((s) => s.person)).toEqual(["John Roe", "Jane Doe"]);
    expect(h.fake.requests).toEqual([]);
  });

  it("says so when no memory service is configured", async () => {
    const error = await upstreamErrorOf(recentSignals.handler(recentSignals.input.parse({}), { ...h.ctx, memory: { store: async () => undefined } }));
    expect(error.safeMessage).toContain("MEMORY_URL");
  });
});

describe("usergems_privacy_delete", () => {
  it("asks UserGems to delete the person and deletes their UserGems memories (by email and LinkedIn), leaving others", async () => {
    await received(JOB_CHANGE);
    await received({ ...JOB_CHANGE, signal: "promotion", campaign: { id: "cmp_9" } });
    await received({ ...JOB_CHANGE, campaign: { id: "cmp_7" }, person: { fullName: "Jane Doe", linkedinUrl: "https://linkedin.com/in/JaneDoe/" } });
    await received({ ...JOB_CHANGE, person: { email: "ann@globex.example", fullName: "Ann Lee" } });
    await h.ctx.memory.store([{ key: "hubspot:contact:1", source: "hubspot", type: "contact", timestamp: "2026-11-01T00:00:00Z", content: "Jane Doe", record: { emailKey: "irrelevant" } }]);

    const result = await h.call(privacyDelete, { email: "JANE.DOE@globex.example", linkedinUrl: "https://www.linkedin.com/in/janedoe" });
    expect(result).toEqual({ deletedAtUsergems: true, usergemsMessage: "Privacy deletion requested", memoriesDeleted: 3 });
    expect(h.fake.privacyDeleted).toEqual(["JANE.DOE@globex.example"]);
    expect((await h.call(recentSignals, {})).signals.map((s) => s.person)).toEqual(["Ann Lee"]);
    const left = (await h.store.search({ query: "Jane Doe", mode: "keyword", limit: 50 })).filter((hit) => hit.memory.content.includes("Jane Doe"));
    expect(left.map((hit) => hit.memory.key)).toEqual(["hubspot:contact:1"]);
    // a second request finds nothing left, and says so
    expect((await h.call(privacyDelete, { email: "jane.doe@globex.example" })).memoriesDeleted).toBe(0);
  });

  it("deletes nothing anywhere when memory cannot be reached for deletion, or when UserGems refuses", async () => {
    await received(JOB_CHANGE);
    const noMemory = await upstreamErrorOf(privacyDelete.handler({ email: "jane.doe@globex.example" }, { ...h.ctx, memory: { store: async () => undefined } }));
    expect(noMemory.safeMessage).toContain("nothing was deleted");
    h.fake.failNext(403, "/v1/privacy/delete");
    expect((await upstreamErrorOf(h.call(privacyDelete, { email: "jane.doe@globex.example" }))).status).toBe(403);
    expect(h.fake.privacyDeleted).toEqual([]);
    expect((await h.call(recentSignals, {})).signals).toHaveLength(1);
  });

  it("is the one destructive tool, and says it deletes memories", () => {
    expect(tools.filter((t) => t.annotations.destructiveHint).map((t) => t.name)).toEqual(["usergems_privacy_delete"]);
    expect(privacyDelete.description).toMatch(/DESTRUCTIVE/);
    expect(privacyDelete.description).toMatch(/memory store/);
    expect(tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name)).toEqual(["usergems_recent_signals"]);
  });
});
