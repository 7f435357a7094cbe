/**
 * README tables generated from the code: ports and schedules from the fleet file, variables from
 * the catalog, tools from each platform's registry of tool values. A test fails when the README
 * drifts from them; `npm run docs` rewrites the generated blocks.
 */
import { CATALOG, choiceLabel, FLEET_VARIABLES, type PlatformFacts, type PlatformName, type Requirement, type VariableSpec } from "../fleet/catalog.js";
import type { Fleet } from "../fleet/load.js";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { ToolDefinition } from "../runtime/contract.js";

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

export function portsTable(fleet: Fleet): string {
  const rows = [...fleet.integrations]
    .sort((a, b) => a.settings.mcp_server_port - b.settings.mcp_server_port)
    .map(({ platform, spec, settings }) => [
      spec.title,
      `\`${platform}\``,
      `\`${spec.serverName}\``,
      String(settings.mcp_server_port),
      settings.enabled ? "yes" : "no",
      settings.webhook_path ? `\`${settings.webhook_path}/events\`` : "-",
      settings.batch_sync_interval ? `\`${settings.batch_sync_interval}\` (${(settings.sync_objects ?? []).join(", ") || "-"})` : "-",
      settings.rate_limits?.api_calls_per_minute ? String(settings.rate_limits.api_calls_per_minute) : "-",
    ]);
  return table(["Platform", "Key", "Server", "Port", "Enabled", "Webhook endpoint", "Batch sync (UTC)", "API calls/min"], rows);
}

const REQUIREMENT_TEXT: Record<Requirement, string> = {
  required: "required",
  webhook: "required with a webhook_path",
  optional: "optional",
};

/** A choice's alternative reads as the choice ("exactly one of A or B"), not as optional. */
function needed(spec: PlatformFacts, variable: VariableSpec): string {
  const choice = spec.choices.find((c) => c.of.includes(variable.name));
  return choice ? `exactly ${choiceLabel(choice)}` : REQUIREMENT_TEXT[variable.requirement];
}

export function variablesTable(): string {
  const rows = Object.values(CATALOG).flatMap((spec) =>
    spec.variables.map((v) => [
      spec.title,
      `\`${v.name}\``,
      needed(spec, v),
      `${v.description}${v.addedBeyondSeed ? " *(not in the seed)*" : ""}`,
    ]),
  );
  const fleetRows = FLEET_VARIABLES.map((v) => ["every server", `\`${v.name}\``, REQUIREMENT_TEXT[v.requirement], v.description]);
  return table(["Platform", "Variable", "Needed", "What it is"], [...rows, ...fleetRows]);
}

/** Up to the first full stop that ends a sentence (not "e.g." and the like: the next word is capitalized). */
export function firstSentence(text: string): string {
  const flat = text.trim().replace(/\s+/g, " ");
  const match = /^(.+?(?<!\b(?:e\.g|i\.e|etc|vs))[.!?])(?=\s+[A-Z(`"]|$)/.exec(flat);
  return match?.[1] ?? flat;
}

export interface PlatformDocs {
  readonly platform: PlatformName;
  readonly tools: readonly ToolDefinition<unknown>[];
  /** from the fleet file, when the platform is configured */
  readonly settings?: IntegrationSettings;
  /** repository-relative path of the platform's SETUP.md, when it has one */
  readonly setupGuide?: string;
}

/** One platform's section: what to register where, which variables, and its tools. */
export function platformSection({ platform, tools, settings, setupGuide }: PlatformDocs): string {
  const spec = CATALOG[platform];
  const lines = [`### ${spec.title}`, ""];
  if (settings?.webhook_path) {
    lines.push(`- Webhook URL to register: \`{publicBaseUrl}${settings.webhook_path}/events\``);
    if (settings.event_subscriptions?.length) lines.push(`- Events to subscribe to: ${settings.event_subscriptions.map((e) => `\`${e}\``).join(", ")}`);
  }
  const known = spec.webhook?.subscriptions ?? [];
  if (known.length > 0) lines.push(`- \`event_subscriptions\` it knows: ${known.map((e) => `\`${e}\``).join(", ")}`);
  if (settings?.sync_objects?.length && settings.batch_sync_interval) {
    lines.push(`- Batch sync: ${settings.sync_objects.map((o) => `\`${o}\``).join(", ")} on \`${settings.batch_sync_interval}\` (UTC)`);
  }
  const variables = [
    ...spec.variables.filter((v) => v.requirement !== "optional").map((v) => `\`${v.name}\``),
    ...spec.choices.map((choice) => `${choiceLabel({ ...choice, of: choice.of.map((name) => `\`${name}\``) })} (${choice.description})`),
  ];
  if (variables.length) lines.push(`- Required variables: ${variables.join(", ")} (all: [Variables](#variables))`);
  if (setupGuide) lines.push(`- Creating the credentials: [${setupGuide}](${setupGuide})`);
  const rows = tools.map((tool) => [
    `\`${tool.name}\``,
    tool.toolset,
    tool.annotations.readOnlyHint ? "read" : tool.annotations.destructiveHint ? "write (destructive)" : "write",
    firstSentence(tool.description),
  ]);
  lines.push("", table(["Tool", "Toolset", "Kind", "What it does"], rows));
  return lines.join("\n");
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceBlock(document: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`README has no generated block "${name}" (${start} ... ${end})`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
