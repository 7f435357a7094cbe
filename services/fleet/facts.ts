/**
 * The shape of a platform's facts: what configuring, deploying and documenting an integration
 * needs to know about its platform, and nothing that needs its code. Each platform writes its facts
 * once, in services/platforms/<platform>/facts.ts; the fleet layer (catalog, schema, plan), the
 * Pulumi program, preflight, the local fleet, the README tables and the server runtime all read
 * them from there. This module and the facts files import nothing else, so reading them never
 * loads an API client, a vendor SDK or tool code (test/platforms/folder-shape.test.ts checks).
 */

export type Requirement =
  /** the server cannot do its job without it */
  | "required"
  /** needed only when the integration has a `webhook_path` (it verifies the platform's webhooks) */
  | "webhook"
  /** used when present */
  | "optional";

export interface VariableSpec {
  readonly name: string;
  readonly requirement: Requirement;
  /** one line for docs and preflight output */
  readonly description: string;
  /** true when the seed's variable list omits it and the platform really needs it */
  readonly addedBeyondSeed?: boolean;
}

/**
 * A set of variables of which exactly one must be set: alternative credentials for the same
 * sign-in (Snowflake's password or key pair). Each is also declared in `variables`, as optional;
 * the choice is what makes one of them required and two of them an error.
 */
export interface VariableChoice {
  /** the alternatives, at least two, in the order docs and messages name them */
  readonly of: readonly string[];
  /** one line for docs: what the choice is between */
  readonly description: string;
}

/** How a platform proves that a webhook request is its own (see the runtime's verifiers). */
export type WebhookProof =
  /** an HMAC of the raw body (and sometimes a timestamp or the URL) in a header */
  | "hmac-signature"
  /** an HMAC keyed by a secret the platform hands over in a registration handshake (Asana) */
  | "handshake-hmac"
  /** an asymmetrically signed JWT covering the URL and a body hash (Gong) */
  | "signed-jwt"
  /** a secret we chose, echoed in the body (Figma's passcode) */
  | "body-passcode"
  /** a secret we chose, sent in a fixed header (unsigned senders) */
  | "header-token"
  /** a secret we chose, placed in the webhook URL (unsigned senders) */
  | "url-token";

export interface WebhookFacts {
  readonly proof: WebhookProof;
  /** one line: what identifies a delivery so a retry is stored once */
  readonly dedupeKey: string;
  /**
   * The names `event_subscriptions` may list, in the platform's own vocabulary (Slack's
   * `message.channels`, HubSpot's `contact.creation`, Linear's `Issue`): the events this server
   * turns into memories. Empty when the platform has no such choice (every delivery is stored).
   */
  readonly subscriptions: readonly string[];
}

export interface PlatformFacts<Name extends string = string> {
  /** the integration's key in config/integrations.yaml, e.g. "lambda_labs" */
  readonly name: Name;
  readonly title: string;
  /** the seed's MCP server name, e.g. "slack_integration" */
  readonly serverName: string;
  /** "platform": a third-party platform's server; "fleet": a service of the fleet itself (memory) */
  readonly kind: "platform" | "fleet";
  /** environment variables the server reads, all delivered as secrets */
  readonly variables: readonly VariableSpec[];
  /** groups of `variables` of which exactly one must be set (always, not only with a webhook_path) */
  readonly choices: readonly VariableChoice[];
  /** the sync_objects its definition implements (`definition.syncs[].object`); empty: none */
  readonly syncObjects: readonly string[];
  /** how it sends us webhooks; undefined: it sends none */
  readonly webhook?: WebhookFacts;
  /** whether it can send us webhooks at all (derived from `webhook`) */
  readonly sendsWebhooks: boolean;
}

export interface PlatformFactsInput<Name extends string> {
  readonly name: Name;
  readonly title: string;
  readonly serverName: string;
  readonly kind?: "platform" | "fleet";
  readonly variables: readonly VariableSpec[];
  readonly choices?: readonly VariableChoice[];
  readonly syncObjects?: readonly string[];
  readonly webhook?: WebhookFacts;
}

