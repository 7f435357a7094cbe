import { describe, expect, it } from "vitest";
import { chunk, processBatch } from "../../services/sync/processor.js";
import { RecordingSink, makeRecords } from "./helpers.js";

const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

describe("processBatch", () => {
  it("stores records in chunks of chunkSize and counts them", async () => {
    const sink = new RecordingSink();
    const records = makeRecords(250);
    const result = await processBatch(records, sink, { chunkSize: 100, concurrency: 2 });
    expect(result).toEqual({ total: 250, processed: 250, failed: 0, abandoned: 0, failures: [] });
    expect([...sink.callSizes].sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect([...sink.stored.keys()].sort()).toEqual(records.map((r) => r.key).sort());
  });

  it("keeps exactly `concurrency` store calls in flight when there is enough work", async () => {
    const sink = new RecordingSink();
    await processBatch(makeRecords(1000), sink, { chunkSize: 10, concurrency: 3 });
    expect(sink.maxInFlight).toBe(3);
    expect(sink.callSizes).toHaveLength(100);
  });

  it("never opens more workers than there are chunks", async () => {
    const sink = new RecordingSink();
    await processBatch(makeRecords(15), sink, { chunkSize: 10, concurrency: 8 });
    expect(sink.maxInFlight).toBe(2);
  });

  it("retries a failed chunk and counts it processed when a retry succeeds", async () => {
    const sink = new RecordingSink();
    let failuresLeft = 2;
    sink.failWhen = () => (failuresLeft-- > 0 ? new Error("store unavailable") : undefined);
    const result = await processBatch(makeRecords(5), sink, { chunkSize: 5, retry: fastRetry });
    expect(result.processed).toBe(5);
    expect(result.failed).toBe(0);
    expect(sink.callSizes).toEqual([5, 5, 5]);
  });

  it("counts a chunk that fails every attempt as failed and reports its keys", async () => {
    const sink = new RecordingSink();
    sink.failWhen = (records) => (records.some((r) => r.key.endsWith("-7")) ? new Error("rejected record") : undefined);
    const result = await processBatch(makeRecords(20), sink, { chunkSize: 5, concurrency: 2, retry: fastRetry });
    expect(result.processed).toBe(15);
    expect(result.failed).toBe(5);
    expect(result.failures).toEqual([
      { keys: makeRecords(20).slice(5, 10).map((r) => r.key), attempts: 3, error: "Error: rejected record" },
    ]);
    expect(sink.stored.size).toBe(15);
  });

  it("starts nothing once aborted and reports the records as abandoned, not failed", async () => {
    const sink = new RecordingSink();
    const controller = new AbortController();
    controller.abort();
    const result = await processBatch(makeRecords(30), sink, { chunkSize: 10, signal: controller.signal });
    expect(result).toMatchObject({ processed: 0, failed: 0, abandoned: 30 });
    expect(sink.callSizes).toEqual([]);
  });

  it("stops retrying when aborted during backoff", async () => {
    const sink = new RecordingSink();
    const controller = new AbortController();
    sink.failWhen = () => {
      controller.abort();
      return new Error("down");
    };
    const result = await processBatch(makeRecords(10), sink, {
      chunkSize: 10,
      retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      signal: controller.signal,
    });
    expect(result).toMatchObject({ processed: 0, failed: 0, abandoned: 10 });
    expect(sink.callSizes).toHaveLength(1);
  });

  it("rejects nonsense limits", async () => {
    expect(() => chunk([1, 2], 0)).toThrow(RangeError);
    await expect(processBatch(makeRecords(1), new RecordingSink(), { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(processBatch(makeRecords(1), new RecordingSink(), { retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 1 } })).rejects.toThrow(
      RangeError,
    );
  });
});
