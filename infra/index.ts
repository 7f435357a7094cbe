/**
 * `pulumi up` entry point (Pulumi.yaml `main`). Stack config is read once, here:
 *   sophia-fleet:fleet        stack settings (services/fleet/plan.ts stackSettingsSchema)
 *   sophia-fleet:credentials  secret; { <platform>: { <VAR>: value }, fleet: { ... } }, from ESC
 * The fleet file is INTEGRATIONS_FILE or config/integrations.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from "../services/fleet/plan.js";
import { defineFleet } from "./program.js";
import { readStackInputs } from "./stack-inputs.js";

const { settings, credentials, fleet } = readStackInputs(new pulumi.Config());
const program = defineFleet({ plan: buildPlan(fleet, settings), credentials });

/** per integration: in-cluster MCP URL and, for integrations that receive webhooks, the public URL */
export const integrations = program.endpoints;
export const namespace = program.namespace.metadata.name;
