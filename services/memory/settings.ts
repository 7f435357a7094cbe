/**
 * Which backend the memory service uses, read once from the memory server's credentials
 * (environment). Embedded unless MEMORY_BACKEND=production; production needs Snowflake and
 * Pinecone credentials and says exactly which are missing.
 */
import { z } from "zod";
import type { Credentials } from "../runtime/contract.js";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optionalUrl = optionalText.pipe(z.url({ message: "must be an http(s) URL" }).optional());

export const DEFAULT_PINECONE_EMBED_MODEL = "multilingual-e5-large";
export const DEFAULT_OPENAI_EMBED_MODEL = "openai/text-embedding-3-small";
export const DEFAULT_OPENAI_EMBED_BASE_URL = "https://openrouter.ai/api/v1";

const productionSchema = z.object({
  SNOWFLAKE_ACCOUNT: z.string().min(1),
  SNOWFLAKE_USER: z.string().min(1),
  SNOWFLAKE_PASSWORD: z.string().min(1),
  SNOWFLAKE_WAREHOUSE: optionalText,
  SNOWFLAKE_DATABASE: optionalText,
  SNOWFLAKE_SCHEMA: optionalText,
  SNOWFLAKE_ROLE: optionalText,
  /** overrides the account URL (PrivateLink, or a test fake) */
  SNOWFLAKE_ACCESS_URL: optionalUrl,
  PINECONE_API_KEY: z.string().min(1),
  PINECONE_INDEX: z.string().min(1),
  /** the index's data-plane host; looked up with describe_index when absent */
  PINECONE_INDEX_HOST: optionalUrl,
  PINECONE_CONTROLLER_HOST: optionalUrl,
  PINECONE_NAMESPACE: optionalText,
  EMBEDDINGS_PROVIDER: z.enum(["pinecone", "openai"]).optional(),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: optionalText,
});

export type EmbeddingsSettings =
  | { readonly provider: "pinecone"; readonly model: string }
  | { readonly provider: "openai"; readonly model: string; readonly baseUrl: string; readonly apiKey: string };

export interface ProductionSettings {
  readonly snowflake: {
    readonly account: string;
    readonly username: string;
    readonly password: string;
    readonly warehouse?: string;
    readonly database?: string;
    readonly schema?: string;
    readonly role?: string;
    readonly accessUrl?: string;
  };
  readonly pinecone: {
    readonly apiKey: string;
    readonly index: string;
    readonly indexHost?: string;
    readonly controllerHost?: string;
    readonly namespace: string;
  };
  readonly embeddings: EmbeddingsSettings;
}

export type MemoryBackendSettings = { readonly backend: "embedded" } | ({ readonly backend: "production" } & ProductionSettings);

export class MemorySettingsError extends Error {
  override readonly name = "MemorySettingsError";
}

function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function memoryBackendSettings(credentials: Credentials): MemoryBackendSettings {
  const backend = (credentials.MEMORY_BACKEND ?? "embedded").trim() || "embedded";
  if (backend === "embedded") return { backend: "embedded" };
  if (backend !== "production") throw new MemorySettingsError(`MEMORY_BACKEND must be "embedded" or "production", not "${backend}"`);
  const parsed = productionSchema.safeParse(credentials);
  if (!parsed.success) {
    // names only: values are secrets
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code === "invalid_type" ? "missing" : i.message}`);
    throw new MemorySettingsError(`MEMORY_BACKEND=production needs: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  const provider = env.EMBEDDINGS_PROVIDER ?? (env.EMBEDDINGS_API_KEY === undefined ? "pinecone" : "openai");
  let embeddings: EmbeddingsSettings;
  if (provider === "pinecone") {
    embeddings = { provider, model: env.EMBEDDINGS_MODEL ?? DEFAULT_PINECONE_EMBED_MODEL };
  } else {
    if (env.EMBEDDINGS_API_KEY === undefined) throw new MemorySettingsError("EMBEDDINGS_PROVIDER=openai needs EMBEDDINGS_API_KEY");
    embeddings = {
      provider,
      model: env.EMBEDDINGS_MODEL ?? DEFAULT_OPENAI_EMBED_MODEL,
      baseUrl: env.EMBEDDINGS_BASE_URL ?? DEFAULT_OPENAI_EMBED_BASE_URL,
      apiKey: env.EMBEDDINGS_API_KEY,
    };
  }
  return {
    backend: "production",
    snowflake: definedOnly({
      account: env.SNOWFLAKE_ACCOUNT,
      username: env.SNOWFLAKE_USER,
      password: env.SNOWFLAKE_PASSWORD,
      warehouse: env.SNOWFLAKE_WAREHOUSE,
      database: env.SNOWFLAKE_DATABASE,
      schema: env.SNOWFLAKE_SCHEMA,
      role: env.SNOWFLAKE_ROLE,
      accessUrl: env.SNOWFLAKE_ACCESS_URL,
    }),
    pinecone: definedOnly({
      apiKey: env.PINECONE_API_KEY,
      index: env.PINECONE_INDEX,
      indexHost: env.PINECONE_INDEX_HOST,
      controllerHost: env.PINECONE_CONTROLLER_HOST,
      namespace: env.PINECONE_NAMESPACE ?? "memories",
    }),
    embeddings,
  };
}
