/**
 * Graceful shutdown: close() stops accepting connections, lets a tool call in flight finish and
 * return its result, and only then stops the rest.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, type PlatformDefinition } from "../../services/runtime/contract.js";
import type { WidgetApi } from "../fixtures/test-platform/api.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { eventually, startTestServer } from "./support.js";

describe("graceful shutdown", () => {
  it("finishes the call in flight, refuses new connections, then stops", async () => {
    let release: () => void = () => undefined;
    let started = false;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowTool = defineTool<WidgetApi>()({
      name: "widgets_slow",
      title: "Slow",
      description: "Waits until the test lets it finish, then reads a widget.",
      toolset: "test",
      input: z.object({}),
      output: z.object({ name: z.string() }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      handler: async (_input, { api }) => {
        started = true;
        await gate;
        return { name: (await api.getWidget("w_1")).name };
      },
    });
    const definition: PlatformDefinition<WidgetApi> = { ...testPlatform, tools: [slowTool] };
    const t = await startTestServer({ definition: definition as PlatformDefinition<unknown>, shutdownGraceMs: 10_000 });
    try {
      const client = await t.connect();
      const call = client.callTool({ name: "widgets_slow", arguments: {} });
      await eventually(() => started, "the slow call reaches its handler");

      let closed = false;
      const closing = t.server.close().then(() => {
        closed = true;
      });
      await eventually(async () => (await fetch(`${t.server.url}/healthz`).then(() => false, () => true)), "new connections are refused");
      expect(closed).toBe(false);

      release();
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ name: "First" });
      await closing;
      expect(t.logs.entries().map((e) => e.msg)).toEqual(expect.arrayContaining(["shutting down: draining requests in flight", "stopped"]));
    } finally {
      release();
      await t.stop();
    }
  });
});
