/**
 * The cluster half of preflight: with a kube context, what the first `pulumi up` would otherwise
 * find out the hard way, read with the official client (@kubernetes/client-node):
 * - gateway routing: the Gateway API (gateway.networking.k8s.io/v1) is served, the named Gateway
 *   exists and one of its listeners admits HTTPRoutes from the fleet's namespace (allowedRoutes);
 * - ingress routing: the IngressClass exists;
 * - the namespace: present when the stack deploys into an existing one (createNamespace false), and
 *   not someone else's when the program is to create it.
 * Without a context (no KUBECONFIG, no ~/.kube/config, not in a pod) it says what it could not check.
 * Only names and statuses are reported; nothing the cluster returns is echoed beyond that.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { APP_NAME, type StackSettings } from "../fleet/plan.js";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";

export type ClusterCheckStatus = "ok" | "fail" | "unchecked";

export interface ClusterCheck {
  readonly name: string;
  readonly status: ClusterCheckStatus;
  readonly detail: string;
}

export interface ClusterReport {
  /** the kube context checked; undefined when there was none */
  readonly context?: string;
  readonly checks: readonly ClusterCheck[];
  /** no check failed (unchecked ones do not fail preflight) */
  readonly ok: boolean;
}

/** The kubeconfig preflight would use: KUBECONFIG (first file), else ~/.kube/config; undefined: none. */
export function kubeconfigFile(env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((file) => file.trim() !== "");
  if (fromEnv) return fromEnv;
  const home = env.HOME ?? env.USERPROFILE;
  const file = home ? path.join(home, ".kube", "config") : undefined;
  return file && existsSync(file) ? file : undefined;
}

/** What each routing mode would check, for the report when there is no cluster to ask. */
function plannedChecks(settings: StackSettings): string[] {
  const routing =
    settings.webhookRouting === "gateway"
      ? [`Gateway API (${GATEWAY_GROUP}/v1) is served`, `Gateway ${settings.gatewayNamespace}/${settings.gatewayName} admits HTTPRoutes from namespace ${settings.namespace}`]
      : [`IngressClass ${settings.ingressClassName} exists`];
  return [...routing, namespaceCheckName(settings)];
}

function namespaceCheckName(settings: StackSettings): string {
  return settings.createNamespace ? `namespace ${settings.namespace} is free or the fleet's` : `namespace ${settings.namespace} exists`;
}

/** the official client, loaded only when there is a cluster to ask (it is large; preflight without a context stays quick) */
type KubernetesClient = typeof import("@kubernetes/client-node");
let k8s: KubernetesClient;

export async function checkCluster(settings: StackSettings, env: NodeJS.ProcessEnv): Promise<ClusterReport> {
  const file = kubeconfigFile(env);
  const inCluster = env.KUBERNETES_SERVICE_HOST !== undefined && env.KUBERNETES_SERVICE_PORT !== undefined;
  if (file === undefined && !inCluster) {
    const why = "no kube context (set KUBECONFIG or create ~/.kube/config)";
    return { checks: plannedChecks(settings).map((name) => ({ name, status: "unchecked", detail: why })), ok: true };
  }
  k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  try {
    if (file !== undefined) kc.loadFromFile(file);
    else kc.loadFromCluster();
  } catch (error) {
    const why = `cannot read the kubeconfig ${file ?? "(in-cluster)"}: ${(error as Error).message.split("\n")[0]}`;
    return { checks: plannedChecks(settings).map((name) => ({ name, status: "unchecked", detail: why })), ok: true };
  }
  const context = kc.getCurrentContext();
  if (!context || kc.getCurrentCluster() === null) {
    const why = `the kubeconfig ${file} has no current context`;
    return { checks: plannedChecks(settings).map((name) => ({ name, status: "unchecked", detail: why })), ok: true };
  }

  const checks: ClusterCheck[] = [];
  const namespaceLabels = await readNamespaceLabels(kc, settings.namespace);
  if (settings.webhookRouting === "gateway") checks.push(...(await gatewayChecks(kc, settings, namespaceLabels)));
  else checks.push(await ingressClassCheck(kc, settings));
  checks.push(namespaceCheck(settings, namespaceLabels));
  return { context, checks, ok: checks.every((c) => c.status !== "fail") };
}

