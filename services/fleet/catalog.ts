/**
 * What each platform of the fleet is, as far as configuring and deploying it goes: its server
 * name, and the environment variables its server reads. This is the one list of variable names;
 * the Pulumi program, the local fleet, preflight and the servers all read it from here.
 *
 * Every variable here is a credential or credential-like setting and is delivered through the
 * integration's Kubernetes Secret (or the local environment), never as a plain env value.
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

export interface PlatformSpec {
  readonly platform: PlatformName;
  /** the seed's MCP server name */
  readonly serverName: string;
  readonly title: string;
  /** whether the platform can send us webhooks at all */
  readonly sendsWebhooks: boolean;
  /**
   * The sync objects its platform definition implements (`definition.syncs[].object`), restated
   * here so the deployment plan can tell whether an integration needs a sync runner without
   * importing platform code; test/fleet/sync-catalog.test.ts checks the two agree. Absent: none.
   */
  readonly syncObjects?: readonly string[];
  readonly variables: readonly VariableSpec[];
}

export const PLATFORM_NAMES = [
  "gong",
  "hubspot",
  "slack",
  "linear",
  "figma",
  "memory",
  "snowflake",
  "airbyte",
  "vercel",
  "lambda_labs",
  "portkey",
  "openrouter",
  "asana",
  "usergems",
  "apollo",
] as const;

export type PlatformName = (typeof PLATFORM_NAMES)[number];

const req = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "required",
  description,
  addedBeyondSeed,
});
const hook = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "webhook",
  description,
  addedBeyondSeed,
});
const opt = (name: string, description: string, addedBeyondSeed = false): VariableSpec => ({
  name,
  requirement: "optional",
  description,
  addedBeyondSeed,
});

