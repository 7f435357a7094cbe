/**
 * A platform's webhook handling as the runtime runs it, for tests: the runtime's own intake with
 * its durable inbox in a fresh directory, a memory sink that records every event the worker hands
 * on, the intake's metrics, and the context a verifier and `toMemory` get. Signing a delivery stays
 * in each platform's test, written out from the platform's documentation independently of the
 * runtime's verifier.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach } from "vitest";
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import type { Credentials, KeyValueState, WebhookContext, WebhookDefinition, WebhookEvent } from "../../services/runtime/contract.js";
import { inboxPath } from "../../services/runtime/webhooks/inbox.js";
import { WebhookIntake, type WebhookIntakeOptions } from "../../services/runtime/webhooks/intake.js";

export interface TestIntakeOptions<Api> extends Partial<Omit<WebhookIntakeOptions, "definition" | "clock">> {
  readonly platform: string;
  /** the platform's webhook definition, typed over its API client as the platform declares it */
  readonly definition: WebhookDefinition<Api>;
  readonly credentials: Credentials;
  readonly settings: IntegrationSettings;
  /** the intake's clock stands still here; the real clock without it */
  readonly now?: Date;
}

export interface TestIntake {
  readonly intake: WebhookIntake;
  /** every event the worker handed to the memory sink, in order (unless `process` was given) */
  readonly processed: WebhookEvent[];
  readonly registry: Registry;
  readonly dataDir: string;
  /** mcp_webhooks_total for one outcome (`deduplicated`, `unsubscribed`, `rate_limited`...) */
  count(outcome: string): Promise<number>;
  /** the inbox as another process would see it on disk */
  rows(): { id: number; key: string; state: string; attempts: number; error: string | null }[];
}

/**
 * Call once in a describe block (or a file): gives a function that starts an intake, and stops
 * every intake it started and removes its directory after each test.
 */
export function intakesForEachTest(): <Api>(options: TestIntakeOptions<Api>) => TestIntake {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return <Api>(options: TestIntakeOptions<Api>): TestIntake => {
    const { now, definition, ...rest } = options;
    const dataDir = mkdtempSync(path.join(tmpdir(), `${options.platform}-intake-`));
    const registry = new Registry();
    const processed: WebhookEvent[] = [];
    const intake = new WebhookIntake({
      dataDir,
      log: pino({ level: "silent" }),
      registry,
      process: async (event) => void processed.push(event),
      ...(now === undefined ? {} : { clock: { now: () => now } }),
      ...rest,
      // the intake hands the definition only the API client built for it
      definition: definition as WebhookDefinition<unknown>,
    });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cleanups.push(() => intake.stop());
    return {
      intake,
      processed,
      registry,
      dataDir,
      count: async (outcome) => (await registry.getSingleMetric("mcp_webhooks_total")?.get())?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0,
      rows: () => {
        const db = new DatabaseSync(inboxPath(dataDir, options.platform), { readOnly: true });
        try {
          return db.prepare("SELECT id, dedupe_key AS key, state, attempts, last_error AS error FROM events ORDER BY id").all() as ReturnType<TestIntake["rows"]>;
        } finally {
          db.close();
        }
      },
    };
  };
}

/** Key-value state in memory, with its values in view. */
export function memoryState(): KeyValueState & { readonly values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (key) => values.get(key), set: async (key, value) => void values.set(key, value) };
}

/** What a verifier, a handshake and `toMemory` are handed: a silent log, a clock standing at `now`, state in memory. */
export function webhookContext(options: { settings: IntegrationSettings; now: Date; credentials?: Credentials; state?: KeyValueState; webhookUrl?: string }): WebhookContext {
  return {
    log: pino({ level: "silent" }),
    clock: { now: () => options.now },
    settings: options.settings,
    credentials: options.credentials ?? {},
    state: options.state ?? memoryState(),
    ...(options.webhookUrl === undefined ? {} : { webhookUrl: options.webhookUrl }),
  };
}
