/**
 * The node:http server under the app: timeouts that bound slow clients, and a drain that stops
 * accepting, lets requests in flight finish (up to a grace period) and then closes what is left.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A client must send its headers within this. */
const HEADERS_TIMEOUT_MS = 10_000;
/** ...and its whole request (headers and body) within this; the response may take longer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections close after this. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often node checks the two timeouts above (its default, 30 s, would let a slow client linger 40 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface Listener {
  readonly port: number;
  readonly server: Server;
  /** requests whose response has not finished */
  inFlight(): number;
  /** stop accepting, wait for requests in flight up to graceMs, then close every connection */
  drain(graceMs: number): Promise<void>;
}

export async function listen(handler: RequestListener, options: { readonly port: number; readonly host: string }): Promise<Listener> {
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  });
  let active = 0;
  let draining = false;
  server.on("request", (_req, res) => {
    active += 1;
    // a response finished while draining should not leave its keep-alive connection open
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      active -= 1;
    });
  });
  // after the tracker, so it sees the request before the app can answer it
  server.on("request", handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    inFlight: () => active,
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (active > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/** One line for an operator: "port 9003 on 127.0.0.1 is already in use (by pid 4242: python3 -m http.server 9003)". */
export function listenProblem(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    const holder = portHolder(port);
    return `port ${port} on ${host} is already in use${holder ? ` (by ${holder})` : ""}: stop that process or give this integration another mcp_server_port`;
  }
  if (code === "EACCES") return `port ${port} on ${host} needs privileges this process does not have`;
  if (code === "EADDRNOTAVAIL") return `cannot listen on ${host}:${port}: this machine has no address ${host}`;
  return `cannot listen on ${host}:${port}: ${(error as Error).message}`;
}

/**
 * The process listening on a TCP port, as the system reports it (Linux /proc; other systems, or a
 * holder in another user's or container's namespace, give undefined).
 */
export function portHolder(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      let text = "";
      try {
        text = readFileSync(table, "utf8");
      } catch {
        continue;
      }
      for (const line of text.split("\n").slice(1)) {
        const fields = line.trim().split(/\s+/);
        // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, inode is the tenth field
        if (fields.length > 9 && fields[3] === "0A" && Number.parseInt(fields[1]!.split(":")[1] ?? "", 16) === port) inodes.add(fields[9]!);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target = "";
        try {
          target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 120);
          return `pid ${pid}${command ? `: ${command}` : ""}`;
        }
      }
    }
  } catch {
    // best effort: the port is still named
  }
  return undefined;
}
