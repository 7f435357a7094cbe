/** The memory server's facts: read by the fleet layer, preflight, the docs and the runtime (services/fleet/facts.ts). */
import { definePlatformFacts, opt } from "../../fleet/facts.js";

export const facts = definePlatformFacts({
  name: "memory",
  title: "Memory",
  serverName: "memory_service",
  kind: "fleet",
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
});
