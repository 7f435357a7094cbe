/**
 * What every platform's tests need, once: a definition run the way the runtime runs it, minus MCP
 * (its auth and API factory on the runtime's real HTTP client, pointed at a loopback fake, with
 * waits recorded instead of slept); a per-test lifecycle that fails on any request the fake did
 * not expect; a sync engine over a throwaway checkpoint store; and the fleet's shared server
 * contract run against the definition.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, beforeEach, expect } from "vitest";
import type { z } from "zod";
import type { PlatformName } from "../../services/fleet/catalog.js";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import {
  type AnyZodObject,
  type Credentials,
  type MemoryRecord,
  type MemorySink,
  type PlatformDefinition,
  type SyncDefinition,
  type ToolContext,
  type ToolDefinition,
  UpstreamError,
} from "../../services/runtime/contract.js";
import { createPlatformHttp } from "../../services/runtime/http/client.js";
import { type CheckpointStore, openCheckpointStore } from "../../services/sync/checkpoints.js";
import { runSync, type SyncReport } from "../../services/sync/runner.js";
import { startContractServer } from "../contract/harness.js";
import { runServerContract, type ServerUnderTest } from "../contract/suite.js";

// ---------------------------------------------------------------------------------------------
// A definition on the runtime's HTTP client

export interface PlatformHarnessOptions {
  /** where the API client sends requests: the fake's URL */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  readonly settings: IntegrationSettings;
  /** what ctx.clock says; 2024-04-02T12:00:00Z unless given */
  readonly now?: Date;
  readonly signal?: AbortSignal;
  /** the fetch handed to auth() (token endpoints); the global fetch unless given */
  readonly fetch?: typeof fetch;
  /** the HTTP client's jitter source; fixed so backoff waits are reproducible */
  readonly random?: () => number;
  /**
   * The platforms under test keep no local state; a path that does not exist makes one that
   * starts to fail loudly rather than leave temp dirs behind.
   */
  readonly dataDir?: string;
}

export interface PlatformHarness<Api> {
  readonly api: Api;
  readonly ctx: ToolContext<Api>;
  /** every wait the HTTP client asked for (pacing, backoff, Retry-After), in ms */
  readonly waits: number[];
  /** records the tools and webhooks handed to ctx.memory */
  readonly stored: MemoryRecord[];
  /** parses the input like the MCP layer, runs the handler, parses the output against its schema */
  call<In extends AnyZodObject, Out extends AnyZodObject>(tool: ToolDefinition<Api, In, Out>, input: z.input<In>): Promise<z.infer<Out>>;
}

export const DEFAULT_NOW = new Date("2024-04-02T12:00:00Z");

export function platformHarness<Api>(definition: PlatformDefinition<Api>, options: PlatformHarnessOptions): PlatformHarness<Api> {
  const log = pino({ level: "silent" });
  const waits: number[] = [];
  const http = createPlatformHttp({
    platform: definition.facts.name,
    title: definition.facts.title,
    baseUrl: options.baseUrl,
    auth: definition.auth(options.credentials, { fetch: options.fetch ?? fetch }),
    registry: new Registry(),
    log,
    sleep: async (ms) => void waits.push(ms),
    random: options.random ?? (() => 0.5),
  });
  const api = definition.createApi({ credentials: options.credentials, settings: options.settings, http, log, dataDir: options.dataDir ?? "/nonexistent" });
  const stored: MemoryRecord[] = [];
  const now = options.now ?? DEFAULT_NOW;
  const ctx: ToolContext<Api> = {
    api,
    memory: { store: async (records) => void stored.push(...records) },
    log,
    clock: { now: () => now },
    signal: options.signal ?? new AbortController().signal,
    settings: options.settings,
  };
  return {
    api,
    ctx,
    waits,
    stored,
    async call(tool, input) {
      return tool.output.parse(await tool.handler(tool.input.parse(input), ctx));
    },
  };
}

/** The UpstreamError a call rejects with; fails the test when it resolves or throws anything else. */
export async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

// ---------------------------------------------------------------------------------------------
// Per-test lifecycle

export interface StartedFake {
  /** what the fake answered as unexpected: a test passes only when this is empty */
  unexpectedRequests(): readonly unknown[];
  close(): Promise<void>;
}

