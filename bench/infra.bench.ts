/**
 * Pulumi program evaluation under runtime mocks: the shipped fleet and synthetic fleets of 100 and
 * 500 integrations, in one run. Reports ms per integration at each size and the ratio of the
 * 500-integration cost per integration to the shipped fleet's: flat (about 1) means the program's
 * cost grows linearly with the fleet.
 *
 * Synthetic fleets are built as ServerPlans directly, not from a fleet file: the config schema
 * caps ports at 9000-9020, so no valid integrations.yaml holds more than 21 servers. Each
 * synthetic server copies a shipped server's plan (platform, secrets, probes, webhook or not) under
 * its own name, port, labels and webhook path.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { DeploymentPlan, ServerPlan } from "../services/fleet/plan.js";
import { credentialsFrom, fullCredentialValues, shippedPlan } from "../test/infra/fixtures.js";
import { runFleet } from "../test/infra/harness.js";
import { median } from "./stats.js";

function syntheticPlan(base: DeploymentPlan, size: number): DeploymentPlan {
  const servers: ServerPlan[] = [];
  for (let i = 0; i < size; i += 1) {
    const template = base.servers[i % base.servers.length]!;
    const resourceName = `mcp-synthetic-${String(i).padStart(4, "0")}`;
    const port = 10_000 + i;
    const webhook = template.webhook
      ? {
          pathPrefix: `/webhook/synthetic-${i}`,
          eventsPath: `/webhook/synthetic-${i}/events`,
          publicUrl: new URL(`/webhook/synthetic-${i}/events`, base.settings.publicBaseUrl).toString(),
        }
      : undefined;
    servers.push({
      ...template,
      resourceName,
      serviceAccountName: resourceName,
      port,
      image: { ...template.image, repository: `${base.settings.registry}/${resourceName}` },
      env: { ...template.env, MCP_PORT: String(port) },
      labels: {
        ...template.labels,
        "app.kubernetes.io/name": resourceName,
        "app.kubernetes.io/instance": `${resourceName}-${base.settings.namespace}`,
        "sophia.ai/port": String(port),
      },
      mcpUrl: `http://${resourceName}.${base.settings.namespace}.svc.cluster.local:${port}/mcp`,
      ...(webhook ? { webhook } : { webhook: undefined }),
    });
  }
  return { settings: base.settings, servers };
}

/**
 * One measurement per child process: the SDK keeps per-process state (promise bookkeeping, heap)
 * that a real `pulumi up` starts fresh, so each evaluation gets a process of its own, warmed up
 * on the shipped fleet first (module loading and JIT are not counted).
 */
async function measureInChild(size: number): Promise<void> {
  const shipped = shippedPlan();
  const plan = size === 0 ? shipped : syntheticPlan(shipped, size);
  for (let warmup = 0; warmup < 4; warmup += 1) {
    await runFleet({ plan: shipped, credentials: credentialsFrom(fullCredentialValues(shipped)) });
  }
  const credentials = credentialsFrom(fullCredentialValues(plan));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const run = await runFleet({ plan, credentials });
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ cpuMs, wallMs, integrations: plan.servers.length, resources: run.resources.length }));
}

interface Sample {
  /** CPU time of the evaluation (user + system): steadier than wall time on a shared machine */
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly integrations: number;
  readonly resources: number;
}

function sampleInChild(size: number): Sample {
  const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", String(size)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`measurement of size ${size} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

async function main(): Promise<void> {
  const rows: Array<{ label: string; sample: Sample }> = [];
  for (const [label, size, repetitions] of [
    ["shipped fleet", 0, 3],
    ["synthetic 100", 100, 3],
    ["synthetic 500", 500, 3],
  ] as const) {
    const samples = Array.from({ length: repetitions }, () => sampleInChild(size));
    rows.push({
      label,
      sample: { ...samples[0]!, cpuMs: median(samples.map((s) => s.cpuMs)), wallMs: median(samples.map((s) => s.wallMs)) },
    });
  }
  const baseline = rows[0]!.sample.cpuMs / rows[0]!.sample.integrations;
  console.log("Pulumi program evaluation under mocks (median of separate processes; CPU time, wall time beside it)\n");
  console.log("| fleet | integrations | resources | CPU ms | CPU ms per integration | vs shipped | wall ms per integration |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { label, sample } of rows) {
    const perIntegration = sample.cpuMs / sample.integrations;
    console.log(
      `| ${label} | ${sample.integrations} | ${sample.resources} | ${sample.cpuMs.toFixed(0)} | ${perIntegration.toFixed(2)} | ` +
        `${(perIntegration / baseline).toFixed(2)}x | ${(sample.wallMs / sample.integrations).toFixed(2)} |`,
    );
  }
}

if (process.argv[2] === "--child") await measureInChild(Number(process.argv[3]));
else await main();
