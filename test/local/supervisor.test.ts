import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "../../services/local/gateway.js";
import { Supervisor, identityProblem, type ManagedServer } from "../../services/local/supervisor.js";
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

describe("supervisor: the server on the port is the one it started", () => {
  const options = (logDir: string) => ({ logDir, healthIntervalMs: 100, failureThreshold: 3, startupTimeoutMs: 60_000, backoff: { initialMs: 100, maxMs: 100 } });

  it("runs a server whose /healthz reports its platform and instance id, and lets the gateway forward to it", async () => {
    const port = await freePort();
    supervisor = new Supervisor(
      [{ name: "tiny", port, command: [process.execPath, fixture], env: { PORT: String(port), MCP_INSTANCE_ID: "run-1" }, healthUrl: `http://127.0.0.1:${port}/healthz`, identity: { platform: "tiny", instance: "run-1" } }],
      options(mkdtempSync(path.join(tmpdir(), "supervisor-"))),
    );
    expect(supervisor.forwardRefusal("tiny")).toBe("the tiny server is stopped");
    supervisor.start();
    const s = supervisor;
    await until(() => s.state("tiny") === "running", "the server to run");
    expect(s.forwardRefusal("tiny")).toBeUndefined();
    expect(s.forwardRefusal("other")).toBe("no other server was started by this fleet");
  });

  it("never counts a foreign process on the port as its server, and the gateway forwards it nothing", async () => {
    const port = await freePort();
    // the foreign process: answers everything 200, even claims the platform, but not this run's instance
    const foreignRequests: string[] = [];
    const foreign = http.createServer((req, res) => {
      foreignRequests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", platform: "tiny" }));
    });
    await new Promise<void>((resolve) => foreign.listen(port, "127.0.0.1", resolve));
    let gateway: RunningGateway | undefined;
    try {
      // the started process lives but never gets the port (as a server whose listen failed and has not exited yet)
      supervisor = new Supervisor(
        [{ name: "tiny", port, command: [process.execPath, "-e", "setInterval(() => {}, 1000)"], env: {}, healthUrl: `http://127.0.0.1:${port}/healthz`, identity: { platform: "tiny", instance: "run-2" } }],
        options(mkdtempSync(path.join(tmpdir(), "supervisor-"))),
      );
      supervisor.start();
      const s = supervisor;
      await until(() => s.lastFailure("tiny") !== undefined, "a liveness check of the port");
      const reason = `port ${port} is answered by a tiny server this fleet did not start, not the tiny server this fleet started`;
      expect(s.lastFailure("tiny")).toBe(reason);
      expect(s.state("tiny")).toBe("starting");
      expect(s.forwardRefusal("tiny")).toBe(`the tiny server is starting (${reason})`);

      gateway = await startGateway({
        host: "127.0.0.1",
        port: 0,
        routes: [{ pathPrefix: "/webhook/tiny", port, refusal: () => s.forwardRefusal("tiny") }],
        statusJson: () => ({}),
        statusHtml: () => "",
      });
      const response = await fetch(`${gateway.url}/webhook/tiny/events`, { method: "POST", body: '{"event":1}' });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: `not forwarded: the tiny server is starting (${reason})` });
      expect(foreignRequests.filter((r) => !r.startsWith("GET /healthz"))).toEqual([]);
    } finally {
      await gateway?.close();
      foreign.closeAllConnections();
      await new Promise<void>((resolve) => foreign.close(() => resolve()));
    }
  });

  it("names a process that is not a fleet server at all", () => {
    expect(identityProblem("<html>Directory listing</html>", { platform: "slack", instance: "x" }, 9003)).toBe(
      "port 9003 is answered by a process that is not an MCP server of this fleet, not the slack server this fleet started",
    );
    expect(identityProblem('{"status":"ok","platform":"slack","instance":"x"}', { platform: "slack", instance: "x" }, 9003)).toBeUndefined();
  });
});
