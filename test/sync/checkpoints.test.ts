import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openCheckpointStore } from "../../services/sync/checkpoints.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sync-checkpoints-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("checkpoint store", () => {
  it("keeps one checkpoint per platform and object, across reopening", () => {
    const dir = tempDir();
    const store = openCheckpointStore(dir);
    expect(store.get("hubspot", "contacts")).toBeUndefined();
    const at = new Date("2026-03-01T12:00:00.000Z");
    store.set("hubspot", "contacts", "cursor-1", at);
    store.set("hubspot", "contacts", "cursor-2", at);
    store.set("hubspot", "deals", "d-9", at);
    store.set("gong", "contacts", "other-platform", at);
    store.close();

    const reopened = openCheckpointStore(dir);
    expect(reopened.get("hubspot", "contacts")).toEqual({ checkpoint: "cursor-2", updatedAt: at });
    expect(reopened.get("hubspot", "deals")?.checkpoint).toBe("d-9");
    expect(reopened.get("gong", "contacts")?.checkpoint).toBe("other-platform");
    reopened.clear("hubspot", "contacts");
    expect(reopened.get("hubspot", "contacts")).toBeUndefined();
    expect(reopened.get("hubspot", "deals")?.checkpoint).toBe("d-9");
    reopened.close();
  });

  it("keeps every checkpoint it acknowledged when the process is killed with SIGKILL", async () => {
    const dir = tempDir();
    const writer = fileURLToPath(new URL("./fixtures/checkpoint-writer.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", writer, dir], { stdio: ["ignore", "pipe", "inherit"] });
    let acknowledged = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (data: Buffer) => {
        buffered += data.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
        if (acknowledged >= 300 && child.exitCode === null && !child.killed) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.once("exit", (code) => (acknowledged >= 300 ? resolve() : reject(new Error(`writer exited early with ${code}`))));
    });
    expect(await exited).toBe("SIGKILL");

    const store = openCheckpointStore(dir);
    const survived = Number(store.get("gong", "calls")?.checkpoint);
    store.close();
    // Everything acknowledged before the kill is on disk; at most the writes after it are missing.
    expect(survived).toBeGreaterThanOrEqual(acknowledged);
  });
});
