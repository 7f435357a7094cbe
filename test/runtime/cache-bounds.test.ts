/**
 * A single-flight cache load is shared by every call waiting for the key, so it belongs to none of
 * them: one caller's cancel (or deadline) stops that caller's wait, not the load the others share.
 */
import { describe, expect, it } from "vitest";
import { currentCall, runWithinCall, startCall } from "../../services/runtime/call-bounds.js";
import { expiringCache } from "../../services/runtime/cache.js";

describe("expiringCache within tool calls", () => {
  it("a cancelled caller stops waiting; the load goes on for the others, outside any call", async () => {
    const cache = expiringCache<string>({ maxEntries: 10, ttlMs: 60_000 });
    let finish: (value: string) => void = () => undefined;
    let loads = 0;
    let loadRanWithin: unknown = "not run";
    const load = () => {
      loads += 1;
      loadRanWithin = currentCall();
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const first = new AbortController();
    const second = new AbortController();
    const firstCall = startCall(first.signal, 60_000);
    const secondCall = startCall(second.signal, 60_000);
    try {
      const a = runWithinCall(firstCall, () => cache.getOrLoad("U1", load));
      const b = runWithinCall(secondCall, () => cache.getOrLoad("U1", load));
      first.abort(new Error("first caller went away"));
      await expect(a).rejects.toThrow("first caller went away");
      finish("Ada");
      await expect(b).resolves.toBe("Ada");
      expect(loads).toBe(1);
      expect(loadRanWithin).toBeUndefined();
    } finally {
      firstCall.end();
      secondCall.end();
    }
  });
});
