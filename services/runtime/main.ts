/**
 * The server entrypoint from the source tree: `npm run server -- <platform>` (MCP_PLATFORM names
 * the platform otherwise). It turns on the compile cache before loading anything else
 * (compile-cache.ts); everything else is in cli.ts. An image runs its bundle's main.js instead,
 * the same two steps with one platform compiled in (images/bundle.ts).
 */
import { enableServerCompileCache } from "./compile-cache.js";

enableServerCompileCache(process.env);

const { runCli } = await import("./cli.js");
await runCli();
