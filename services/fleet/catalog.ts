/**
 * The fleet's platforms, as far as configuring and deploying them goes: each platform's facts
 * (services/platforms/<platform>/facts.ts, the one place they are written), gathered. The Pulumi
 * program, the local fleet, preflight and the docs read them through here. A server does not: it
 * reads its own platform's facts (its definition's), the names in platform-names.ts and the
 * helpers in requirements.ts, so its image changes when its own facts do and not with another's.
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
import type { PlatformFacts, VariableChoice } from "./facts.js";
import { PLATFORM_NAMES, type PlatformName } from "./platform-names.js";
import { checkRequirementsOf, isChoiceVariableOf, optionalVariablesOf, requiredVariablesOf, type RequirementCheck } from "./requirements.js";

export type { ChoiceOutcome, PlatformFacts, Requirement, VariableChoice, VariableSpec, WebhookFacts, WebhookProof } from "./facts.js";
export { choiceConflictMessage, choiceLabel, evaluateChoices } from "./facts.js";
export { isPlatformName, PLATFORM_NAMES, type PlatformName } from "./platform-names.js";
export { FLEET_VARIABLES, type RequirementCheck } from "./requirements.js";

/** One facts file per name of platform-names.ts, in its order (checked below). */
const PLATFORMS = [fleetEndpoint, gong, hubspot, slack, linear, figma, memory, snowflake, airbyte, vercel, lambdaLabs, portkey, openrouter, asana, usergems, apollo] as const satisfies readonly PlatformFacts<PlatformName>[];

// platform-names.ts is the list a server's bundle carries instead of this catalog: the two must agree
if (PLATFORMS.map((facts) => facts.name).join() !== PLATFORM_NAMES.join()) {
  throw new Error(`services/fleet/platform-names.ts (${PLATFORM_NAMES.join(", ")}) and the catalog's facts (${PLATFORMS.map((facts) => facts.name).join(", ")}) disagree`);
}

export const CATALOG: Readonly<Record<PlatformName, PlatformFacts<PlatformName>>> = Object.fromEntries(
  PLATFORMS.map((facts) => [facts.name, facts]),
) as Record<PlatformName, PlatformFacts<PlatformName>>;

/** The variables an integration needs, given whether it receives webhooks. */
export function requiredVariables(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean): string[] {
  return requiredVariablesOf(factsOf(platform), receivesWebhooks);
}

export function optionalVariables(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean): string[] {
  return optionalVariablesOf(factsOf(platform), receivesWebhooks);
}

/** Groups of its variables of which exactly one must be set (each is also among optionalVariables). */
export function requiredChoices(platform: PlatformName | PlatformFacts): readonly VariableChoice[] {
  return factsOf(platform).choices;
}

/** Whether a variable belongs to one of the platform's choices. */
export function isChoiceVariable(platform: PlatformName | PlatformFacts, name: string): boolean {
  return isChoiceVariableOf(factsOf(platform), name);
}

/**
 * Everything an integration needs that `isSet` says is absent, and every choice with more than one
 * alternative set. `isSet` sees names only; what counts as set (non-blank, present in a config) is
 * the caller's.
 */
export function checkRequirements(platform: PlatformName | PlatformFacts, receivesWebhooks: boolean, isSet: (name: string) => boolean): RequirementCheck {
  return checkRequirementsOf(factsOf(platform), receivesWebhooks, isSet);
}

function factsOf(platform: PlatformName | PlatformFacts): PlatformFacts {
  return typeof platform === "string" ? CATALOG[platform] : platform;
}
