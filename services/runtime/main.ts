/**
 * The server entrypoint: `node dist/services/runtime/main.js` (the image's CMD, MCP_PLATFORM names
 * the platform) or `npm run server -- <platform>`. It turns on Node's on-disk compile cache before
 * loading anything else, so restarts skip compiling the SDK and the platform's modules again; the
 * cache lives in the data directory (INBOX_DIR's parent, a writable volume in the cluster) and
 * a cache that cannot be written only costs speed. Everything else is in cli.ts.
 */
import { enableCompileCache } from "node:module";
import os from "node:os";
import path from "node:path";

const inboxDir = process.env.INBOX_DIR?.trim();
enableCompileCache(path.join(inboxDir ? path.dirname(path.resolve(inboxDir)) : os.tmpdir(), "node-compile-cache"));

const { runCli } = await import("./cli.js");
await runCli();
