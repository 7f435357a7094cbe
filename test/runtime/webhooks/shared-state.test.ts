/**
 * The write-through webhook state (shared-state.ts): the memory server's store is the truth, the
 * inbox kv a copy that answers while the memory server is unreachable, and a value only the copy
 * holds is moved to the memory server.
 */
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { KeyValueState } from "../../../services/runtime/contract.js";
import { sharedWebhookState } from "../../../services/runtime/webhooks/shared-state.js";

function mapState(): KeyValueState & { readonly values: Map<string, string>; down: boolean } {
  const values = new Map<string, string>();
  const store = {
    values,
    down: false,
    async get(key: string) {
      if (store.down) throw new Error("memory server unreachable: ECONNREFUSED");
      return values.get(key);
    },
    async set(key: string, value: string) {
      if (store.down) throw new Error("memory server unreachable: ECONNREFUSED");
      values.set(key, value);
    },
  };
  return store;
}

function setUp() {
  const local = mapState();
  const shared = mapState();
  return { local, shared, state: sharedWebhookState({ local, shared, log: pino({ level: "silent" }) }) };
}

describe("shared webhook state", () => {
  it("writes to the memory server first, then the local copy", async () => {
    const { local, shared, state } = setUp();
    await state.set("k", "v1");
    expect(shared.values.get("k")).toBe("v1");
    expect(local.values.get("k")).toBe("v1");
  });

  it("fails a write the memory server did not take, and keeps no local copy of it", async () => {
    const { local, shared, state } = setUp();
    shared.down = true;
    await expect(state.set("k", "v1")).rejects.toThrow(/unreachable/);
    expect(local.values.has("k")).toBe(false);
  });

  it("reads what another replica wrote on the memory server, and caches it locally", async () => {
    const { local, shared, state } = setUp();
    shared.values.set("k", "from-the-other-replica");
    expect(await state.get("k")).toBe("from-the-other-replica");
    expect(local.values.get("k")).toBe("from-the-other-replica");
    shared.values.set("k", "changed");
    expect(await state.get("k")).toBe("changed");
    expect(local.values.get("k")).toBe("changed");
  });

  it("answers from the local copy while the memory server cannot be reached, and from the memory server again after", async () => {
    const { shared, state } = setUp();
    await state.set("k", "v1");
    shared.down = true;
    expect(await state.get("k")).toBe("v1");
    expect(await state.get("missing")).toBeUndefined();
    shared.down = false;
    shared.values.set("k", "v2");
    expect(await state.get("k")).toBe("v2");
  });

  it("moves a value only the local copy holds (stored before there was a memory server) to the memory server", async () => {
    const { local, shared, state } = setUp();
    local.values.set("k", "older");
    expect(await state.get("k")).toBe("older");
    expect(shared.values.get("k")).toBe("older");
    expect(await state.get("absent")).toBeUndefined();
    expect(shared.values.has("absent")).toBe(false);
  });
});
