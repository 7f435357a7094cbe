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
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { z } from "zod";
import { listenOnLoopback, type LoopbackListener } from "../support/loopback.js";

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
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  status?: number;
}
export interface InjectedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

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

class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** a failure the API really answers this way (not our request being wrong) */
    readonly expected = false,
  ) {
    super(message);
  }
}

export class LambdaLabsFake {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  instanceTypes: FakeInstanceType[] = [];
  instances: FakeInstance[] = [];
  sshKeys: { id: string; name: string; public_key: string }[] = [];
  fileSystems: unknown[] = [];
  auditEvents: FakeAuditEvent[] = [];
  private readonly injected: { path?: string; answer: InjectedAnswer }[] = [];
  private nextId = 1;

  private constructor(
    private readonly listener: LoopbackListener,
    readonly apiKey: string,
    readonly pageSize: number,
  ) {}

  static async start(options: { apiKey?: string; pageSize?: number } = {}): Promise<LambdaLabsFake> {
    let fake: LambdaLabsFake | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    fake = new LambdaLabsFake(await listenOnLoopback(server), options.apiKey ?? "secret_test_lambda_key", options.pageSize ?? 2);
    return fake;
  }

  get url(): string {
    return this.listener.url;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  /** Answers the next request (to `path`, when given) with this instead. */
  failNext(answer: InjectedAnswer, path?: string): void {
    this.injected.push({ ...(path !== undefined && { path }), answer });
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    this.requests.push(recorded);
    const send = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
      recorded.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const index = this.injected.findIndex((entry) => entry.path === undefined || entry.path === url.pathname);
    if (index !== -1) {
      const [entry] = this.injected.splice(index, 1);
      return send(entry!.answer.status, entry!.answer.body, entry!.answer.headers);
    }
    try {
      if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
        throw new Rejection(401, "global/invalid-api-key", "API key was invalid, expired, or deleted.", true);
      }
      send(200, { ...this.route(recorded) });
    } catch (error) {
      const rejection = error instanceof Rejection ? error : new Rejection(500, "global/unknown", String(error));
      if (!rejection.expected) this.unexpected.push(`${recorded.method} ${recorded.path}${url.search}: ${rejection.message}`);
      send(rejection.status, { error: { code: rejection.code, message: rejection.message } });
    }
  }

  private route(request: RecordedRequest): { data: unknown; page_token?: string | null } {
    const { method, path, query } = request;
    const key = `${method} ${path}`;
    const noQuery = (allowed: readonly string[] = []) => {
      for (const name of query.keys()) if (!allowed.includes(name)) throw new Rejection(400, "global/invalid-parameters", `unknown query parameter ${name}`);
    };
    switch (key) {
      case "GET /api/v1/instance-types":
        noQuery();
        return {
          data: Object.fromEntries(
            this.instanceTypes.map((type) => [type.name, { instance_type: this.instanceTypeBody(type), regions_with_capacity_available: type.regions.map((r) => this.region(r)) }]),
          ),
        };
      case "GET /api/v1/instances":
        noQuery(["cluster_id"]);
        return { data: this.instances.map((instance) => this.instanceBody(instance)) };
      case "GET /api/v1/ssh-keys":
        noQuery();
        return { data: this.sshKeys };
      case "GET /api/v1/file-systems":
        noQuery();
        return { data: this.fileSystems };
      case "GET /api/v1/audit-events":
        noQuery(["start", "end", "page_token", "resource_type"]);
        return this.auditPage(query);
      case "POST /api/v1/instance-operations/launch":
        noQuery();
        return { data: { instance_ids: this.launch(launchSchema.parse(JSON.parse(request.body))) } };
      case "POST /api/v1/instance-operations/restart": {
        noQuery();
        const instances = this.operate(instanceIdsSchema.parse(JSON.parse(request.body)).instance_ids, "booting");
        return { data: { restarted_instances: instances } };
      }
      case "POST /api/v1/instance-operations/terminate": {
        noQuery();
        const instances = this.operate(instanceIdsSchema.parse(JSON.parse(request.body)).instance_ids, "terminating");
        return { data: { terminated_instances: instances } };
      }
    }
    const instanceMatch = /^\/api\/v1\/instances\/([^/]+)$/.exec(path);
    if (method === "GET" && instanceMatch) {
      noQuery();
      const instance = this.instances.find((candidate) => candidate.id === decodeURIComponent(instanceMatch[1]!));
      if (instance === undefined) throw new Rejection(404, "global/object-does-not-exist", "Specified instance does not exist.", true);
      return { data: this.instanceBody(instance) };
    }
    throw new Rejection(404, "global/not-found", `no route ${key}`);
  }

  private auditPage(query: URLSearchParams): { data: FakeAuditEvent[]; page_token: string | null } {
    const parseTime = (name: string) => {
      const value = query.get(name);
      if (value === null) return undefined;
      const time = Date.parse(value);
      if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new Rejection(400, "global/invalid-parameters", `${name} is not an ISO 8601 timestamp`);
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
        throw new Rejection(400, "global/invalid-parameters", "page_token does not belong to this query");
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
    if (type === undefined) throw new Rejection(404, "global/object-does-not-exist", "Specified instance type does not exist.", true);
    if (!type.regions.includes(body.region_name)) {
      throw new Rejection(400, "instance-operations/launch/insufficient-capacity", "Not enough capacity to fulfill launch request.", true);
    }
    const missingKey = body.ssh_key_names.find((name) => !this.sshKeys.some((key) => key.name === name));
    if (missingKey !== undefined) throw new Rejection(400, "global/invalid-parameters", `SSH key ${missingKey} does not exist.`, true);
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
      if (instance === undefined) throw new Rejection(404, "global/object-does-not-exist", "Specified instance does not exist.", true);
      instance.status = status;
      return this.instanceBody(instance);
    });
  }
}
