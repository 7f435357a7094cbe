/**
 * The Lambda Cloud API (OpenAPI 1.10.0) on loopback: instance types with capacity, instances,
 * SSH keys, file systems, the audit log (paged with `page_token`, filtered by start/end/resource_type)
 * and the three instance operations, in Lambda's own shapes: `{ data }` on success and
 * `{ error: { code, message, suggestion? } }` on failure.
 *
 * It checks what we send: the Bearer API key (else 401 `global/invalid-api-key`), the launch,
 * restart and terminate bodies against the spec's request schemas (strict: unknown fields are
 * rejected), query parameters. Anything it does not recognise is answered with an error and listed
 * in `unexpected`, which tests assert is empty. Launched instances appear in the list (booting) and
 * in the audit log, like the real account.
 */
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, startDeclared } from "../support/loopback.js";

export interface FakeInstanceType {
  name: string;
  description: string;
  gpu_description: string;
  price_cents_per_hour: number;
  specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
  regions: string[];
}
export interface FakeInstance {
  id: string;
  name?: string;
  status: "booting" | "active" | "unhealthy" | "terminated" | "terminating" | "preempted";
  type: string;
  region: string;
  ip?: string;
  ssh_key_names: string[];
  file_system_names: string[];
  tags?: { key: string; value: string }[];
}
export interface FakeAuditEvent {
  event_id: string;
  event_time: string;
  resource_name: string;
  action: string;
  actor_lrn: string | null;
  resource_lrns: string[];
  request_api_key_lrn: string | null;
  additional_details: Record<string, unknown>;
}
export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

/** A secret the fake puts on every instance, as Lambda does: it must never reach a tool's output. */
export const JUPYTER_TOKEN = "03b7d30d9d3e4d8fa41657bc0d478c1b";

const REGION_DESCRIPTIONS: Record<string, string> = {
  "us-east-1": "Virginia, USA",
  "us-west-1": "California, USA",
  "europe-central-1": "Germany",
};

const launchSchema = z.strictObject({
  region_name: z.string().min(1),
  instance_type_name: z.string().min(1),
  ssh_key_names: z.array(z.string()).length(1),
  file_system_names: z.array(z.string()).optional(),
  file_system_mounts: z.array(z.strictObject({ mount_point: z.string(), file_system_id: z.string() })).optional(),
  hostname: z.string().regex(/^[a-z0-9][0-9a-z-]{0,62}$/).optional(),
  name: z.string().max(64).optional(),
  image: z.union([z.strictObject({ id: z.string() }), z.strictObject({ family: z.string() })]).optional(),
  user_data: z.string().optional(),
  tags: z.array(z.strictObject({ key: z.string().max(55).regex(/^[a-z][a-z0-9-:]+$/), value: z.string().max(128) })).optional(),
  firewall_rulesets: z.array(z.strictObject({ id: z.string() })).optional(),
});
const instanceIdsSchema = z.strictObject({ instance_ids: z.array(z.string().min(1)).min(1) });

/** Lambda's `{ error: { code, message } }`; `expected`: the API really answers this way (not our request being wrong). */
function rejection(status: number, code: string, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, code, expected);
}

/** Lambda's data envelope, answered 200 */
type Envelope = { data: unknown; page_token?: string | null };

export class LambdaLabsFake extends DeclaredPlatformFake {
  instanceTypes: FakeInstanceType[] = [];
  instances: FakeInstance[] = [];
  sshKeys: { id: string; name: string; public_key: string }[] = [];
  fileSystems: unknown[] = [];
  auditEvents: FakeAuditEvent[] = [];
  private nextId = 1;

  private constructor(
    http: DeclaredFake,
    readonly apiKey: string,
    readonly pageSize: number,
  ) {
    super(http);
  }

