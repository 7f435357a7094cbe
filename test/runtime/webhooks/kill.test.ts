/**
 * Kill -9 during a burst of signed webhooks, restart on the same data directory, drain:
 * every event that got a 2xx is processed; none that got no answer is half-stored (after the
 * platform's redelivery it is processed, never swallowed by a dedupe entry without its event);
 * redeliveries of acknowledged events are deduplicated; redundant processing is limited to the
 * one event in flight at the kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { signTestBody } from "./test-definition.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = "kill-test-secret";
const EVENTS = 400;
const KILL_AFTER_ACKS = 120;

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let workDir = "";
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.length = 0;
  if (workDir !== "") rmSync(workDir, { recursive: true, force: true });
});

async function startChild(dir: string): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "intake-child.ts")], {
    env: {
      ...process.env,
      DATA_DIR: path.join(dir, "data"),
      ATTEMPTS_FILE: path.join(dir, "attempts.log"),
      SINK_FILE: path.join(dir, "sink.log"),
      TEST_WEBHOOK_SECRET: SECRET,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /READY (\d+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`child exited (${code}) before listening: ${stderr}`)));
  });
  return { process: child, port, exited };
}

type Delivery = { readonly status: number; readonly duplicates?: number } | { readonly status: "no answer" };

async function deliver(port: number, key: string): Promise<Delivery> {
  const body = JSON.stringify({ id: key, type: "issue.create" });
  try {
    const response = await fetch(`http://127.0.0.1:${port}/webhook/test/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-signature": signTestBody(SECRET, body), connection: "close" },
      body,
    });
    const answer = (await response.json()) as { duplicates?: number };
    return { status: response.status, duplicates: answer.duplicates };
  } catch {
    return { status: "no answer" };
  }
}

async function waitForDrain(port: number): Promise<void> {
  for (;;) {
    const { depth } = (await (await fetch(`http://127.0.0.1:${port}/depth`)).json()) as { depth: number };
    if (depth === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function countLines(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line !== "") counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

describe("durable inbox under kill -9", () => {
  it("processes every acknowledged event once, half-stores nothing, and deduplicates redeliveries", async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "inbox-kill-"));
    const keys = Array.from({ length: EVENTS }, (_, i) => `evt-${String(i).padStart(4, "0")}`);

    // burst with 8 concurrent senders; SIGKILL once enough events were acknowledged
    const first = await startChild(workDir);
    const results = new Map<string, Delivery>();
    const queue = [...keys];
    let acks = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
          const result = await deliver(first.port, key);
          results.set(key, result);
          if (result.status === 200) acks += 1;
          if (acks >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.process.kill("SIGKILL");
          }
        }
      }),
    );
    await first.exited;
    const acknowledged = keys.filter((key) => results.get(key)?.status === 200);
    const unanswered = keys.filter((key) => results.get(key)?.status !== 200);
    expect(first.process.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(unanswered.length).toBeGreaterThan(0); // the kill landed mid-burst
    expect(unanswered.every((key) => results.get(key)?.status === "no answer")).toBe(true);

    // restart on the same data directory and drain what was stored
    const second = await startChild(workDir);
    await waitForDrain(second.port);
    const sinkAfterRestart = countLines(path.join(workDir, "sink.log"));
    for (const key of acknowledged) expect(sinkAfterRestart.get(key), key).toBe(1);
    // an unanswered event was either committed (processed once) or is absent
    for (const key of unanswered) expect([undefined, 1]).toContain(sinkAfterRestart.get(key));

    // the platform redelivers everything it did not see acknowledged, and some it did
    const redelivered = new Map<string, Delivery>();
    for (const key of keys) redelivered.set(key, await deliver(second.port, key));
    for (const key of keys) expect(redelivered.get(key)?.status, key).toBe(200);
    for (const key of acknowledged) expect(redelivered.get(key), key).toMatchObject({ duplicates: 1 });
    for (const key of unanswered) {
      // stored before the kill → deduplicated now; absent → accepted now. Never "seen but lost".
      expect((redelivered.get(key) as { duplicates: number }).duplicates).toBe(sinkAfterRestart.has(key) ? 1 : 0);
    }
    await waitForDrain(second.port);
    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    const sink = countLines(path.join(workDir, "sink.log"));
    expect([...sink.keys()].sort()).toEqual(keys);
    expect([...sink.values()].every((count) => count === 1)).toBe(true);
    // at-least-once to process(): only the event in flight at the kill may have been attempted twice
    const attempts = countLines(path.join(workDir, "attempts.log"));
    expect([...attempts.keys()].sort()).toEqual(keys);
    expect([...attempts.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(1);
    expect([...attempts.values()].every((count) => count <= 2)).toBe(true);
  }, 120_000);
});
