import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SyncDefinition } from "../../../services/runtime/contract.js";
import type { HubspotApi } from "../../../services/platforms/hubspot/api/index.js";
import { SEARCH_INDEX_LAG_MS, SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/hubspot/sync.js";
import { type SyncBench, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("hubspot");
});
afterEach(() => bench.close());

const sync = (object: string): SyncDefinition<HubspotApi> => syncs.find((s) => s.object === object) ?? expect.unreachable();
const run = (object: string) => bench.run(sync(object), h.ctx);

/** `count` contacts changed one minute apart, the last an hour before NOW. */
function seedContacts(count: number): string[] {
  const first = NOW.getTime() - 60 * 60_000 - count * 60_000;
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(first + i * 60_000).toISOString();
    return h.fake.addObject("contacts", { firstname: `C${i}`, email: `c${i}@acme.test` }, { createdAt: at, updatedAt: at }).id;
  });
}

const searches = () => h.fake.requests.filter((r) => r.path.endsWith("/search")).map((r) => JSON.parse(r.body) as Record<string, unknown>);
const storedIds = () => new Set(h.stored.map((m) => (m.record as { id: string }).id));

describe("HubSpot incremental sync", () => {
  it("reads every contact oldest change first with a keyset on lastmodifieddate", async () => {
    const ids = seedContacts(250);
    const report = await run("contacts");
    // 250 records plus the two page-boundary records read again (same keys: the store ignores them)
    expect(report).toMatchObject({ outcome: "success", processed: 252, pages: 3 });
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(250);
    expect(storedIds()).toEqual(new Set(ids));
    const bodies = searches();
    expect(bodies[0]).toEqual({
      filterGroups: [{ filters: [{ propertyName: "lastmodifieddate", operator: "GTE", value: "0" }] }],
      sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
      properties: expect.arrayContaining(["email", "lastmodifieddate"]),
      limit: SYNC_PAGE_SIZE,
    });
    // each page moves `since` to its newest change instead of paging with an offset
    expect(bodies.map((b) => (b.filterGroups as { filters: { value: string }[] }[])[0]?.filters[0]?.value)).toEqual([
      "0",
      String(Date.parse(h.fake.store("contacts").get(ids[99] ?? "")?.updatedAt ?? "")),
      String(Date.parse(h.fake.store("contacts").get(ids[198] ?? "")?.updatedAt ?? "")),
    ]);
    expect(bodies.every((b) => b.after === undefined)).toBe(true);
    const newest = Date.parse(h.fake.store("contacts").get(ids[249] ?? "")?.updatedAt ?? "");
    expect(JSON.parse(bench.checkpoints.get("hubspot", "contacts")?.checkpoint ?? "")).toEqual({ since: newest });
    expect(h.stored[0]?.content).toBe("HubSpot contact C0. Email: c0@acme.test.");
  });

  it("resumes from the last stored page's checkpoint after an interrupted run", async () => {
    const ids = seedContacts(250);
    // the second page fails for the runtime client's whole retry budget (4 attempts: a search is retried)
    const internal = { status: 500, body: { status: "error", message: "internal", category: "INTERNAL_ERROR" } };
    h.fake.failNext(internal, "/crm/v3/objects/contacts/search", 1);
    for (let i = 1; i < 4; i += 1) h.fake.failNext(internal, "/crm/v3/objects/contacts/search");
    const interrupted = await run("contacts");
    expect(interrupted.outcome).toBe("failed");
    expect(interrupted.processed).toBe(SYNC_PAGE_SIZE);
    const saved = JSON.parse(bench.checkpoints.get("hubspot", "contacts")?.checkpoint ?? "") as { since: number };
    expect(saved.since).toBe(Date.parse(h.fake.store("contacts").get(ids[99] ?? "")?.updatedAt ?? ""));

    const before = searches().length;
    const resumed = await run("contacts");
    expect(resumed.outcome).toBe("success");
    expect(resumed.resumedFrom).toBe(JSON.stringify(saved));
    const first = searches()[before];
    expect((first?.filterGroups as { filters: { value: string }[] }[])[0]?.filters[0]?.value).toBe(String(saved.since));
    // records 99..249 plus the next page boundary again (GTE); nothing from before the checkpoint
    expect(resumed.processed).toBe(152);
    expect(storedIds()).toEqual(new Set(ids));
  });

  it("pages with `after` only inside a run of identical timestamps, and never loops", async () => {
    const at = "2026-06-01T00:00:00.000Z";
    const ids = Array.from({ length: 150 }, (_, i) => h.fake.addObject("contacts", { firstname: `T${i}` }, { createdAt: at, updatedAt: at }).id);
    const report = await run("contacts");
    expect(report.outcome).toBe("success");
    expect(storedIds()).toEqual(new Set(ids));
    expect(searches().map((b) => b.after)).toEqual([undefined, undefined, "100"]);
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(150);
  });

  it("picks up only changes since the checkpoint, and keeps the last minutes open for the search index", async () => {
    const ids = seedContacts(5);
    await run("contacts");
    const changedAt = new Date(NOW.getTime() - 60_000).toISOString();
    h.fake.touch("contacts", ids[2] ?? "", { firstname: "Renamed" }, changedAt);
    h.stored.length = 0;

    const report = await run("contacts");
    expect(report.outcome).toBe("success");
    // the newest unchanged contact is the GTE boundary; the renamed one is new
    expect(h.stored.map((m) => m.content)).toEqual(["HubSpot contact C4. Email: c4@acme.test.", "HubSpot contact Renamed. Email: c2@acme.test."]);
    expect(h.stored[1]?.key).toBe(`hubspot:contact:${ids[2]}:${changedAt}`);
    expect(JSON.parse(bench.checkpoints.get("hubspot", "contacts")?.checkpoint ?? "")).toEqual({ since: NOW.getTime() - SEARCH_INDEX_LAG_MS });
  });

  it("names deal stages and owners in deal memories", async () => {
    h.fake.owners = [{ id: "31", email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", userId: 1, archived: false }];
    h.fake.pipelines.deals = [
      { id: "default", label: "Sales", displayOrder: 0, stages: [{ id: "qualified", label: "Qualified to buy", displayOrder: 0, metadata: {} }] },
      { id: "partners", label: "Partners", displayOrder: 1, stages: [] },
    ];
    h.fake.addObject("deals", { dealname: "Acme expansion", amount: "5000", dealstage: "qualified", hubspot_owner_id: "31", closedate: "2026-12-31T00:00:00Z" }, { updatedAt: "2026-05-01T00:00:00.000Z" });
    const report = await run("deals");
    expect(report.outcome).toBe("success");
    expect(h.stored[0]?.content).toBe(
      "HubSpot deal Acme expansion. Amount: 5000. Stage: Sales / Qualified to buy. Close date: 2026-12-31. Owner: Ada Lovelace.",
    );
    expect(searches()[0]).toMatchObject({ sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }] });
  });

  it("refuses a checkpoint it cannot read instead of starting over silently", async () => {
    bench.checkpoints.set("hubspot", "contacts", "{not json");
    const report = await run("contacts");
    expect(report.outcome).toBe("failed");
    expect(report.error).toMatch(/unreadable HubSpot sync checkpoint/);
  });
});