/**
 * `start`, remembering what it started: after each test, asserts every fake started during it saw
 * no request it did not expect, and closes them all either way.
 */
export function closedAfterEachTest<Args extends unknown[], T extends StartedFake>(start: (...args: Args) => Promise<T>): (...args: Args) => Promise<T> {
  const started: T[] = [];
  afterEach(async () => {
    const closing = started.splice(0);
    try {
      for (const fake of closing) expect(fake.unexpectedRequests()).toEqual([]);
    } finally {
      await Promise.all(closing.map((fake) => fake.close()));
    }
  });
  return async (...args) => {
    const fake = await start(...args);
    started.push(fake);
    return fake;
  };
}

/** A fresh fake (or a harness around one) for each test, handed to `use`, checked and closed after it. */
export function startedForEachTest<T extends StartedFake>(start: () => Promise<T>, use: (started: T) => void): void {
  const startTracked = closedAfterEachTest(start);
  beforeEach(async () => use(await startTracked()));
}

// ---------------------------------------------------------------------------------------------
// Syncs

export interface SyncBench {
  readonly checkpoints: CheckpointStore;
  /** one run of the sync engine with no retries, so a failing page ends the run at once */
  run<Api>(sync: SyncDefinition<Api>, context: ToolContext<Api>): Promise<SyncReport>;
  close(): void;
}

/** The sync engine over a checkpoint store in a temporary directory that close() removes. */
export function openSyncBench(platform: PlatformName): SyncBench {
  const dataDir = mkdtempSync(path.join(tmpdir(), `${platform}-sync-`));
  const checkpoints = openCheckpointStore(dataDir);
  return {
    checkpoints,
    run: (sync, context) =>
      runSync({
        platform,
        sync: sync as SyncDefinition<unknown>,
        context: context as ToolContext<unknown>,
        checkpoints,
        log: pino({ level: "silent" }),
        registry: new Registry(),
        retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      }),
    close() {
      checkpoints.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A memory sink that keeps the latest record per key in `into`; with `failOnceOnKey`, the first
 * batch holding that key throws (the memory service was down), which interrupts a sync mid-walk.
 */
export function keyedMemorySink(into: Map<string, MemoryRecord>, failOnceOnKey?: string): MemorySink {
  let failed = false;
  return {
    async store(records) {
      if (failOnceOnKey !== undefined && !failed && records.some((r) => r.key === failOnceOnKey)) {
        failed = true;
        throw new Error("memory store unavailable");
      }
      for (const record of records) into.set(record.key, record);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The shared server contract

/** A loopback fake of the platform API that records what it received. */
export interface RecordingFake {
  readonly url: string;
  readonly requests: readonly unknown[];
  close(): Promise<void>;
}

export interface PlatformContractOptions {
  /** real-looking credentials the definition parses, over the contract server's placeholders */
  readonly env?: Readonly<Record<string, string>>;
  /** a fake the API client points at (PLATFORM_API_BASE_URL); the suite checks it stays untouched */
  readonly fake?: () => Promise<RecordingFake>;
  /** expected readiness; by default only the shape of /readyz is checked */
  readonly ready?: boolean;
}

/** The fleet's server contract (health, readiness, metrics, tools, auth, webhook rejection) for one definition. */
export function runPlatformContract<Api>(definition: PlatformDefinition<Api>, options: PlatformContractOptions = {}): void {
  const platform = definition.facts.name;
  runServerContract(platform, () => startServer(definition as PlatformDefinition<unknown>, options), {
    platform,
    tools: definition.tools.map((tool) => tool.name),
    ...(options.ready === undefined ? {} : { ready: options.ready }),
  });
}

async function startServer(definition: PlatformDefinition<unknown>, options: PlatformContractOptions): Promise<ServerUnderTest> {
  if (options.fake === undefined) return startContractServer(definition, { env: { ...options.env } });
  const fake = await options.fake();
  try {
    const server = await startContractServer(definition, { env: { PLATFORM_API_BASE_URL: fake.url, ...options.env } });
    return {
      ...server,
      platformRequestCount: () => fake.requests.length,
      async close() {
        await server.close();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
