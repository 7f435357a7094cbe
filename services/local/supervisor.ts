/**
 * Runs each server as its own process, polls its liveness endpoint, and restarts one that exits or
 * stops answering, with exponential backoff. Output of each server goes to its own log file so the
 * terminal shows the fleet, not fifteen interleaved JSON streams.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from "node:fs";
import path from "node:path";
import { EXIT_CONFIG } from "../runtime/startup-error.js";
import { probe, type CheckOutcome } from "./monitor.js";

export interface ManagedServer {
  readonly name: string;
  readonly port: number;
  /** argv: the program and its arguments */
  readonly command: readonly [string, ...string[]];
  readonly env: Readonly<Record<string, string>>;
  readonly healthUrl: string;
  /**
   * What its /healthz must report (the platform and the MCP_INSTANCE_ID this fleet gave it): a
   * process on the port that answers otherwise is not this server, and the server is not running
   */
  readonly identity?: { readonly platform: string; readonly instance: string };
}

/** "failed": exited because of its configuration (EXIT_CONFIG); not restarted until the fleet is */
export type ProcessState = "starting" | "running" | "restarting" | "stopped" | "failed";

export interface SupervisorOptions {
  readonly logDir: string;
  readonly healthIntervalMs: number;
  /** consecutive failed liveness checks (once running) before the process is killed and restarted */
  readonly failureThreshold: number;
  /** how long a new process may take to answer its first liveness check */
  readonly startupTimeoutMs: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  /** called with each liveness outcome (for the health monitor) */
  readonly onCheck?: (name: string, outcome: CheckOutcome) => void;
  readonly onEvent?: (name: string, message: string) => void;
}

interface Slot {
  readonly server: ManagedServer;
  state: ProcessState;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  consecutiveFailures: number;
  nextBackoffMs: number;
  restartTimer?: NodeJS.Timeout;
  checking: boolean;
  log: WriteStream;
  /** the last line the process wrote to stderr (a server's startup error is one line there) */
  lastStderrLine?: string;
  /** why it last exited or was restarted, for the status page */
  lastFailure?: string;
  /** set when the supervisor kills an unresponsive process: the reason its exit is reported with */
  killedBecause?: string;
}

