/**
 * `npm start` as a newcomer runs it, in its own process group (as a terminal's foreground job is),
 * for end-to-end tests: waits for the status page, exposes the output, and is always cleaned up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { REPO_ROOT } from "../../services/fleet/load.js";
import type { FleetStatus } from "../../services/local/status.js";

export interface NpmStartFleet {
  readonly gatewayUrl: string;
  /** the `npm start` process itself (npm, which runs the fleet's supervisor under a shell) */
  readonly pid: number;
  /** everything the command printed so far (stdout and stderr) */
  output(): string;
  status(): Promise<FleetStatus>;
  /** polls `probe` until it returns a value; fails early, with the output, if the fleet exits */
  until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** Ctrl-C: SIGINT to the whole process group; resolves with how it exited */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** a signal to the `npm start` process alone (as a process manager sends it); resolves with how it exited */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL the group if it is still running (after a failed test) */
  kill(): void;
}

export async function startNpmFleet(options: { args: readonly string[]; env: Record<string, string> }): Promise<NpmStartFleet> {
  const child: ChildProcess = spawn("npm", ["start", "--", "--gateway-port", "0", ...options.args], {
    cwd: REPO_ROOT,
    detached: true,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", FLEET_LIVENESS_INTERVAL_MS: "250", FLEET_STARTUP_TIMEOUT_MS: "120000", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  // every process holding the output pipes (npm, the supervisor it execs) has gone: what they printed is all read
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));

  const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> =>
    pollUntil(what, async () => {
      if (!running()) throw new FleetExited(`npm start exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}\n${output}`);
      return probe();
    }, timeoutMs, () => output);

  // the whole group, even after npm itself exited: whatever it started may still be running
  const kill = (): void => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  let gatewayUrl: string;
  try {
    gatewayUrl = await until("the status page URL", async () => /Status page: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1]);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    gatewayUrl,
    pid: child.pid!,
    output: () => output,
    status: async () => (await (await fetch(`${gatewayUrl}/status`)).json()) as FleetStatus,
    until,
    interrupt: async () => {
      process.kill(-child.pid!, "SIGINT");
      const result = await exited;
      // npm may exit before the supervisor has printed its last lines (it keeps stopping the servers)
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      return result;
    },
    signal: async (signal) => {
      process.kill(child.pid!, signal);
      return exited;
    },
    kill,
  };
}

class FleetExited extends Error {}

/** Polls `probe` (errors count as "not yet") until it returns a value, or fails after `timeoutMs`. */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, context: () => string = () => ""): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof FleetExited) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${context()}`);
}
