import { describe, expect, it } from "vitest";
import { formatProgressLine, terminalProgress } from "../../services/sync/progress.js";

describe("progress bar", () => {
  it("shows a bar, count, rate and ETA when the total is known", () => {
    const line = formatProgressLine("hubspot/contacts", { processed: 2500, failed: 0, pages: 25, total: 10_000 }, 5_000, 200);
    expect(line).toBe("hubspot/contacts  [#####---------------] 25%  2,500/10,000  25 pages  500 rec/s  ETA 15s");
  });

  it("shows count, rate, failures and elapsed time when the total is unknown", () => {
    const line = formatProgressLine("gong/calls", { processed: 1190, failed: 10, pages: 12, total: undefined }, 125_000, 200);
    expect(line).toBe("gong/calls  1,200 records  12 pages  9.6 rec/s  10 failed  elapsed 2m05s");
  });

  it("fits the terminal width", () => {
    expect(formatProgressLine("x", { processed: 1, failed: 0, pages: 1 }, 1000, 10)).toHaveLength(9);
  });

  it("redraws in place on a TTY, throttled, and ends the line when finished", () => {
    const writes: string[] = [];
    let clock = 0;
    const progress = terminalProgress({ label: "l", stream: { isTTY: true, columns: 120, write: (s) => writes.push(s) > 0 }, now: () => clock, redrawEveryMs: 100 });
    progress.update({ processed: 1, failed: 0, pages: 1 });
    clock = 50;
    progress.update({ processed: 2, failed: 0, pages: 1 });
    clock = 150;
    progress.update({ processed: 3, failed: 0, pages: 1 });
    progress.finish({ processed: 4, failed: 0, pages: 2 });
    expect(writes.map((w) => w.startsWith("\r\x1b[2K"))).toEqual([true, true, true, false]);
    expect(writes.at(-2)).toContain("4 records");
    expect(writes.at(-1)).toBe("\n");
  });

  it("draws nothing when the stream is not a TTY", () => {
    const writes: string[] = [];
    const progress = terminalProgress({ label: "l", stream: { isTTY: false, write: (s) => writes.push(s) > 0 } });
    progress.update({ processed: 1, failed: 0, pages: 1 });
    progress.finish({ processed: 1, failed: 0, pages: 1 });
    expect(writes).toEqual([]);
  });
});
