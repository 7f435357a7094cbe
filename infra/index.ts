/**
 * `pulumi up` entry point (Pulumi.yaml `main`). Stack config is read once, here:
 *   sophia-fleet:fleet        stack settings (services/fleet/plan.ts stackSettingsSchema)
 *   sophia-fleet:credentials  secret; { <platform>: { <VAR>: value }, fleet: { ... } }, from ESC
 *   sophia-fleet:registryCredentials  secret, optional; { username, password, server? }, from ESC
 * The fleet file is INTEGRATIONS_FILE or config/integrations.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import { bundleAll } from "../images/bundle.js";
import { FleetConfigError } from "../services/fleet/load.js";
import { buildPlan, type DeploymentPlan } from "../services/fleet/plan.js";
import { defineFleet } from "./program.js";
import { readStackInputs } from "./stack-inputs.js";

const { settings, credentials, registryCredentials, fleet } = readStackInputs(new pulumi.Config());
let plan: DeploymentPlan;
try {
  plan = buildPlan(fleet, settings);
} catch (error) {
  // a platform without a server, a sync object it does not implement: one clean message
  if (error instanceof FleetConfigError) throw new pulumi.RunError(error.message);
  throw error;
}
// each image's build context is its server's bundle, rebuilt from this checkout on every run so
// an image never ships stale code; unchanged code gives byte-identical bundles (no new image).
// Top-level await is supported here: package.json says "type": "module", and the Node.js language
// host then loads this entry with `await import(main)` (@pulumi/pulumi cmd/run/run.js), so the
// module, this await included, has finished before the host reads its exports (README, "Deploying").
await bundleAll(plan.servers.map((server) => server.image.bundle));
const program = defineFleet({ plan, credentials, ...(registryCredentials ? { registryCredentials } : {}) });

/** per integration: in-cluster MCP URL and, for integrations that receive webhooks, the public URL */
export const integrations = program.endpoints;
export const namespace = program.namespaceName;
