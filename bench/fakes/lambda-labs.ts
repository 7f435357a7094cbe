/**
 * Lambda Labs' two syncs run together, as the schedule starts them: `instances` (GET /instances and
 * one audit page of instance launches) and `audit_events` (the audit log, 100 events a page with
 * page_token), against test/fakes/lambda-labs.ts, which checks the Bearer key and every query.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/lambda_labs/index.js";
import { type FakeAuditEvent, type FakeInstance, LambdaLabsFake } from "../../test/fakes/lambda-labs.js";
import { type SyncBenchCase, forwardTo, realPlatformClient } from "./sync-case.js";

const API_KEY = "secret_bench_lambda_key";
const PAGE_SIZE = 100;
const ACTORS = ["00112233445566778899aabbccddeeff", "ffeeddccbbaa99887766554433221100", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"].map((id) => `lrn:cloud:identity:${id}`);
const INSTANCES: readonly FakeInstance[] = [
  { id: "0920582c7ff041399e34823a0be62549", name: "llama-finetune", status: "active", type: "gpu_8x_h100_sxm5", region: "us-east-1", ip: "198.51.100.2", ssh_key_names: ["ops"], file_system_names: ["datasets"] },
  { id: "1a2b3c4d5e6f708192a3b4c5d6e7f809", name: "notebook", status: "booting", type: "gpu_1x_a10", region: "us-west-1", ssh_key_names: ["ops"], file_system_names: [] },
];
const ROUTINE = [
  ["ssh_key", "created"],
  ["filesystem", "created"],
  ["api_key", "created"],
  ["firewall_ruleset", "updated"],
  ["filesystem", "deleted"],
] as const;

/** `count` audit events over the last 29 days (inside the first run's 30), two of them the running instances' launches. */
function auditEvents(count: number, now: Date): FakeAuditEvent[] {
  const span = 29 * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(now.getTime() - span + Math.floor((i * span) / count)).toISOString();
    const actor = ACTORS[i % ACTORS.length]!;
    const launched = INSTANCES[i - (count - INSTANCES.length)];
    if (launched !== undefined) {
      const lrn = `lrn:cloud:instance:${launched.id}`;
      return { event_id: `bench${String(i).padStart(27, "0")}`, event_time: at, resource_name: "instance", action: "launched", actor_lrn: actor, resource_lrns: [lrn], request_api_key_lrn: null, additional_details: { instance_lrn: lrn, instance_type: launched.type, region: launched.region } };
    }
    const [resource, action] = ROUTINE[i % ROUTINE.length]!;
    return {
      event_id: `bench${String(i).padStart(27, "0")}`,
      event_time: at,
      resource_name: resource,
      action,
      actor_lrn: actor,
      resource_lrns: [`lrn:cloud:${resource}:${String(i).padStart(32, "0")}`],
      request_api_key_lrn: i % 2 === 0 ? "lrn:cloud:api_key:0f1e2d3c4b5a69788796a5b4c3d2e1f0" : null,
      additional_details: {},
    };
  });
}

export function lambdaLabsCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Lambda Labs instances + audit events (100 a page)",
    platform: "lambda_labs",
    apiCallsPerMinute,
    note: "Lambda Labs: both configured syncs at once over one client; instances is 2 requests (the list, one audit page of launches), audit_events the rest, every page a full 100 events.",
    async start(requests) {
      const auditPages = Math.max(1, requests - 2);
      const count = auditPages * PAGE_SIZE;
      const fake = await LambdaLabsFake.start({ apiKey: API_KEY, pageSize: PAGE_SIZE });
      fake.instanceTypes = [
        { name: "gpu_8x_h100_sxm5", description: "8x H100 (80 GB SXM5)", gpu_description: "H100 (80 GB SXM5)", price_cents_per_hour: 2392, specs: { vcpus: 208, memory_gib: 1800, storage_gib: 24780, gpus: 8 }, regions: ["us-east-1"] },
        { name: "gpu_1x_a10", description: "1x A10 (24 GB PCIe)", gpu_description: "A10 (24 GB PCIe)", price_cents_per_hour: 75, specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 }, regions: ["us-west-1"] },
      ];
      fake.instances = INSTANCES.map((instance) => ({ ...instance }));
      fake.auditEvents = auditEvents(count, new Date());
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, { LAMBDA_LABS_API_KEY: API_KEY }, settings),
        expectedRecords: count + INSTANCES.length,
        expectedRequests: auditPages + 2,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
