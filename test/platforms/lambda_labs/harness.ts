/**
 * Lambda Labs under test: the shared platform harness over the Lambda fake, seeded with a small
 * account (three instance types, two running instances launched 5 h and 90 min before NOW, an SSH
 * key, a file system and their audit events).
 */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/lambda_labs/index.js";
import type { LambdaLabsApi } from "../../../services/platforms/lambda_labs/api/index.js";
import { LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const API_KEY = "secret_sophia_0123456789abcdef.0123456789abcdef0123456789abcdef";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9015, sync_objects: ["instances", "audit_events"], read_only: true };
export const NOW = new Date("2026-11-20T12:00:00.000Z");
export const ACTOR = "lrn:cloud:identity:00112233445566778899aabbccddeeff";
export const KEY_LRN = "lrn:cloud:api_key:0f1e2d3c4b5a69788796a5b4c3d2e1f0";

export const TRAINER_ID = "0920582c7ff041399e34823a0be62549";
export const NOTEBOOK_ID = "1a2b3c4d5e6f708192a3b4c5d6e7f809";

const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

export function seed(fake: LambdaLabsFake): void {
  fake.instanceTypes = [
    {
      name: "gpu_8x_h100_sxm5",
      description: "8x H100 (80 GB SXM5)",
      gpu_description: "H100 (80 GB SXM5)",
      price_cents_per_hour: 2392,
      specs: { vcpus: 208, memory_gib: 1800, storage_gib: 24780, gpus: 8 },
      regions: ["us-east-1"],
    },
    {
      name: "gpu_1x_a10",
      description: "1x A10 (24 GB PCIe)",
      gpu_description: "A10 (24 GB PCIe)",
      price_cents_per_hour: 75,
      specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
      regions: ["us-west-1", "us-east-1"],
    },
    {
      name: "gpu_1x_a100",
      description: "1x A100 (40 GB SXM4)",
      gpu_description: "A100 (40 GB SXM4)",
      price_cents_per_hour: 129,
      specs: { vcpus: 30, memory_gib: 200, storage_gib: 512, gpus: 1 },
      regions: [],
    },
  ];
  fake.sshKeys = [{ id: "ddf9a910ceb744a0bb95242cbba6cb50", name: "ops-laptop", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q ops@example.com" }];
  fake.fileSystems = [
    {
      id: "398578a2336b49079e74043f0bd2cfe8",
      name: "datasets",
      mount_point: "/lambda/nfs/datasets",
      created: "2026-10-01T09:00:00+00:00",
      created_by: { id: "3b2a9c1d", email: "ada@example.com", status: "active" },
      is_in_use: true,
      region: { name: "us-east-1", description: "Virginia, USA" },
      bytes_used: 2_147_483_648,
    },
  ];
  fake.instances = [
    { id: TRAINER_ID, name: "llama-finetune", status: "active", type: "gpu_8x_h100_sxm5", region: "us-east-1", ip: "198.51.100.2", ssh_key_names: ["ops-laptop"], file_system_names: ["datasets"], tags: [{ key: "team", value: "research" }] },
    { id: NOTEBOOK_ID, status: "booting", type: "gpu_1x_a10", region: "us-west-1", ssh_key_names: ["ops-laptop"], file_system_names: [] },
  ];
  fake.auditEvents = [
    {
      event_id: "e0000000000000000000000000000001",
      event_time: hoursBefore(48),
      resource_name: "ssh_key",
      action: "created",
      actor_lrn: ACTOR,
      resource_lrns: ["lrn:cloud:ssh_key:ddf9a910ceb744a0bb95242cbba6cb50"],
      request_api_key_lrn: null,
      additional_details: { ssh_key_lrn: "lrn:cloud:ssh_key:ddf9a910ceb744a0bb95242cbba6cb50" },
    },
    {
      event_id: "e0000000000000000000000000000002",
      event_time: hoursBefore(5),
      resource_name: "instance",
      action: "launched",
      actor_lrn: ACTOR,
      resource_lrns: [`lrn:cloud:instance:${TRAINER_ID}`],
      request_api_key_lrn: KEY_LRN,
      additional_details: { instance_lrn: `lrn:cloud:instance:${TRAINER_ID}`, instance_type: "gpu_8x_h100_sxm5", region: "us-east-1" },
    },
    {
      event_id: "e0000000000000000000000000000003",
      event_time: hoursBefore(1.5),
      resource_name: "instance",
      action: "launched",
      actor_lrn: ACTOR,
      resource_lrns: [`lrn:cloud:instance:${NOTEBOOK_ID}`],
      request_api_key_lrn: null,
      additional_details: { instance_type: "gpu_1x_a10", region: "us-west-1" },
    },
  ];
}

export interface Harness extends PlatformHarness<LambdaLabsApi>, StartedFake {
  readonly fake: LambdaLabsFake;
}

export async function startHarness(credentials: Credentials = { LAMBDA_LABS_API_KEY: API_KEY }, settings: IntegrationSettings = SETTINGS): Promise<Harness> {
  const fake = await LambdaLabsFake.start({ apiKey: API_KEY });
  seed(fake);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings, now: NOW });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

export function bodyOf(fake: LambdaLabsFake, path: string): unknown {
  const last = fake.requestsTo(path).at(-1);
  return last === undefined || last.body === "" ? undefined : JSON.parse(last.body);
}