export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private healthTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    servers: readonly ManagedServer[],
    private readonly options: SupervisorOptions,
  ) {
    mkdirSync(options.logDir, { recursive: true });
    for (const server of servers) {
      this.slots.set(server.name, {
        server,
        state: "stopped",
        startedAt: 0,
        restarts: 0,
        consecutiveFailures: 0,
        nextBackoffMs: options.backoff.initialMs,
        checking: false,
        log: createWriteStream(path.join(options.logDir, `${server.name}.log`), { flags: "a" }),
      });
    }
  }

  start(): void {
    for (const slot of this.slots.values()) this.spawn(slot);
    this.healthTimer = setInterval(() => void this.checkAll(), this.options.healthIntervalMs);
  }

  state(name: string): ProcessState | undefined {
    return this.slots.get(name)?.state;
  }

  /** why the process last exited or was restarted, if it did */
  lastFailure(name: string): string | undefined {
    return this.slots.get(name)?.lastFailure;
  }

  restarts(name: string): number {
    return this.slots.get(name)?.restarts ?? 0;
  }

  pid(name: string): number | undefined {
    return this.slots.get(name)?.child?.pid;
  }

  /**
   * Why requests must not be forwarded to this server's port now, or undefined when they may:
   * only a process this supervisor started, still alive, whose liveness check answered as this
   * server (its identity, when given) is "running". Anything else on the port gets nothing.
   */
  forwardRefusal(name: string): string | undefined {
    const slot = this.slots.get(name);
    if (slot === undefined) return `no ${name} server was started by this fleet`;
    if (slot.state === "running" && slot.child !== undefined) return undefined;
    return `the ${name} server is ${slot.state}${slot.lastFailure ? ` (${slot.lastFailure})` : ""}`;
  }

  logFile(name: string): string {
    return path.join(this.options.logDir, `${name}.log`);
  }

  /** SIGTERM every server (each drains its inbox and finishes in-flight work), SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.healthTimer);
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        clearTimeout(slot.restartTimer);
        const child = slot.child;
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(killer);
        }
        slot.state = "stopped";
        await new Promise<void>((resolve) => slot.log.end(resolve));
      }),
    );
  }

  private spawn(slot: Slot): void {
    const [program, ...args] = slot.server.command;
    // stdout (the server's JSON log lines) goes straight to its log file, not through this process:
    // a server whose supervisor was killed must still be able to log its shutdown, and a write to a
    // pipe nobody reads would block it from exiting
    const logFd = openSync(this.logFile(slot.server.name), "a");
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        env: { ...slot.server.env },
        // the IPC channel is how a server notices the supervisor is gone, even after SIGKILL: it
        // disconnects, and the server drains and exits (services/runtime/cli.ts)
        stdio: ["ignore", logFd, "pipe", "ipc"],
      });
    } finally {
      closeSync(logFd);
    }
    slot.child = child;
    slot.state = "starting";
    slot.startedAt = Date.now();
    slot.consecutiveFailures = 0;
    child.stderr?.pipe(slot.log, { end: false });
    slot.lastStderrLine = undefined;
    child.stderr?.on("data", (chunk: Buffer) => {
      const lines = chunk.toString("utf8").split("\n").map((line) => line.trim()).filter(Boolean);
      // pino's JSON lines go to stdout (the log file); stderr holds startup errors and Node's own warnings
      if (lines.length > 0) slot.lastStderrLine = lines.at(-1)!.slice(0, 300);
    });
    child.once("exit", (code, signal) => {
      if (slot.child !== child) return;
      slot.child = undefined;
      if (this.stopping) return;
      const reason = slot.killedBecause ?? slot.lastStderrLine;
      slot.killedBecause = undefined;
      if (code === EXIT_CONFIG) {
        slot.state = "failed";
        slot.lastFailure = reason ?? "exited with a configuration error";
        this.event(slot, `cannot start: ${slot.lastFailure} (not restarted: fix it, then restart npm start)`);
        return;
      }
      slot.lastFailure = `exited (${signal ?? `code ${code}`})${reason ? `: ${reason}` : ""}`;
      this.event(slot, `${slot.lastFailure}; restarting in ${slot.nextBackoffMs} ms`);
      this.scheduleRestart(slot);
    });
    child.once("error", (error) => this.event(slot, `could not start: ${error.message}`));
  }

  private scheduleRestart(slot: Slot): void {
    slot.state = "restarting";
    const delay = slot.nextBackoffMs;
    slot.nextBackoffMs = Math.min(slot.nextBackoffMs * 2, this.options.backoff.maxMs);
    slot.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      slot.restarts += 1;
      this.spawn(slot);
    }, delay);
  }

  private async checkAll(): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => this.check(slot)));
  }

  private async check(slot: Slot): Promise<void> {
    if (slot.checking || !slot.child || this.stopping) return;
    slot.checking = true;
    try {
      const identity = slot.server.identity;
      const outcome = await probe(
        slot.server.healthUrl,
        Math.max(500, this.options.healthIntervalMs),
        identity ? (body) => identityProblem(body, identity, slot.server.port) : undefined,
      );
      if (this.stopping || !slot.child) return;
      if (slot.state === "starting" && !outcome.ok) {
        if (outcome.error?.startsWith("port ")) slot.lastFailure = outcome.error;
        if (Date.now() - slot.startedAt > this.options.startupTimeoutMs) {
          this.options.onCheck?.(slot.server.name, outcome);
          this.restartUnresponsive(slot, `no answer on ${slot.server.healthUrl} within ${this.options.startupTimeoutMs} ms`);
        }
        return;
      }
      this.options.onCheck?.(slot.server.name, outcome);
      if (outcome.ok) {
        if (slot.state === "starting") this.event(slot, `listening on port ${slot.server.port}`);
        slot.state = "running";
        slot.consecutiveFailures = 0;
        // a process that has stayed up resets the backoff
        if (Date.now() - slot.startedAt > 60_000) slot.nextBackoffMs = this.options.backoff.initialMs;
        return;
      }
      slot.consecutiveFailures += 1;
      if (slot.consecutiveFailures >= this.options.failureThreshold) {
        this.restartUnresponsive(slot, `liveness failed ${slot.consecutiveFailures} times (${outcome.error})`);
      }
    } finally {
      slot.checking = false;
    }
  }

  private restartUnresponsive(slot: Slot, reason: string): void {
    this.event(slot, `${reason}; killing it`);
    slot.killedBecause = reason;
    // the exit handler schedules the restart with backoff
    slot.child?.kill("SIGKILL");
  }

  private event(slot: Slot, message: string): void {
    slot.log.write(`${JSON.stringify({ supervisor: message, time: new Date().toISOString() })}\n`);
    this.options.onEvent?.(slot.server.name, message);
  }
}

/** What is wrong with a /healthz body that should name this platform and instance (undefined: nothing). */
export function identityProblem(body: string, identity: { readonly platform: string; readonly instance: string }, port: number): string | undefined {
  let reported: { platform?: unknown; instance?: unknown } | undefined;
  try {
    reported = JSON.parse(body) as typeof reported;
  } catch {
    reported = undefined;
  }
  if (reported?.platform === identity.platform && reported.instance === identity.instance) return undefined;
  const who = typeof reported?.platform === "string" ? `a ${reported.platform} server this fleet did not start` : "a process that is not an MCP server of this fleet";
  return `port ${port} is answered by ${who}, not the ${identity.platform} server this fleet started`;
}
