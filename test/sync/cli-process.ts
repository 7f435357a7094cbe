/**
 * What the sync command's tests share: the memory server's ingest endpoint as services/memory/client.ts
 * calls it (recording the keys it was sent), and running a sync command as a child process.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface MemoryIngest {
  readonly url: string;
  /** the record keys received, in order */
  readonly keys: string[];
  close(): Promise<void>;
}

/** Answers POST /ingest with the given bearer token; anything else is a 404. */
export async function startMemoryIngest(ingestToken: string): Promise<MemoryIngest> {
  const keys: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/ingest" || req.headers.authorization !== `Bearer ${ingestToken}`) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { records: Array<{ key: string }> };
      keys.push(...body.records.map((r) => r.key));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ stored: body.records.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `node <args>` (in `cwd` when given) to its exit: the exit code and what it wrote to stderr. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"], ...(cwd ? { cwd } : {}) });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}