export const CATALOG: Readonly<Record<PlatformName, PlatformSpec>> = {
  gong: {
    platform: "gong",
    serverName: "gong_intelligence",
    title: "Gong",
    sendsWebhooks: true,
    syncObjects: ["calls"],
    variables: [
      req("GONG_ACCESS_KEY", "API access key (Company settings > API)"),
      req("GONG_CLIENT_SECRET", "API access key secret, paired with GONG_ACCESS_KEY"),
      hook("GONG_WEBHOOK_JWT_PUBLIC_KEY", "public key of the automation rule that signs webhooks (base64 DER or PEM)"),
      opt("GONG_WEBHOOK_BASE_URL", "public base URL Gong calls, checked against the JWT's webhook_url claim"),
      opt("GONG_API_BASE_URL", "customer API base URL (default https://api.gong.io)", true),
    ],
  },
  hubspot: {
    platform: "hubspot",
    serverName: "hubspot_crm",
    title: "HubSpot",
    sendsWebhooks: true,
    syncObjects: ["contacts", "companies", "deals", "tickets"],
    variables: [
      req("HUBSPOT_ACCESS_TOKEN", "private app access token (or OAuth access token)"),
      hook("HUBSPOT_CLIENT_SECRET", "app client secret: signs X-HubSpot-Signature-v3"),
      opt("HUBSPOT_CLIENT_ID", "OAuth app client id (with HUBSPOT_REFRESH_TOKEN for OAuth apps)"),
      opt("HUBSPOT_REFRESH_TOKEN", "OAuth refresh token; when set, access tokens are refreshed", true),
      opt("HUBSPOT_WEBHOOK_URL", "public webhook URL as HubSpot calls it (signature covers the URI)"),
    ],
  },
  slack: {
    platform: "slack",
    serverName: "slack_integration",
    title: "Slack",
    sendsWebhooks: true,
    syncObjects: ["channel_history"],
    variables: [
      req("SLACK_BOT_TOKEN", "bot token (xoxb-)"),
      hook("SLACK_SIGNING_SECRET", "app signing secret: verifies Events API requests"),
      opt("SLACK_APP_TOKEN", "app-level token (xapp-); only for Socket Mode, unused over HTTP events"),
      opt("SLACK_USER_TOKEN", "user token (xoxp-) with search:read, needed by search.messages", true),
      opt("SLACK_WEBHOOK_URL", "incoming webhook URL for notifications"),
    ],
  },
  linear: {
    platform: "linear",
    serverName: "linear_projects",
    title: "Linear",
    sendsWebhooks: true,
    syncObjects: ["issues"],
    variables: [
      req("LINEAR_API_KEY", "personal API key (or OAuth access token)"),
      hook("LINEAR_WEBHOOK_SECRET", "webhook signing secret: verifies Linear-Signature", true),
      opt("LINEAR_TEAM_ID", "default team for new issues"),
      opt("LINEAR_WEBHOOK_URL", "public webhook URL registered in Linear"),
    ],
  },
  figma: {
    platform: "figma",
    serverName: "figma_design",
    title: "Figma",
    sendsWebhooks: true,
    variables: [
      req("FIGMA_ACCESS_TOKEN", "personal access token (X-Figma-Token)"),
      hook("FIGMA_WEBHOOK_PASSCODE", "passcode set on the webhook, echoed in every event body", true),
      opt("FIGMA_WEBHOOK_URL", "public webhook URL registered with Figma"),
      opt("FIGMA_TEAM_ID", "team whose projects and webhooks are managed", true),
    ],
  },
  memory: {
    platform: "memory",
    serverName: "memory_service",
    title: "Memory",
    sendsWebhooks: false,
    variables: [
      opt("MEMORY_BACKEND", "embedded (default) or production (Snowflake rows + Pinecone vectors)", true),
      opt("PINECONE_API_KEY", "Pinecone API key (production backend)", true),
      opt("PINECONE_INDEX", "Pinecone index name (production backend)", true),
      opt("EMBEDDINGS_API_KEY", "key of the OpenAI-compatible embeddings endpoint, when not Pinecone inference", true),
      opt("SNOWFLAKE_ACCOUNT", "Snowflake account for memory rows (production backend)"),
      opt("SNOWFLAKE_USER", "Snowflake user for memory rows (production backend)"),
      opt("SNOWFLAKE_PASSWORD", "Snowflake password or programmatic access token (production backend)"),
      opt("SNOWFLAKE_WAREHOUSE", "warehouse for memory queries (production backend)", true),
      opt("SNOWFLAKE_DATABASE", "database holding the MEMORIES table (production backend)", true),
      opt("SNOWFLAKE_SCHEMA", "schema holding the MEMORIES table (production backend)", true),
      opt("SNOWFLAKE_ROLE", "role for memory queries (production backend)", true),
      opt("SNOWFLAKE_ACCESS_URL", "Snowflake URL override, e.g. a PrivateLink host (default: from the account)", true),
      opt("PINECONE_INDEX_HOST", "index data-plane URL (default: looked up with describe_index)", true),
      opt("PINECONE_CONTROLLER_HOST", "control-plane URL override (default https://api.pinecone.io)", true),
      opt("PINECONE_NAMESPACE", "namespace for memory vectors (default memories)", true),
      opt("EMBEDDINGS_PROVIDER", "pinecone (hosted inference, default without EMBEDDINGS_API_KEY) or openai (OpenAI-compatible endpoint)", true),
      opt("EMBEDDINGS_MODEL", "embedding model (default multilingual-e5-large, or openai/text-embedding-3-small)", true),
      opt("EMBEDDINGS_BASE_URL", "OpenAI-compatible base URL (default https://openrouter.ai/api/v1; Portkey: https://api.portkey.ai/v1)", true),
    ],
  },
  snowflake: {
    platform: "snowflake",
    serverName: "snowflake_admin",
    title: "Snowflake",
    sendsWebhooks: false,
    variables: [
      req("SNOWFLAKE_ACCOUNT", "account identifier (orgname-accountname)"),
      req("SNOWFLAKE_USER", "user the server connects as"),
      req("SNOWFLAKE_PASSWORD", "password or programmatic access token (PAT)"),
      opt("SNOWFLAKE_ROLE", "role to use (default: the user's default role)"),
      opt("SNOWFLAKE_WAREHOUSE", "warehouse for queries", true),
      opt("SNOWFLAKE_DATABASE", "default database", true),
    ],
  },
  airbyte: {
    platform: "airbyte",
    serverName: "airbyte_integration",
    title: "Airbyte",
    sendsWebhooks: true,
    variables: [
      req("AIRBYTE_CLIENT_ID", "application client id"),
      req("AIRBYTE_CLIENT_SECRET", "application client secret"),
      hook("AIRBYTE_WEBHOOK_TOKEN", "random token expected on notification webhooks (they are unsigned)", true),
      opt("AIRBYTE_ACCESS_TOKEN", "pre-issued access token; normally minted from the client credentials"),
      opt("AIRBYTE_WORKSPACE_ID", "workspace to manage"),
      opt("AIRBYTE_API_URL", "API base URL (default https://api.airbyte.com/v1; self-managed installs differ)", true),
    ],
  },
  vercel: {
    platform: "vercel",
    serverName: "vercel_deployment",
    title: "Vercel",
    sendsWebhooks: true,
    variables: [
      req("VERCEL_TOKEN", "access token"),
      hook("VERCEL_WEBHOOK_SECRET", "webhook secret: verifies x-vercel-signature", true),
      opt("VERCEL_TEAM_ID", "team scope (teamId) for every call"),
      opt("VERCEL_PROJECT_ID", "default project"),
    ],
  },
  lambda_labs: {
    platform: "lambda_labs",
    serverName: "lambda_labs_compute",
    title: "Lambda Labs",
    sendsWebhooks: false,
    variables: [
      req("LAMBDA_LABS_API_KEY", "cloud API key"),
      opt("LAMBDA_LABS_SSH_KEY", "name of the SSH key new instances get"),
    ],
  },
  portkey: {
    platform: "portkey",
    serverName: "portkey_gateway",
    title: "Portkey",
    sendsWebhooks: false,
    variables: [
      req("PORTKEY_API_KEY", "API key (x-portkey-api-key)"),
      opt("PORTKEY_CONFIG", "default config id for completions"),
      opt("PORTKEY_WORKSPACE_ID", "workspace for admin and analytics calls"),
    ],
  },
  openrouter: {
    platform: "openrouter",
    serverName: "openrouter_llm",
    title: "OpenRouter",
    sendsWebhooks: true,
    variables: [
      req("OPENROUTER_API_KEY", "API key"),
      hook("OPENROUTER_WEBHOOK_TOKEN", "token expected in the Broadcast destination's custom header", true),
      opt("OPENROUTER_APP_NAME", "X-Title sent with requests"),
      opt("OPENROUTER_SITE_URL", "HTTP-Referer sent with requests"),
    ],
  },
  asana: {
    platform: "asana",
    serverName: "asana_tasks",
    title: "Asana",
    sendsWebhooks: true,
    variables: [
      req("ASANA_ACCESS_TOKEN", "personal access token (or OAuth access token)"),
      opt("ASANA_WORKSPACE_ID", "workspace searched and synced"),
      opt("ASANA_WEBHOOK_URL", "public webhook URL given to Asana when creating webhooks"),
    ],
  },
  usergems: {
    platform: "usergems",
    serverName: "usergems_intelligence",
    title: "UserGems",
    sendsWebhooks: true,
    variables: [
      req("USERGEMS_API_KEY", "API key (X-Api-Key)"),
      hook("USERGEMS_WEBHOOK_TOKEN", "value of the X-Api-Key header configured on the Send to Webhook action", true),
    ],
  },
  apollo: {
    platform: "apollo",
    serverName: "apollo_sales",
    title: "Apollo",
    sendsWebhooks: true,
    variables: [
      req("APOLLO_API_KEY", "API key (X-Api-Key)"),
      hook("APOLLO_WEBHOOK_TOKEN", "token placed in the webhook_url given to people match", true),
    ],
  },
};

/** Fleet-wide secrets every server receives in addition to its own. */
export const FLEET_VARIABLES: readonly VariableSpec[] = [
  opt("MCP_AUTH_TOKEN", "static bearer token agents present on /mcp (when MCP_AUTH_MODE=token)", true),
  opt("MEMORY_INGEST_TOKEN", "bearer token servers present to the memory server's ingest endpoint", true),
];

export function isPlatformName(value: string): value is PlatformName {
  return (PLATFORM_NAMES as readonly string[]).includes(value);
}

/** The variables an integration needs, given whether it receives webhooks. */
export function requiredVariables(platform: PlatformName, receivesWebhooks: boolean): string[] {
  return CATALOG[platform].variables
    .filter((v) => v.requirement === "required" || (receivesWebhooks && v.requirement === "webhook"))
    .map((v) => v.name);
}

export function optionalVariables(platform: PlatformName, receivesWebhooks: boolean): string[] {
  const required = new Set(requiredVariables(platform, receivesWebhooks));
  return CATALOG[platform].variables.map((v) => v.name).filter((n) => !required.has(n));
}