/**
 * A platform's facts, completed: every platform that sends webhooks also gets its one webhook URL
 * override, `<PLATFORM>_WEBHOOK_URL` (webhookUrlVariable), unless its variables already describe it.
 */
export function definePlatformFacts<const Name extends string>(input: PlatformFactsInput<Name>): PlatformFacts<Name> {
  const urlVariable = webhookUrlVariable(input.name);
  const variables =
    input.webhook !== undefined && !input.variables.some((v) => v.name === urlVariable)
      ? [...input.variables, opt(urlVariable, `public URL of this integration's webhook endpoint as registered with ${input.title} (default: the fleet's public webhook URL)`, true)]
      : input.variables;
  const choices = input.choices ?? [];
  checkChoices(input.name, variables, choices);
  return {
    name: input.name,
    title: input.title,
    serverName: input.serverName,
    kind: input.kind ?? "platform",
    variables,
    choices,
    syncObjects: input.syncObjects ?? [],
    ...(input.webhook ? { webhook: input.webhook } : {}),
    sendsWebhooks: input.webhook !== undefined,
  };
}

/** A choice must name at least two of the platform's optional variables, each in one choice only. */
function checkChoices(platform: string, variables: readonly VariableSpec[], choices: readonly VariableChoice[]): void {
  const chosen = new Set<string>();
  for (const choice of choices) {
    if (choice.of.length < 2) throw new Error(`${platform} facts: a choice needs at least two variables (got ${choice.of.join(", ") || "none"})`);
    for (const name of choice.of) {
      const variable = variables.find((v) => v.name === name);
      if (variable === undefined) throw new Error(`${platform} facts: choice names ${name}, which is not one of its variables`);
      if (variable.requirement !== "optional") throw new Error(`${platform} facts: choice names ${name}, which is ${variable.requirement}; a choice's variables are declared optional`);
      if (chosen.has(name)) throw new Error(`${platform} facts: ${name} is in more than one choice`);
      chosen.add(name);
    }
  }
}

/** How docs and "missing" lists name a choice: "one of A or B", "one of A, B or C". */
export function choiceLabel(choice: VariableChoice): string {
  return `one of ${choice.of.slice(0, -1).join(", ")} or ${choice.of.at(-1)}`;
}

/** What a set of present variables makes of a platform's choices. Names only. */
export interface ChoiceOutcome {
  /** labels (choiceLabel) of the choices none of whose variables is set */
  readonly missing: readonly string[];
  /** one message per choice with more than one variable set, naming them */
  readonly conflicts: readonly string[];
}

export function evaluateChoices(choices: readonly VariableChoice[], isSet: (name: string) => boolean): ChoiceOutcome {
  const missing: string[] = [];
  const conflicts: string[] = [];
  for (const choice of choices) {
    const set = choice.of.filter(isSet);
    if (set.length === 0) missing.push(choiceLabel(choice));
    else if (set.length > 1) conflicts.push(choiceConflictMessage(choice, set));
  }
  return { missing, conflicts };
}

export function choiceConflictMessage(choice: VariableChoice, set: readonly string[]): string {
  const both = set.length === 2 ? `${set[0]} and ${set[1]} are both set` : `${set.slice(0, -1).join(", ")} and ${set.at(-1)} are all set`;
  return `${both}: set exactly ${choiceLabel(choice)}`;
}

/**
 * The one variable that overrides the public URL of a platform's webhook endpoint: what the operator
 * registered on the platform's side, when it differs from what the fleet derives (a proxy, a
 * tunnel). Schemes that sign the URL (HubSpot, Gong) verify against it; tools that register
 * webhooks (Asana, Figma) hand it to the platform.
 */
export function webhookUrlVariable(platform: string): string {
  return `${platform.toUpperCase()}_WEBHOOK_URL`;
}

export const req = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "required",
  description,
  ...(addedBeyondSeed ? { addedBeyondSeed } : {}),
});

export const hook = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "webhook",
  description,
  ...(addedBeyondSeed ? { addedBeyondSeed } : {}),
});

export const opt = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "optional",
  description,
  ...(addedBeyondSeed ? { addedBeyondSeed } : {}),
});
