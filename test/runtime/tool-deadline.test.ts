/**
 * The one error path (callTool) under a call's deadline: a handler that waits on something that
 * never ends still ends at the deadline, with an error naming it and a "deadline" outcome; a call
 * that finishes in time leaves no timer behind. Fake timers: nothing waits in real time.
 */
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineTool, type ToolContext } from "../../services/runtime/contract.js";
import { callTool, type ToolCallEnvironment } from "../../services/runtime/mcp/tool-call.js";
import { toolMetrics } from "../../services/runtime/observability/metrics.js";
import { createSecretScrubber } from "../../services/runtime/observability/secret-scrubber.js";

const log = pino({ level: "silent" });
const tool = <T>(handler: (signal: AbortSignal) => Promise<T>) =>
  defineTool<null>()({
    name: "hubspot_wait_widget",
    title: "Wait for a widget",
    description: "waits",
    toolset: "widgets",
    input: z.object({}),
    output: z.object({ done: z.boolean() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: async (_input, ctx) => (await handler(ctx.signal)) as { done: boolean },
  });

function environment(registry: Registry): ToolCallEnvironment<null> {
  return {
    platform: "hubspot",
    title: "HubSpot",
    metrics: toolMetrics(registry),
    log,
    scrubber: createSecretScrubber([]),
    deadlineMs: 5_000,
    context: (toolLog, signal): ToolContext<null> => ({
      api: null,
      memory: { store: async () => undefined },
      log: toolLog,
      clock: { now: () => new Date() },
      signal,
      settings: { enabled: true, mcp_server_port: 9000 },
    }),
  };
}

async function outcomes(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("mcp_tool_calls_total")?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.outcome), v.value]));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a tool call's deadline", () => {
  it("ends a handler that waits on something that never ends, naming the deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const registry = new Registry();
    const never = tool(() => new Promise<never>(() => undefined));
    const result = callTool(never, {}, new AbortController().signal, environment(registry), log);
    await vi.advanceTimersByTimeAsync(4_999);
    let settled = false;
    void result.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual({ isError: true, content: [{ type: "text", text: "Wait for a widget: deadline of 5 s reached while waiting for HubSpot" }] });
    expect(await outcomes(registry)).toEqual({ deadline: 1 });
  });

  it("is cancelled, not timed out, when the client cancels first", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const registry = new Registry();
    const cancel = new AbortController();
    const waiting = tool((signal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error))));
    const result = callTool(waiting, {}, cancel.signal, environment(registry), log);
    cancel.abort();
    expect((await result).content).toEqual([{ type: "text", text: "Wait for a widget was cancelled." }]);
    expect(await outcomes(registry)).toEqual({ cancelled: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops with the server, even for a handler that does not listen", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const registry = new Registry();
    const stopping = new AbortController();
    const never = tool(() => new Promise<never>(() => undefined));
    const result = callTool(never, {}, new AbortController().signal, { ...environment(registry), stopping: stopping.signal }, log);
    stopping.abort();
    expect((await result).content).toEqual([{ type: "text", text: "Wait for a widget was cancelled." }]);
    expect(await outcomes(registry)).toEqual({ cancelled: 1 });
  });

  it("leaves no timer behind when the call finishes in time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const registry = new Registry();
    const quick = tool(async () => ({ done: true }));
    const result = await callTool(quick, {}, new AbortController().signal, environment(registry), log);
    expect(result.structuredContent).toEqual({ done: true });
    expect(vi.getTimerCount()).toBe(0);
    expect(await outcomes(registry)).toEqual({ ok: 1 });
  });
});
