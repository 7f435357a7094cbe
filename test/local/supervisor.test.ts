import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Supervisor, type ManagedServer } from "../../services/local/supervisor.js";
import { alive } from "../support/process.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const fixture = path.join(import.meta.dirname, "fixtures/tiny-server.mjs");
let supervisor: Supervisor | undefined;

afterEach(async () => {
  await supervisor?.stop(2000);
  supervisor = undefined;
});

async function startOne(events: string[] = []): Promise<{ server: ManagedServer; supervisor: Supervisor; logDir: string }> {
  const port = await freePort();
  const logDir = mkdtempSync(path.join(tmpdir(), "supervisor-"));
  const server: ManagedServer = {
    name: "tiny",
    port,
    command: [process.execPath, fixture],
    env: { PORT: String(port), GREETING: "hello" },
    healthUrl: `http://127.0.0.1:${port}/healthz`,
  };
  supervisor = new Supervisor([server], {
    logDir,
    healthIntervalMs: 100,
    failureThreshold: 3,
    startupTimeoutMs: 10_000,
    backoff: { initialMs: 100, maxMs: 1000 },
    onEvent: (_name, message) => events.push(message),
  });
  supervisor.start();
  const s = supervisor;
  await until(() => s.state("tiny") === "running", "the server to run");
  return { server, supervisor: s, logDir };
}

describe("supervisor", () => {
  it("passes only the given environment to the process", async () => {
    const { server } = await startOne();
    const text = await (await fetch(server.healthUrl)).text();
    expect(text).toBe("hello GET /healthz");
  });

  it("restarts a killed process with backoff", async () => {
    const events: string[] = [];
    const { server, supervisor: s } = await startOne(events);
    const firstPid = s.pid("tiny");
    process.kill(firstPid!, "SIGKILL");
    await until(() => s.restarts("tiny") === 1 && s.state("tiny") === "running", "the restart");
    expect(s.pid("tiny")).not.toBe(firstPid);
    expect(alive(firstPid)).toBe(false);
    expect((await fetch(server.healthUrl)).status).toBe(200);
    expect(events.some((e) => e.startsWith("exited (SIGKILL); restarting in 100 ms"))).toBe(true);
  });

  it("kills and restarts a process that stops answering liveness", async () => {
    const events: string[] = [];
    const { server, supervisor: s } = await startOne(events);
    const hungPid = s.pid("tiny");
    await fetch(`http://127.0.0.1:${server.port}/hang`);
    await until(() => s.restarts("tiny") === 1 && s.state("tiny") === "running", "the restart of the hung process");
    expect(alive(hungPid)).toBe(false);
    expect(events.some((e) => e.includes("liveness failed 3 times"))).toBe(true);
  });

  it("stops everything cleanly and leaves nothing running", async () => {
    const { supervisor: s, logDir } = await startOne();
    const pid = s.pid("tiny");
    await s.stop(2000);
    supervisor = undefined;
    expect(alive(pid)).toBe(false);
    expect(s.state("tiny")).toBe("stopped");
    expect(readFileSync(path.join(logDir, "tiny.log"), "utf8")).toContain("listening on port");
  });
});

describe("supervisor and configuration failures", () => {
  it("does not restart a server that exits with EX_CONFIG (78), and keeps its one-line reason", async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), "supervisor-"));
    const events: string[] = [];
    const port = await freePort();
    supervisor = new Supervisor(
      [
        {
          name: "misconfigured",
          port,
          command: [process.execPath, "-e", `process.stderr.write("port ${port} on 127.0.0.1 is already in use\\n"); process.exit(78)`],
          env: {},
          healthUrl: `http://127.0.0.1:${port}/healthz`,
        },
      ],
      { logDir, healthIntervalMs: 100, failureThreshold: 3, startupTimeoutMs: 10_000, backoff: { initialMs: 50, maxMs: 100 }, onEvent: (_n, m) => events.push(m) },
    );
    supervisor.start();
    const s = supervisor;
    await until(() => s.state("misconfigured") === "failed", "the failed state");
    expect(s.lastFailure("misconfigured")).toBe(`port ${port} on 127.0.0.1 is already in use`);
    // several backoff periods later it is still not restarted
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(s.restarts("misconfigured")).toBe(0);
    expect(s.state("misconfigured")).toBe("failed");
    expect(events).toEqual([`cannot start: port ${port} on 127.0.0.1 is already in use (not restarted: fix it, then restart npm start)`]);
  });

  it("reports a crash with the process's last stderr line", async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), "supervisor-"));
    const port = await freePort();
    supervisor = new Supervisor(
      [{ name: "crashy", port, command: [process.execPath, "-e", `console.error("boom: out of widgets"); process.exit(3)`], env: {}, healthUrl: `http://127.0.0.1:${port}/healthz` }],
      { logDir, healthIntervalMs: 100, failureThreshold: 3, startupTimeoutMs: 10_000, backoff: { initialMs: 5_000, maxMs: 5_000 } },
    );
    supervisor.start();
    const s = supervisor;
    await until(() => s.lastFailure("crashy") !== undefined, "the crash");
    expect(s.lastFailure("crashy")).toBe("exited (code 3): boom: out of widgets");
    expect(s.state("crashy")).toBe("restarting");
  });
});