  static async start(options: { apiKey?: string; pageSize?: number } = {}): Promise<LambdaLabsFake> {
    const envelope = (answer: Envelope): FakeAnswer => ({ body: { ...answer } });
    return startDeclared<LambdaLabsFake>(
      (self) => ({
        unknownRouteCode: "global/not-found",
        errorBody: (rejected) => ({ error: { code: rejected.code, message: rejected.message } }),
        authorize: (request) => {
          if (request.headers.authorization !== `Bearer ${self().apiKey}`) throw rejection(401, "global/invalid-api-key", "API key was invalid, expired, or deleted.", true);
        },
        routes: [
          { method: "GET", path: "/api/v1/instance-types", handle: (r) => envelope(self().listInstanceTypes(r)) },
          { method: "GET", path: "/api/v1/instances", handle: (r) => envelope(self().listInstances(r)) },
          { method: "GET", path: "/api/v1/instances/:id", handle: (r) => envelope(self().getInstance(r)) },
          { method: "GET", path: "/api/v1/ssh-keys", handle: (r) => envelope(self().listed(r, self().sshKeys)) },
          { method: "GET", path: "/api/v1/file-systems", handle: (r) => envelope(self().listed(r, self().fileSystems)) },
          { method: "GET", path: "/api/v1/audit-events", handle: (r) => envelope(self().auditEventsPage(r)) },
          { method: "POST", path: "/api/v1/instance-operations/launch", handle: (r) => envelope(self().launchRequest(r)) },
          { method: "POST", path: "/api/v1/instance-operations/:operation(restart|terminate)", handle: (r) => envelope(self().operation(r)) },
        ],
      }),
      (http) => new LambdaLabsFake(http, options.apiKey ?? "secret_test_lambda_key", options.pageSize ?? 2),
    );
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  private typeOf(name: string): FakeInstanceType {
    const type = this.instanceTypes.find((candidate) => candidate.name === name);
    if (type === undefined) throw new Error(`fake has no instance type ${name}`);
    return type;
  }

  private region(name: string) {
    return { name, description: REGION_DESCRIPTIONS[name] ?? name };
  }

  private instanceTypeBody(type: FakeInstanceType) {
    const { regions: _regions, ...rest } = type;
    return rest;
  }

  private instanceBody(instance: FakeInstance) {
    const type = this.typeOf(instance.type);
    return {
      id: instance.id,
      ...(instance.name !== undefined && { name: instance.name }),
      ...(instance.ip !== undefined && { ip: instance.ip, private_ip: "10.19.60.24", hostname: `${instance.ip.replaceAll(".", "-")}.cloud.lambda.ai` }),
      status: instance.status,
      ssh_key_names: instance.ssh_key_names,
      file_system_names: instance.file_system_names,
      file_system_mounts: [],
      region: this.region(instance.region),
      instance_type: this.instanceTypeBody(type),
      jupyter_token: JUPYTER_TOKEN,
      jupyter_url: `https://jupyter-${instance.id}.lambdaspaces.com/?token=${JUPYTER_TOKEN}`,
      actions: Object.fromEntries(["migrate", "rebuild", "restart", "cold_reboot", "terminate"].map((action) => [action, { available: true }])),
      tags: instance.tags ?? [],
      firewall_rulesets: [],
    };
  }

  private onlyQuery(request: RecordedRequest, allowed: readonly string[] = []): void {
    for (const name of request.query.keys()) if (!allowed.includes(name)) throw rejection(400, "global/invalid-parameters", `unknown query parameter ${name}`);
  }

  private listInstanceTypes(request: RecordedRequest): Envelope {
    this.onlyQuery(request);
    return {
      data: Object.fromEntries(
        this.instanceTypes.map((type) => [type.name, { instance_type: this.instanceTypeBody(type), regions_with_capacity_available: type.regions.map((r) => this.region(r)) }]),
      ),
    };
  }

  private listInstances(request: RecordedRequest): Envelope {
    this.onlyQuery(request, ["cluster_id"]);
    return { data: this.instances.map((instance) => this.instanceBody(instance)) };
  }

  private getInstance(request: RecordedRequest): Envelope {
    this.onlyQuery(request);
    const instance = this.instances.find((candidate) => candidate.id === request.params.id);
    if (instance === undefined) throw rejection(404, "global/object-does-not-exist", "Specified instance does not exist.", true);
    return { data: this.instanceBody(instance) };
  }

  private listed(request: RecordedRequest, items: readonly unknown[]): Envelope {
    this.onlyQuery(request);
    return { data: items };
  }

  private auditEventsPage(request: RecordedRequest): Envelope {
    this.onlyQuery(request, ["start", "end", "page_token", "resource_type"]);
    return this.auditPage(request.query);
  }

  private launchRequest(request: RecordedRequest): Envelope {
    this.onlyQuery(request);
    return { data: { instance_ids: this.launch(launchSchema.parse(JSON.parse(request.body))) } };
  }

  /** restart or terminate */
  private operation(request: RecordedRequest): Envelope {
    this.onlyQuery(request);
    const restart = request.params.operation === "restart";
    const instances = this.operate(instanceIdsSchema.parse(JSON.parse(request.body)).instance_ids, restart ? "booting" : "terminating");
    return { data: restart ? { restarted_instances: instances } : { terminated_instances: instances } };
  }


  private auditPage(query: URLSearchParams): { data: FakeAuditEvent[]; page_token: string | null } {
    const parseTime = (name: string) => {
      const value = query.get(name);
      if (value === null) return undefined;
      const time = Date.parse(value);
      if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw rejection(400, "global/invalid-parameters", `${name} is not an ISO 8601 timestamp`);
      return time;
    };
    const start = parseTime("start");
    const end = parseTime("end");
    const resourceType = query.get("resource_type");
    const token = query.get("page_token");
    let offset = 0;
    if (token !== null) {
      const decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown; start?: unknown; end?: unknown; type?: unknown };
      if (typeof decoded.offset !== "number" || decoded.start !== (start ?? null) || decoded.end !== (end ?? null) || decoded.type !== resourceType) {
        throw rejection(400, "global/invalid-parameters", "page_token does not belong to this query");
      }
      offset = decoded.offset;
    }
    const matching = this.auditEvents
      .filter((event) => {
        const time = Date.parse(event.event_time);
        return (start === undefined || time >= start) && (end === undefined || time <= end) && (resourceType === null || event.resource_name === resourceType);
      })
      .sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
    const data = matching.slice(offset, offset + this.pageSize).map((event) => ({
      service_name: "cloud",
      catalog_version: "2025-09-06",
      resource_owner_lrn: "lrn:cloud:account:fedcba9876543210fedcba9876543210",
      ...event,
    }));
    const next = offset + this.pageSize < matching.length ? offset + this.pageSize : undefined;
    const pageToken = next === undefined ? null : Buffer.from(JSON.stringify({ offset: next, start: start ?? null, end: end ?? null, type: resourceType })).toString("base64");
    return { data, page_token: pageToken };
  }

