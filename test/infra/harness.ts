/**
 * Runs the Pulumi program under `pulumi.runtime.setMocks` and records what it declares.
 *
 * The mocks stand in for the engine and providers, and only where the program depends on them:
 * - docker Image: returns a repoDigest derived from the build inputs (a fake sha256 digest, as
 *   the real provider returns after the push);
 * - Kubernetes objects without metadata.name: auto-named `<logical name>-<suffix>` the way the
 *   provider does, and (through `EngineState`) given a new suffix when the engine would replace
 *   them: a Secret, which is immutable, whose inputs changed between two runs.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentPlan } from "../../services/fleet/plan.js";
import type { StackCredentials } from "../../infra/credentials.js";
import type { RegistryCredentials } from "../../infra/registry-credentials.js";
import { defineFleet, type FleetProgram } from "../../infra/program.js";

export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  /** the resource option: the engine leaves the object in the cluster when it deletes it from the stack */
  readonly retainOnDelete: boolean;
}

export interface FleetRun {
  readonly program: FleetProgram;
  /** every resource the program registered, sorted by type then name */
  readonly resources: readonly DeclaredResource[];
}

/** Engine state carried from one run to the next: which auto-name each resource has. */
export class EngineState {
  private readonly previous = new Map<string, { inputs: string; generation: number }>();

  autoname(type: string, name: string, inputs: Record<string, unknown>): string {
    const key = `${type}::${name}`;
    const serialized = JSON.stringify(inputs);
    const before = this.previous.get(key);
    let generation = before?.generation ?? 0;
    // the provider replaces an immutable Secret when its inputs change; a replacement gets a new name
    if (before && before.inputs !== serialized && type === "kubernetes:core/v1:Secret") generation += 1;
    this.previous.set(key, { inputs: serialized, generation });
    return `${name}-${createHash("sha256").update(`${key}#${generation}`).digest("hex").slice(0, 8)}`;
  }
}

export function fakeDigest(imageName: string, build: unknown): string {
  const repository = imageName.replace(/:[^:/]+$/, "");
  return `${repository}@sha256:${createHash("sha256").update(JSON.stringify([imageName, build])).digest("hex")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface RunOptions {
  readonly plan: DeploymentPlan;
  readonly credentials: StackCredentials;
  readonly registryCredentials?: RegistryCredentials;
  readonly engine?: EngineState;
  readonly stack?: string;
  /** receives every registration as it happens, also when the program then throws */
  readonly sink?: DeclaredResource[];
}

/** waitForRPCs is exported by @pulumi/pulumi's runtime but left out of its typings. */
const runtimeInternals = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void>; getMonitor?: () => unknown };

/** The part of a RegisterResourceRequest (the protobuf the SDK sends the engine) the harness reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getRetainondelete(): boolean;
}
type MonitorWithRegister = { registerResource(req: RegisterRequest, callback: unknown): unknown };

export async function runFleet(options: RunOptions): Promise<FleetRun> {
  const resources = await installMocks(options);
  const program = defineFleet({
    plan: options.plan,
    credentials: options.credentials,
    ...(options.registryCredentials ? { registryCredentials: options.registryCredentials } : {}),
  });
  return { program, resources: await settled(resources) };
}

/** Installs fresh mocks (a new mock engine) recording into options.sink or a new list. */
export async function installMocks(options: Pick<RunOptions, "engine" | "stack" | "sink">): Promise<DeclaredResource[]> {
  const engine = options.engine ?? new EngineState();
  const resources: DeclaredResource[] = options.sink ?? [];
  // resource options never reach the mocks' newResource; they are read from the request itself
  const retained = new Set<string>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = isRecord(args.inputs) ? args.inputs : {};
        resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs, retainOnDelete: retained.has(`${args.type}::${args.name}`) });
        const state: Record<string, unknown> = { ...inputs };
        if (args.type === "docker:index/image:Image") {
          state.repoDigest = fakeDigest(String(inputs.imageName), inputs.build);
        }
        const metadata = isRecord(inputs.metadata) ? inputs.metadata : undefined;
        if (metadata && typeof metadata.name !== "string") {
          state.metadata = { ...metadata, name: engine.autoname(args.type, args.name, inputs) };
        }
        const id = metadata && typeof metadata.name === "string" ? metadata.name : `${args.name}-id`;
        return { id: args.custom ? id : undefined, state };
      },
      call(args) {
        throw new Error(`the fleet program makes no provider calls, got ${args.token}`);
      },
    },
    "sophia-fleet",
    options.stack ?? "prod",
    false,
  );
  const monitor = runtimeInternals.getMonitor?.() as MonitorWithRegister | undefined;
  if (!monitor) throw new Error("@pulumi/pulumi no longer exports runtime.getMonitor");
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    if (req.getRetainondelete()) retained.add(`${req.getType()}::${req.getName()}`);
    return register(req, callback);
  };
  return resources;
}

/** Waits until every registration the program started has reached the mocks; sorts the records. */
export async function settled(resources: DeclaredResource[]): Promise<DeclaredResource[]> {
  if (!runtimeInternals.waitForRPCs) throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs");
  await runtimeInternals.waitForRPCs();
  return resources.sort((a, b) => (a.type === b.type ? compare(a.name, b.name) : compare(a.type, b.type)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The resolved value of an Output (mocks never leave values unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

export function ofType(run: FleetRun, type: string): DeclaredResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function byName(run: FleetRun, type: string, name: string): DeclaredResource {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} named ${name} was declared`);
  return found;
}

export const TYPES = {
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  service: "kubernetes:core/v1:Service",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  pvc: "kubernetes:core/v1:PersistentVolumeClaim",
  image: "docker:index/image:Image",
  mcpServer: "sophia:fleet:McpServer",
  syncRunner: "sophia:fleet:SyncRunner",
  serverImage: "sophia:fleet:ServerImage",
  webhookRoutes: "sophia:fleet:WebhookRoutes",
} as const;

/** A value the SDK sent to the engine marked secret (encrypted in state by the engine). */
export function isSecretValue(value: unknown): value is { value: unknown } {
  return isRecord(value) && pulumi.runtime.isRpcSecret(value);
}

/** The object as the cluster would receive it: secret markers removed, values kept. */
export function manifestOf(resource: DeclaredResource): Record<string, unknown> {
  const unwrap = (value: unknown): unknown => {
    if (isSecretValue(value)) return unwrap(value.value);
    if (Array.isArray(value)) return value.map(unwrap);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
    return value;
  };
  const manifest = unwrap(resource.inputs);
  if (!isRecord(manifest)) throw new Error(`${resource.type} ${resource.name} has no inputs`);
  return manifest;
}

/** A workload by name: the Deployment or the StatefulSet (servers that receive webhooks) of that name. */
export function workloadOf(run: FleetRun, name: string): DeclaredResource {
  const found = run.resources.filter((r) => (r.type === TYPES.deployment || r.type === TYPES.statefulSet) && r.name === name);
  if (found.length !== 1) throw new Error(`expected one Deployment or StatefulSet named ${name}, found ${found.length}`);
  return found[0]!;
}

/** Kubernetes objects only (custom resources of the kubernetes provider). */
export function kubernetesObjects(run: FleetRun): DeclaredResource[] {
  return run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
}