type Labels = Readonly<Record<string, string>>;
/** the namespace's labels; null: it does not exist; an Error: it could not be read */
type NamespaceLookup = Labels | null | Error;

async function readNamespaceLabels(kc: KubeConfig, namespace: string): Promise<NamespaceLookup> {
  try {
    const found = await kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: namespace });
    return found.metadata?.labels ?? {};
  } catch (error) {
    if (error instanceof k8s.ApiException && error.code === 404) return null;
    return new Error(describe(error));
  }
}

function namespaceCheck(settings: StackSettings, lookup: NamespaceLookup): ClusterCheck {
  const name = namespaceCheckName(settings);
  if (lookup instanceof Error) return { name, status: "unchecked", detail: `cannot read the namespace: ${lookup.message}` };
  if (!settings.createNamespace) {
    return lookup === null
      ? { name, status: "fail", detail: `namespace ${settings.namespace} does not exist: create it, or set createNamespace true` }
      : { name, status: "ok", detail: "present" };
  }
  if (lookup === null) return { name, status: "ok", detail: "absent: the program creates it" };
  const ours = lookup["app.kubernetes.io/part-of"] === APP_NAME && lookup["app.kubernetes.io/managed-by"] === "pulumi";
  return ours
    ? { name, status: "ok", detail: "present, created by this program" }
    : { name, status: "fail", detail: `namespace ${settings.namespace} already exists and is not the fleet's: set createNamespace false to deploy into it` };
}

async function gatewayChecks(kc: KubeConfig, settings: StackSettings, namespaceLabels: NamespaceLookup): Promise<ClusterCheck[]> {
  const apiName = `Gateway API (${GATEWAY_GROUP}/v1) is served`;
  const gatewayName = `Gateway ${settings.gatewayNamespace}/${settings.gatewayName} admits HTTPRoutes from namespace ${settings.namespace}`;
  let served: boolean;
  try {
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    served = groups.groups.some((g) => g.name === GATEWAY_GROUP && g.versions.some((v) => v.version === "v1"));
  } catch (error) {
    const detail = `cannot list the cluster's API groups: ${describe(error)}`;
    return [
      { name: apiName, status: "unchecked", detail },
      { name: gatewayName, status: "unchecked", detail },
    ];
  }
  if (!served) {
    return [
      { name: apiName, status: "fail", detail: "the Gateway API CRDs are not installed: install them (and a controller), or set webhookRouting to ingress" },
      { name: gatewayName, status: "unchecked", detail: "no Gateway API to ask" },
    ];
  }
  const apiOk: ClusterCheck = { name: apiName, status: "ok", detail: "served" };
  let gateway: GatewayObject;
  try {
    gateway = (await kc.makeApiClient(k8s.CustomObjectsApi).getNamespacedCustomObject({
      group: GATEWAY_GROUP,
      version: "v1",
      namespace: settings.gatewayNamespace,
      plural: "gateways",
      name: settings.gatewayName,
    })) as GatewayObject;
  } catch (error) {
    if (error instanceof k8s.ApiException && error.code === 404) {
      return [apiOk, { name: gatewayName, status: "fail", detail: `no Gateway ${settings.gatewayName} in namespace ${settings.gatewayNamespace} (stack settings gatewayName, gatewayNamespace)` }];
    }
    return [apiOk, { name: gatewayName, status: "unchecked", detail: `cannot read the Gateway: ${describe(error)}` }];
  }
  return [apiOk, admission(gateway, settings, namespaceLabels, gatewayName)];
}

interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}
interface GatewayListener {
  readonly name: string;
  readonly allowedRoutes?: {
    readonly namespaces?: { readonly from?: "All" | "Same" | "Selector"; readonly selector?: LabelSelector };
    readonly kinds?: ReadonlyArray<{ readonly group?: string; readonly kind: string }>;
  };
}
interface GatewayObject {
  readonly spec?: { readonly listeners?: readonly GatewayListener[] };
}

/** Whether a listener of the Gateway would accept an HTTPRoute from the fleet's namespace (Gateway API v1 rules). */
function admission(gateway: GatewayObject, settings: StackSettings, namespaceLabels: NamespaceLookup, name: string): ClusterCheck {
  const listeners = gateway.spec?.listeners ?? [];
  // the labels the namespace has, or will have when the program creates it
  const labels: Labels =
    namespaceLabels !== null && !(namespaceLabels instanceof Error)
      ? namespaceLabels
      : { "kubernetes.io/metadata.name": settings.namespace, "app.kubernetes.io/part-of": APP_NAME, "app.kubernetes.io/managed-by": "pulumi" };
  const reasons: string[] = [];
  for (const listener of listeners) {
    const kinds = listener.allowedRoutes?.kinds;
    if (kinds !== undefined && kinds.length > 0 && !kinds.some((k) => k.kind === "HTTPRoute" && (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP)) {
      reasons.push(`${listener.name}: takes no HTTPRoute`);
      continue;
    }
    const from = listener.allowedRoutes?.namespaces?.from ?? "Same";
    if (from === "All") return { name, status: "ok", detail: `listener ${listener.name} admits routes from all namespaces` };
    if (from === "Same") {
      if (settings.gatewayNamespace === settings.namespace) return { name, status: "ok", detail: `listener ${listener.name} admits routes from its own namespace` };
      reasons.push(`${listener.name}: routes from its own namespace only`);
      continue;
    }
    const selector = listener.allowedRoutes?.namespaces?.selector ?? {};
    if (selects(selector, labels)) return { name, status: "ok", detail: `listener ${listener.name} selects namespace ${settings.namespace}` };
    reasons.push(`${listener.name}: its namespace selector does not match ${settings.namespace}`);
  }
  return {
    name,
    status: "fail",
    detail: `no listener admits HTTPRoutes from ${settings.namespace} (${reasons.join("; ") || "the Gateway has no listeners"}): the routes would be rejected and webhooks would 404`,
  };
}

function selects(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === "In" && !(has && values.includes(labels[key]!))) return false;
    if (operator === "NotIn" && has && values.includes(labels[key]!)) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
  }
  return true;
}

async function ingressClassCheck(kc: KubeConfig, settings: StackSettings): Promise<ClusterCheck> {
  const name = `IngressClass ${settings.ingressClassName} exists`;
  try {
    const found = await kc.makeApiClient(k8s.NetworkingV1Api).readIngressClass({ name: settings.ingressClassName });
    return { name, status: "ok", detail: `controller ${found.spec?.controller ?? "(none named)"}` };
  } catch (error) {
    if (error instanceof k8s.ApiException && error.code === 404) {
      return { name, status: "fail", detail: `no IngressClass ${settings.ingressClassName} (stack setting ingressClassName): the Ingresses would never be served` };
    }
    return { name, status: "unchecked", detail: `cannot read IngressClasses: ${describe(error)}` };
  }
}

/** status and reason only: an API error's message can carry the whole response */
function describe(error: unknown): string {
  if (error instanceof k8s.ApiException) return `the API server answered ${error.code}`;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error instanceof Error ? error.message.split("\n")[0]! : String(error));
}

export function renderClusterReport(report: ClusterReport): string {
  const lines = [report.context ? `cluster (kube context ${report.context}):` : "cluster: not checked"];
  const width = Math.max(...report.checks.map((c) => c.name.length));
  for (const check of report.checks) {
    const mark = check.status === "ok" ? "ok       " : check.status === "fail" ? "FAIL     " : "unchecked";
    lines.push(`  ${mark}  ${check.name.padEnd(width)}  ${check.detail}`);
  }
  return lines.join("\n") + "\n";
}
