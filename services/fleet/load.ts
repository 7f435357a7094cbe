import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from "yaml";
import type { z } from "zod";
import { CATALOG, isPlatformName, type PlatformName, type PlatformFacts } from "./catalog.js";
import { consistencyIssues } from "./consistency.js";
import { fleetFileSchema, PORT_RANGE, type IntegrationSettings, type MonitoringSettings } from "./schema.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_FLEET_FILE = path.join(REPO_ROOT, "config", "integrations.yaml");

export interface Integration {
  readonly platform: PlatformName;
  readonly spec: PlatformFacts<PlatformName>;
  readonly settings: IntegrationSettings;
  /** the memory server added because the file has no `memory` entry (every fleet stores its events) */
  readonly implied?: true;
}

export interface Fleet {
  /** absolute path of the file the fleet came from */
  readonly file: string;
  /** every integration in the file, enabled or not, in file order */
  readonly integrations: readonly Integration[];
  readonly monitoring: MonitoringSettings;
}

export interface ConfigProblem {
  /** dotted key path, e.g. integrations.slack.mcp_server_port */
  readonly keyPath: string;
  /** 1-based line the YAML parser places the key at, when known */
  readonly line?: number;
  readonly message: string;
}

/** Bad configuration: names the file and, for each problem, the key path, the line and what is wrong. */
export class FleetConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `invalid fleet configuration in ${file}:\n` +
        problems
          .map((p) => `  - ${p.keyPath || "(top level)"}${p.line ? ` (line ${p.line})` : ""}: ${p.message}`)
          .join("\n"),
    );
    this.name = "FleetConfigError";
  }
}

/** The file every consumer reads: INTEGRATIONS_FILE when set, else config/integrations.yaml. */
export function fleetFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.INTEGRATIONS_FILE?.trim();
  return override ? path.resolve(override) : DEFAULT_FLEET_FILE;
}

export function loadFleet(file: string = fleetFilePath()): Fleet {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new FleetConfigError(file, [{ keyPath: "", message: `cannot read file: ${(error as Error).message}` }]);
  }
  return parseFleet(text, file);
}

export function parseFleet(text: string, file: string): Fleet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new FleetConfigError(
      file,
      doc.errors.map((e) => ({
        keyPath: "",
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const document: unknown = doc.toJS();
  const parsed = fleetFileSchema.safeParse(document, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => toProblems(issue, doc.contents, lineCounter))),
    ...consistencyIssues(document).map((issue) => ({
      keyPath: issue.path.join("."),
      line: lineOf(doc.contents, issue.path, lineCounter),
      message: issue.message,
    })),
  ];
  if (!parsed.success || problems.length > 0) throw new FleetConfigError(file, problems);
  const integrations: Integration[] = [];
  for (const [platform, settings] of Object.entries(parsed.data.integrations)) {
    // schema refinement already rejected unknown names; the guard narrows the type
    if (isPlatformName(platform)) integrations.push({ platform, spec: CATALOG[platform], settings });
  }
  for (const service of IMPLIED_SERVICES) {
    if (integrations.some((i) => i.platform === service.platform)) continue;
    const implied = impliedService(service, integrations);
    if (implied === undefined) {
      throw new FleetConfigError(file, [
        {
          keyPath: `integrations.${service.platform}`,
          message: `every port is taken, so the ${service.what} cannot be added: add a ${service.platform} entry, or disable it with enabled: false`,
        },
      ]);
    }
    integrations.push(implied);
  }
  return { file, integrations, monitoring: parsed.data.monitoring };
}

/**
 * Services of the fleet itself that every fleet file gets without asking: the memory server (on
 * 9010, or the first free port above it), without which every webhook event would wait in its
 * inbox forever; and the fleet endpoint (on 9000, or the first free port above it), the one URL
 * agents are given. `<name>: { enabled: false, mcp_server_port: ... }` is how a file runs without
 * one, on purpose.
 */
const IMPLIED_SERVICES = [
  { platform: "memory", port: 9010, what: "memory server", replicas: 1 },
  { platform: "fleet_endpoint", port: 9000, what: "fleet endpoint" },
] as const satisfies readonly { platform: PlatformName; port: number; what: string; replicas?: number }[];

function impliedService(service: (typeof IMPLIED_SERVICES)[number], integrations: readonly Integration[]): Integration | undefined {
  const taken = new Set(integrations.map((i) => i.settings.mcp_server_port));
  const size = PORT_RANGE.max - PORT_RANGE.min + 1;
  const candidates = Array.from({ length: size }, (_, i) => PORT_RANGE.min + ((service.port - PORT_RANGE.min + i) % size));
  const port = candidates.find((candidate) => !taken.has(candidate));
  if (port === undefined) return undefined;
  return {
    platform: service.platform,
    spec: CATALOG[service.platform],
    settings: { enabled: true, mcp_server_port: port, ...("replicas" in service ? { replicas: service.replicas } : {}) },
    implied: true,
  };
}

export function enabledIntegrations(fleet: Fleet): Integration[] {
  return fleet.integrations.filter((i) => i.settings.enabled);
}

function toProblems(issue: z.core.$ZodIssue, root: unknown, lines: LineCounter): ConfigProblem[] {
  const base = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const keyPath = [...base, key];
      return { keyPath: keyPath.join("."), line: lineOf(root, keyPath, lines), message: `unknown key "${key}"` };
    });
  }
  if (issue.code === "invalid_key") {
    return [{ keyPath: base.join("."), line: lineOf(root, base, lines), message: issue.issues[0]?.message ?? issue.message }];
  }
  let message = issue.message;
  if (issue.code === "invalid_type") {
    message = issue.input === undefined ? `missing required key (expected ${issue.expected})` : `expected ${issue.expected}, got ${describe(issue.input)}`;
  }
  return [{ keyPath: base.join("."), line: lineOf(root, base, lines), message }];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Line of the deepest node along keyPath that exists (the key itself where possible). */
function lineOf(root: unknown, keyPath: readonly string[], lines: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let offset: number | undefined = (node as Node | undefined)?.range?.[0];
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
