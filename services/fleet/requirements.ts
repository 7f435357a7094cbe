/**
 * What an integration needs of its environment, read from one platform's facts: the required and
 * optional variables, the choices, and the fleet-wide secrets every server gets. It takes the facts
 * themselves, not a platform name, so a server (services/runtime/credentials.ts) checks its own
 * credentials without loading every platform's facts (catalog.ts wraps these for callers that hold
 * a name).
 */
import { evaluateChoices, opt, type ChoiceOutcome, type PlatformFacts, type VariableSpec } from "./facts.js";

/** Fleet-wide secrets every server receives in addition to its own. */
export const FLEET_VARIABLES: readonly VariableSpec[] = [
  opt("MCP_AUTH_TOKEN", "static bearer token agents present on /mcp (when MCP_AUTH_MODE=token)", true),
  opt("MEMORY_INGEST_TOKEN", "bearer token servers present to the memory server's ingest and webhook state endpoints", true),
  opt("FLEET_MCP_TOKEN", "bearer token the fleet endpoint presents on every server's /mcp (accepted besides the agents' credential; default in token mode: MCP_AUTH_TOKEN)", true),
];

/** The variables an integration needs, given whether it receives webhooks. */
export function requiredVariablesOf(facts: PlatformFacts, receivesWebhooks: boolean): string[] {
  return facts.variables.filter((v) => v.requirement === "required" || (receivesWebhooks && v.requirement === "webhook")).map((v) => v.name);
}

export function optionalVariablesOf(facts: PlatformFacts, receivesWebhooks: boolean): string[] {
  const required = new Set(requiredVariablesOf(facts, receivesWebhooks));
  return facts.variables.map((v) => v.name).filter((n) => !required.has(n));
}

/** Whether a variable belongs to one of the platform's choices. */
export function isChoiceVariableOf(facts: PlatformFacts, name: string): boolean {
  return facts.choices.some((choice) => choice.of.includes(name));
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
export function checkRequirementsOf(facts: PlatformFacts, receivesWebhooks: boolean, isSet: (name: string) => boolean): RequirementCheck {
  const choices = evaluateChoices(facts.choices, isSet);
  return {
    missing: [...requiredVariablesOf(facts, receivesWebhooks).filter((name) => !isSet(name)), ...choices.missing],
    conflicts: choices.conflicts,
  };
}

