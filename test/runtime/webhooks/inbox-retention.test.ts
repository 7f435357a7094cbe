/**
 * Inbox retention: processed events and dead letters are deleted once past their retention
 * (settings retention.inbox_done_hours / inbox_dead_days), pending events never are.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { Inbox, inboxRetention } from "../../../services/runtime/webhooks/inbox.js";

const HOUR = 3_600_000;
let dir: string | undefined;
let inbox: Inbox | undefined;

afterEach(async () => {
  await inbox?.close();
  inbox = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function states(file: string): Record<string, number> {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const rows = db.prepare("SELECT state, COUNT(*) AS n FROM events GROUP BY state").all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  } finally {
    db.close();
  }
}

describe("inbox retention", () => {
  it("reads the integration's retention settings, with defaults of 1 hour (done) and 30 days (dead)", () => {
    expect(inboxRetention(undefined)).toEqual({ doneRetentionMs: HOUR, deadRetentionMs: 30 * 24 * HOUR });
    expect(inboxRetention({ inbox_done_hours: 0.5, inbox_dead_days: 2 })).toEqual({ doneRetentionMs: HOUR / 2, deadRetentionMs: 2 * 24 * HOUR });
  });

  it("deletes done events and then dead letters past their retention, and never a waiting event", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "inbox-retention-"));
    let now = Date.parse("2026-01-01T00:00:00Z");
    const file = path.join(dir, "test-inbox.sqlite");
    inbox = new Inbox(file, { ...inboxRetention({ inbox_done_hours: 2, inbox_dead_days: 3 }), now: () => now });
    await inbox.enqueue([
      { dedupeKey: "a", type: "t", payload: 1 },
      { dedupeKey: "b", type: "t", payload: 2 },
      { dedupeKey: "c", type: "t", payload: 3 },
    ]);
    const first = await inbox.settleAndClaim(undefined, 60_000);
    const second = await inbox.settleAndClaim({ eventId: first!.id, result: "done" }, 60_000);
    await inbox.settleAndClaim({ eventId: second!.id, result: "dead", error: "rejected: invalid record" });
    expect(states(file)).toEqual({ done: 1, dead: 1, pending: 1 });

    now += 2 * HOUR - 1;
    expect(await inbox.prune()).toEqual({ done: 0, dead: 0 });
    now += 2;
    expect(await inbox.prune()).toEqual({ done: 1, dead: 0 });
    expect(states(file)).toEqual({ dead: 1, pending: 1 });

    now += 3 * 24 * HOUR;
    expect(await inbox.prune()).toEqual({ done: 0, dead: 1 });
    // the waiting event outlives every retention here (it is dead-lettered by the worker, not pruned)
    expect(states(file)).toEqual({ pending: 1 });
    expect(inbox.depth().depth).toBe(1);
  });
});
