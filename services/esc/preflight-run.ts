import { parseArgs } from "node:util";
import { enabledIntegrations, fleetFilePath, loadFleet, FleetConfigError, REPO_ROOT } from "../fleet/load.js";
import { EscError, openEscCredentials } from "./client.js";
import { EnvironmentNameError, parseEnvironmentName, type EnvironmentRef } from "./environment-name.js";
import { checkCluster, renderClusterReport } from "./cluster-preflight.js";
import { buildPreflightReport } from "./preflight-report.js";
import { renderPreflightJson, renderPreflightTable } from "./preflight-render.js";
import { readStackImports, readStackSettings, stackFilePath, StackFileError } from "./stack-file.js";
import { requiredFleetVariables, stackSettingsSchema } from "../fleet/plan.js";

/**
 * `npm run preflight -- --stack prod` (or `--environment org/project/env`, repeatable): opens the
 * stack's ESC environments and says, per enabled integration, which required credentials are
 * there and which are missing; with a kube context it also checks the cluster the stack would
 * deploy to (cluster-preflight.ts: Gateway API and the Gateway's allowedRoutes, or the
 * IngressClass; the namespace), and without one says what it could not check. Exit codes: 0 all
 * required present and no cluster check failed, 1 something required is missing, an entry is
 * unusable or a cluster check failed, 2 could not check (usage, config, stack file, or ESC errors).
 */

export const EXIT_OK = 0;
export const EXIT_MISSING = 1;
export const EXIT_CANNOT_CHECK = 2;

export interface PreflightIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `usage: npm run preflight -- (--stack <name> | --environment <org/project/env> ...) [--org <org>] [--json] [--stack-dir <dir>]

  --stack <name>          read the ESC imports of Pulumi.<name>.yaml
  --environment <name>    open this ESC environment instead (repeatable; later ones override earlier)
  --org <org>             organization for names without one (default: PULUMI_ORG)
  --stack-dir <dir>       where Pulumi.<name>.yaml lives (default: the repository root)
  --json                  machine-readable output on stdout

environment: PULUMI_ACCESS_TOKEN (required), PULUMI_BACKEND_URL (default https://api.pulumi.com),
             PULUMI_ORG, INTEGRATIONS_FILE (default config/integrations.yaml),
             KUBECONFIG (default ~/.kube/config; without one the cluster checks are skipped and listed)
`;

/** Anything that stops preflight before it can judge the credentials; its message is safe to print. */
class CannotCheck extends Error {}
class UsageError extends CannotCheck {}

export async function runPreflight(argv: readonly string[], env: NodeJS.ProcessEnv, io: PreflightIo): Promise<number> {
  let json = false;
  try {
    const options = parseOptions(argv);
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    json = options.json;
    const started = performance.now();
    const names = options.environments.length > 0 ? options.environments : stackEnvironments(options.stack, options.stackDir ?? REPO_ROOT);
    const token = env.PULUMI_ACCESS_TOKEN?.trim();
    if (!token) throw new CannotCheck("PULUMI_ACCESS_TOKEN is not set: preflight needs a Pulumi access token to open ESC environments");
    const enabled = enabledIntegrations(loadFleet(fleetFilePath(env)));
    const refs: EnvironmentRef[] = names.map((name) => parseEnvironmentName(name, options.org ?? env.PULUMI_ORG));

    // opened in parallel, merged in import order
    const settled = await Promise.allSettled(refs.map((ref) => openEscCredentials(ref, { token, baseUrl: env.PULUMI_BACKEND_URL })));
    const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason] : []));
    if (failures.length > 0) throw new CannotCheck(failures.map(safeMessage).join("\n"));
    const opened = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));

    // the stack's settings decide which fleet-wide tokens are required; an explicit environment gets the defaults
    const settings = options.stack ? readStackSettings(stackFilePath(options.stack, options.stackDir ?? REPO_ROOT)) : stackSettingsSchema.parse({});
    const report = buildPreflightReport(enabled, opened, requiredFleetVariables(settings));
    const cluster = await checkCluster(settings, env);
    const totalMs = performance.now() - started;
    if (json) {
      io.stdout(renderPreflightJson({ ...report, cluster, ok: report.ok && cluster.ok }, totalMs));
    } else {
      io.stdout(renderPreflightTable(report, totalMs) + "\n" + renderClusterReport(cluster));
    }
    if (!json && report.missingRequired.length > 0) io.stderr(`missing required credentials: ${report.missingRequired.join(", ")}\n`);
    if (!json && report.conflicts.length > 0) io.stderr(`conflicting credentials: ${report.conflicts.join("; ")}\n`);
    if (!json && report.problems.length > 0) io.stderr(`unusable entries: ${report.problems.map((p) => p.path).join(", ")}\n`);
    const failed = cluster.checks.filter((c) => c.status === "fail");
    if (!json && failed.length > 0) io.stderr(`cluster checks failed: ${failed.map((c) => c.name).join("; ")}\n`);
    return report.ok && cluster.ok ? EXIT_OK : EXIT_MISSING;
  } catch (error) {
    const message = safeMessage(error);
    if (json) io.stdout(JSON.stringify({ ok: false, error: message }, null, 2) + "\n");
    io.stderr(`preflight: ${message}\n`);
    if (error instanceof UsageError) io.stderr(USAGE);
    return EXIT_CANNOT_CHECK;
  }
}

interface PreflightOptions {
  readonly stack?: string;
  readonly environments: string[];
  readonly org?: string;
  readonly stackDir?: string;
  readonly json: boolean;
  readonly help: boolean;
}

function parseOptions(argv: readonly string[]): PreflightOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        stack: { type: "string" },
        environment: { type: "string", multiple: true },
        org: { type: "string" },
        "stack-dir": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const environments = values.environment ?? [];
  if (!values.help && !values.stack && environments.length === 0) throw new UsageError("name a stack (--stack prod) or an ESC environment (--environment org/project/env)");
  if (values.stack && environments.length > 0) throw new UsageError("--stack and --environment exclude each other");
  return {
    stack: values.stack,
    environments,
    org: values.org,
    stackDir: values["stack-dir"],
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

function stackEnvironments(stack: string | undefined, directory: string): string[] {
  if (!stack) throw new UsageError("no stack named");
  const file = stackFilePath(stack, directory);
  const merged = readStackImports(file).filter((entry) => entry.merge);
  if (merged.length === 0) throw new CannotCheck(`${file} imports no ESC environment (add environment: [ project/env ])`);
  return merged.map((entry) => entry.name);
}

/**
 * Messages of the errors we raise are built to be printable. Anything else is a bug in our code:
 * transport errors (whose request config carries the token) never get here, the ESC client
 * converts them.
 */
function safeMessage(error: unknown): string {
  if (
    error instanceof CannotCheck ||
    error instanceof EscError ||
    error instanceof EnvironmentNameError ||
    error instanceof StackFileError ||
    error instanceof FleetConfigError
  ) {
    return error.message;
  }
  return error instanceof Error ? `unexpected ${error.name}: ${error.message}` : `unexpected ${typeof error}`;
}
