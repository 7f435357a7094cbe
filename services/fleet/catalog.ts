/**
 * The fleet's platforms, as far as configuring and deploying them goes: each platform's facts
 * (services/platforms/<platform>/facts.ts, the one place they are written), gathered. The Pulumi
 * program, the local fleet, preflight, the docs and the servers read them through here.
 *
 * Every variable a platform declares is a credential or credential-like setting and is delivered
 * through the integration's Kubernetes Secret (or the local environment), never as a plain env
 * value. test/platforms/folder-shape.test.ts checks that every platform folder is listed here.
 */
import { facts as airbyte } from "../platforms/airbyte/facts.js";
import { facts as apollo } from "../platforms/apollo/facts.js";
import { facts as asana } from "../platforms/asana/facts.js";
import { facts as figma } from "../platforms/figma/facts.js";
import { facts as fleetEndpoint } from "../platforms/fleet_endpoint/facts.js";
import { facts as gong } from "../platforms/gong/facts.js";
import { facts as hubspot } from "../platforms/hubspot/facts.js";
import { facts as lambdaLabs } from "../platforms/lambda_labs/facts.js";
import { facts as linear } from "../platforms/linear/facts.js";
import { facts as memory } from "../platforms/memory/facts.js";
import { facts as openrouter } from "../platforms/openrouter/facts.js";
import { facts as portkey } from "../platforms/portkey/facts.js";
import { facts as slack } from "../platforms/slack/facts.js";
import { facts as snowflake } from "../platforms/snowflake/facts.js";
import { facts as usergems } from "../platforms/usergems/facts.js";
import { facts as vercel } from "../platforms/vercel/facts.js";
import { evaluateChoices, opt, type ChoiceOutcome, type PlatformFacts, type VariableChoice, type VariableSpec } from "./facts.js";

export type { ChoiceOutcome, PlatformFacts, Requirement, VariableChoice, VariableSpec, WebhookFacts, WebhookProof } from "./facts.js";
export { choiceConflictMessage, choiceLabel, evaluateChoices } from "./facts.js";

/** In the seed's order (its port matrix, the fleet endpoint on 9000 first), which the docs and listings follow. */
const PLATFORMS = [fleetEndpoint, gong, hubspot, slack, linear, figma, memory, snowflake, airbyte, vercel, lambdaLabs, portkey, openrouter, asana, usergems, apollo] as const;

export type PlatformName = (typeof PLATFORMS)[number]["name"];

export const PLATFORM_NAMES: readonly PlatformName[] = PLATFORMS.map((facts) => facts.name);

export const CATALOG: Readonly<Record<PlatformName, PlatformFacts<PlatformName>>> = Object.fromEntries(
  PLATFORMS.map((facts) => [facts.name, facts]),
) as Record<PlatformName, PlatformFacts<PlatformName>>;

/** Fleet-wide secrets every server receives in addition to its own. */
export const FLEET_VARIABLES: readonly VariableSpec[] = [
  opt("MCP_AUTH_TOKEN", "static bearer token agents present on /mcp (when MCP_AUTH_MODE=token)", true),
  opt("MEMORY_INGEST_TOKEN", "bearer token servers present to the memory server's ingest and webhook state endpoints", true),
  opt("FLEET_MCP_TOKEN", "bearer token the fleet endpoint presents on every server's /mcp (accepted besides the agents' credential; default in token mode: MCP_AUTH_TOKEN)", true),
];

export function isPlatformName(value: string): value is PlatformName {
  return Object.hasOwn(CATALOG, value);
}

/** The variables an integration needs, given whether it receives webhooks. */
export function requiredVariables(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean): string[] {
  return factsOf(platform)
    .variables.filter((v) => v.requirement === "required" || (receivesWebhooks && v.requirement === "webhook"))
    .map((v) => v.name);
}

export function optionalVariables(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean): string[] {
  const required = new Set(requiredVariables(platform, receivesWebhooks));
  return factsOf(platform)
    .variables.map((v) => v.name)
    .filter((n) => !required.has(n));
}

/** Groups of its variables of which exactly one must be set (each is also among optionalVariables). */
export function requiredChoices(platform: PlatformName | PlatformFacts): readonly VariableChoice[] {
  return factsOf(platform).choices;
}

/** Whether a variable belongs to one of the platform's choices. */
export function isChoiceVariable(platform: PlatformName | PlatformFacts, name: string): boolean {
  return factsOf(platform).choices.some((choice) => choice.of.includes(name));
}

export interface RequirementCheck extends ChoiceOutcome {
  /** unset required variables (facts order), then the labels of unmet choices ("one of A or B") */
  readonly missing: readonly string[];
}

/**
 * Everything an integration needs that `isSet` says is absent, and every choice with more than one
 * alternative set. `isSet` sees names only; what counts as set (non-blank, present in a config) is
 * the caller's.
 */
export function checkRequirements(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean, isSet: (name: string) => boolean): RequirementCheck {
  const choices = evaluateChoices(factsOf(platform).choices, isSet);
  return {
    missing: [...requiredVariables(platform, receivesWebhooks).filter((name) => !isSet(name)), ...choices.missing],
    conflicts: choices.conflicts,
  };
}

function factsOf(platform: PlatformName | PlatformFacts): PlatformFacts {
  return typeof platform === "string" ? CATALOG[platform] : platform;
}
