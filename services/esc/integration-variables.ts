import { FLEET_VARIABLES, optionalVariables, requiredVariables } from "../fleet/catalog.js";
import type { Integration } from "../fleet/load.js";
import { FLEET_GROUP } from "./credentials.js";

/** One variable an integration's server receives, and the `credentials` group ESC keeps it under. */
export interface ExpectedVariable {
  readonly name: string;
  readonly required: boolean;
  /** the platform name, or "fleet" for fleet-wide variables */
  readonly group: string;
}

export function receivesWebhooks(integration: Integration): boolean {
  return integration.settings.webhook_path !== undefined;
}

/** Its own variables (required first, catalog order), then the fleet-wide ones. */
export function expectedVariables(integration: Integration): ExpectedVariable[] {
  const webhooks = receivesWebhooks(integration);
  const group = integration.platform;
  return [
    ...requiredVariables(integration.platform, webhooks).map((name) => ({ name, required: true, group })),
    ...optionalVariables(integration.platform, webhooks).map((name) => ({ name, required: false, group })),
    ...FLEET_VARIABLES.map((v) => ({ name: v.name, required: v.requirement === "required", group: FLEET_GROUP })),
  ];
}
