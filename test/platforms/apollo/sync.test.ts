import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryRecord, SyncDefinition } from "../../../services/runtime/contract.js";
import type { ApolloApi } from "../../../services/platforms/apollo/api/index.js";
import { SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/apollo/sync.js";
import { type SyncBench, keyedMemorySink, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, bodies, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("apollo");
});
afterEach(() => bench.close());

const sync = (object: string): SyncDefinition<ApolloApi> => syncs.find((s) => s.object === object) ?? expect.unreachable();
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000).toISOString();

/** `count` contacts updated one minute apart, the newest `count` minutes ago... the oldest 2 * count. */
function seedContacts(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    h.fake.addContact({ first_name: `Pat${i}`, last_name: "Example", email: `pat${i}@customer.example`, title: "Head of Operations", organization_name: `Customer ${i}` }, minutesAgo(2 * count - i)).id,
  );
}

describe("Apollo contacts and accounts syncs", () => {
  it("walks contacts newest first, then only what changed since the checkpoint", async () => {
    const ids = seedContacts(250);
    const first = await bench.run(sync("contacts"), h.ctx);
    expect(first).toMatchObject({ outcome: "success", processed: 250, pages: 3 });
    expect(new Set(h.stored.map((m) => (m.record as { id: string }).id))).toEqual(new Set(ids));
    expect(bodies(h.fake, "contacts/search")).toEqual([1, 2, 3].map((page) => ({ sort_by_field: "contact_updated_at", sort_ascending: false, page, per_page: SYNC_PAGE_SIZE })));
    expect(JSON.parse(bench.checkpoints.get("apollo", "contacts")?.checkpoint ?? "")).toEqual({ since: minutesAgo(251) });

    const pat = h.stored.find((m) => (m.record as { id: string }).id === ids[249]);
    expect(pat).toMatchObject({
      key: `apollo:contact:${ids[249]}:${minutesAgo(251)}`,
      type: "contact",
      title: "Apollo contact Pat249 Example, Head of Operations at Customer 249",
      content: `Apollo contact Pat249 Example (Head of Operations at Customer 249) was created on 2026-11-20. Email pat249@customer.example.`,
      url: `https://app.apollo.io/#/contacts/${ids[249]}`,
    });

    // two contacts change; the next run reads one page and stores the two (and the newest it already had, same key)
    h.fake.requests.length = 0;
    h.stored.length = 0;
    for (const id of [ids[3]!, ids[100]!]) Object.assign(h.fake.contacts.get(id)!, { title: "COO", updated_at: minutesAgo(10) });
    const second = await bench.run(sync("contacts"), h.ctx);
    expect(second).toMatchObject({ outcome: "success", pages: 1 });
    expect(h.fake.requests).toHaveLength(1);
    expect(new Set(h.stored.map((m) => (m.record as { id: string }).id))).toEqual(new Set([ids[3], ids[100], ids[249]]));
    expect(h.stored.find((m) => (m.record as { id: string }).id === ids[3])?.content).toMatch(/^Apollo contact Pat3 Example \(COO at Customer 3\) was updated on 2026-11-20\./);
    expect(JSON.parse(bench.checkpoints.get("apollo", "contacts")?.checkpoint ?? "")).toEqual({ since: minutesAgo(10) });
  });

  it("resumes an interrupted walk at the page it reached, and only then moves the checkpoint", async () => {
    const ids = seedContacts(250);
    const stored = new Map<string, MemoryRecord>();
    const failingKey = `apollo:contact:${ids[100]}:${minutesAgo(400)}`; // on the second page (newest first)
    const ctx = { ...h.ctx, memory: keyedMemorySink(stored, failingKey) };
    const interrupted = await bench.run(sync("contacts"), ctx);
    expect(interrupted).toMatchObject({ outcome: "failed", pages: 1 });
    expect(JSON.parse(bench.checkpoints.get("apollo", "contacts")?.checkpoint ?? "")).toEqual({ walk: { page: 2, newest: minutesAgo(251) } });
    h.fake.requests.length = 0;
    const resumed = await bench.run(sync("contacts"), ctx);
    expect(resumed).toMatchObject({ outcome: "success", pages: 2 });
    expect(bodies(h.fake, "contacts/search").map((b) => (b as { page: number }).page)).toEqual([2, 3]);
    expect(stored.size).toBe(250);
    expect(JSON.parse(bench.checkpoints.get("apollo", "contacts")?.checkpoint ?? "")).toEqual({ since: minutesAgo(251) });
  });

  it("syncs accounts the same way, as readable memories", async () => {
    const account = h.fake.addAccount({ name: "Globex", domain: "globex.example", num_contacts: 3 }, minutesAgo(30));
    h.fake.accounts.get(account.id)!.updated_at = minutesAgo(5);
    const report = await bench.run(sync("accounts"), h.ctx);
    expect(report).toMatchObject({ outcome: "success", processed: 1 });
    expect(bodies(h.fake, "accounts/search")).toEqual([{ sort_by_field: "account_updated_at", sort_ascending: false, page: 1, per_page: SYNC_PAGE_SIZE }]);
    expect(h.stored).toEqual([
      expect.objectContaining({
        key: `apollo:account:${account.id}:${minutesAgo(5)}`,
        content: "Apollo account Globex was updated on 2026-11-20. Domain globex.example, 3 contacts.",
        url: `https://app.apollo.io/#/accounts/${account.id}`,
      }),
    ]);
  });

  it("refuses a checkpoint it did not write", async () => {
    bench.checkpoints.set("apollo", "accounts", JSON.stringify({ since: 123 }));
    const report = await bench.run(sync("accounts"), h.ctx);
    expect(report.outcome).toBe("failed");
    expect(h.fake.requests).toEqual([]);
  });
});
