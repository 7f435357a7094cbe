/**
 * How long preflight takes against ESC, on loopback with a simulated round trip per request.
 *
 * Baselines, measured in the same run:
 * - "SDK open+read, sequential": the bare @pulumi/esc-sdk calls for each environment one after
 *   another, which is what a naive check does; the ratio shows what opening in parallel buys.
 * - for one environment, the bare SDK calls versus the whole of preflight (stack file, fleet file,
 *   report, rendering): the ratio is our overhead over the two unavoidable requests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Configuration, EscRawApi } from "@pulumi/esc-sdk";
import { runPreflight } from "../services/esc/preflight-run.js";
import { CATALOG, PLATFORM_NAMES } from "../services/fleet/catalog.js";
import { requiredFleetVariables, stackSettingsSchema } from "../services/fleet/plan.js";
import { secret, startFakeEsc, type FakeValue } from "../test/fakes/esc.js";

const LATENCY_MS = 20;
// BENCH_ROUNDS: fewer rounds for a quick check that the case runs (test/docs/readme-commands.test.ts)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const TOKEN = "pul-bench";

// every catalog variable of every platform, and the fleet-wide tokens a cluster deployment
// requires (services/fleet/plan.ts requiredFleetVariables), as a real environment holds them
const credentials: Record<string, Record<string, FakeValue>> = {
  fleet: Object.fromEntries(requiredFleetVariables(stackSettingsSchema.parse({})).map((name) => [name, secret(`${name}-value`)])),
};
for (const platform of PLATFORM_NAMES) {
  // of each choice (Snowflake's password or key) only the first alternative: both would be a conflict
  const extra = new Set(CATALOG[platform].choices.flatMap((choice) => choice.of.slice(1)));
  credentials[platform] = Object.fromEntries(
    CATALOG[platform].variables.filter((v) => !extra.has(v.name)).map((v) => [v.name, secret(`${v.name}-value`)]),
  );
}
const environmentNames = ["acme/fleet/e1", "acme/fleet/e2", "acme/fleet/e3", "acme/fleet/e4"];
const esc = await startFakeEsc({
  validTokens: [TOKEN],
  latencyMs: LATENCY_MS,
  environments: Object.fromEntries(environmentNames.map((name) => [name, { values: { pulumiConfig: { credentials } } }])),
});
const dir = await mkdtemp(path.join(tmpdir(), "esc-bench-"));
const env: NodeJS.ProcessEnv = { PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: esc.url };
const api = new EscRawApi(new Configuration({ accessToken: TOKEN, basePath: `${esc.url}/api/esc` }));

async function sdkSequential(names: readonly string[]): Promise<void> {
  for (const name of names) {
    const [org, project, environment] = name.split("/") as [string, string, string];
    const opened = await api.openEnvironment(org, project, environment);
    await api.readOpenEnvironment(org, project, environment, opened.data.id);
  }
}

async function preflight(names: readonly string[]): Promise<void> {
  const stackFile = path.join(dir, "Pulumi.bench.yaml");
  await writeFile(stackFile, `environment:\n${names.map((n) => `  - ${n}`).join("\n")}\n`);
  const output: string[] = [];
  const code = await runPreflight(["--stack", "bench", "--stack-dir", dir, "--json"], env, { stdout: (t) => output.push(t), stderr: (t) => output.push(t) });
  if (code !== 0) throw new Error(`preflight exited ${code}:\n${output.join("")}`);
}

async function medianMs(run: () => Promise<void>): Promise<number> {
  await run(); // warm up: module caches, keep-alive, JIT
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

try {
  console.log(`loopback fake ESC API, ${LATENCY_MS} ms added per request, median of ${ROUNDS} rounds\n`);
  console.log("| environments | SDK open+read, sequential | preflight (parallel, full report) | ratio | requests per run |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const count of [1, 2, 4]) {
    const names = environmentNames.slice(0, count);
    const baseline = await medianMs(() => sdkSequential(names));
    const before = esc.requests.length;
    await preflight(names);
    const requests = esc.requests.length - before;
    const ours = await medianMs(() => preflight(names));
    console.log(`| ${count} | ${baseline.toFixed(1)} ms | ${ours.toFixed(1)} ms | ${(ours / baseline).toFixed(2)} | ${requests} |`);
  }
} finally {
  await esc.close();
  await rm(dir, { recursive: true, force: true });
}