  private launch(body: z.infer<typeof launchSchema>): string[] {
    const type = this.instanceTypes.find((candidate) => candidate.name === body.instance_type_name);
    if (type === undefined) throw rejection(404, "global/object-does-not-exist", "Specified instance type does not exist.", true);
    if (!type.regions.includes(body.region_name)) {
      throw rejection(400, "instance-operations/launch/insufficient-capacity", "Not enough capacity to fulfill launch request.", true);
    }
    const missingKey = body.ssh_key_names.find((name) => !this.sshKeys.some((key) => key.name === name));
    if (missingKey !== undefined) throw rejection(400, "global/invalid-parameters", `SSH key ${missingKey} does not exist.`, true);
    const id = `${String(this.nextId++).padStart(4, "0")}a1b2c3d4e5f60718293a4b5c6d7e`;
    this.instances.push({
      id,
      ...(body.name !== undefined && { name: body.name }),
      status: "booting",
      type: type.name,
      region: body.region_name,
      ssh_key_names: body.ssh_key_names,
      file_system_names: body.file_system_names ?? [],
    });
    this.auditEvents.push({
      event_id: `launch-${id}`,
      event_time: new Date().toISOString(),
      resource_name: "instance",
      action: "launched",
      actor_lrn: "lrn:cloud:identity:00112233445566778899aabbccddeeff",
      resource_lrns: [`lrn:cloud:instance:${id}`],
      request_api_key_lrn: "lrn:cloud:api_key:0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      additional_details: { instance_lrn: `lrn:cloud:instance:${id}`, instance_type: type.name, region: body.region_name },
    });
    return [id];
  }

  private operate(ids: readonly string[], status: FakeInstance["status"]) {
    return ids.map((id) => {
      const instance = this.instances.find((candidate) => candidate.id === id);
      if (instance === undefined) throw rejection(404, "global/object-does-not-exist", "Specified instance does not exist.", true);
      instance.status = status;
      return this.instanceBody(instance);
    });
  }
}
