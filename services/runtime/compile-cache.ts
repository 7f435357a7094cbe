/**
 * Node's on-disk compile cache for a server process, turned on before anything else loads (by
 * main.ts in the source tree, by the bundle's main.js in an image: images/bundle.ts), so restarts
 * skip compiling the code again. The cache lives in the data directory (INBOX_DIR's parent, a
 * writable volume in the cluster); a cache that cannot be written only costs speed.
 */
import { enableCompileCache } from "node:module";
import os from "node:os";
import path from "node:path";

export function enableServerCompileCache(env: NodeJS.ProcessEnv): void {
  const inboxDir = env.INBOX_DIR?.trim();
  enableCompileCache(path.join(inboxDir ? path.dirname(path.resolve(inboxDir)) : os.tmpdir(), "node-compile-cache"));
}
