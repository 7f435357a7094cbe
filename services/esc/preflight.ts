import { runPreflight } from "./preflight-run.js";

// entry point of `npm run preflight`; the logic lives in preflight-run.ts so tests can call it
process.exitCode = await runPreflight(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
