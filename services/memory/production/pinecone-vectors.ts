/**
 * Memory vectors in Pinecone: upserted with the metadata search filters on (source, type and the
 * timestamp as epoch milliseconds, since Pinecone range filters take numbers), queried with a
 * metadata filter. The rows stay in Snowflake; Pinecone holds only what ranking needs.
 */
import type { Index, Pinecone } from "@pinecone-database/pinecone";
import { UpstreamError } from "../../runtime/contract.js";
import { canonicalTimestamp, type MemoryFilters } from "../types.js";
import type { ProductionSettings } from "../settings.js";

/** keeps a request near 1 MB for 1,024-dimension vectors (Pinecone's limit is 2 MB) */
const VECTORS_PER_UPSERT = 100;

export type VectorMetadata = { source: string; type: string; timestamp_ms: number };

export interface VectorToStore {
  readonly id: string;
  readonly values: number[];
  readonly metadata: VectorMetadata;
}

function failure(what: string, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const message = (error as Error).message ?? String(error);
  const name = (error as Error).name ?? "";
  const retryable = /Unavailable|Connection|Internal|RateLimit|TooMany/.test(name);
  return new UpstreamError("memory", 0, retryable, `Pinecone ${what} failed`, `${name}: ${message}`);
}

export function pineconeFilter(filters: MemoryFilters | undefined): object | undefined {
  const clauses: object[] = [];
  if (filters?.source !== undefined) clauses.push({ source: { $eq: filters.source } });
  if (filters?.type !== undefined) clauses.push({ type: { $eq: filters.type } });
  if (filters?.from !== undefined) clauses.push({ timestamp_ms: { $gte: Date.parse(canonicalTimestamp(filters.from)) } });
  if (filters?.to !== undefined) clauses.push({ timestamp_ms: { $lte: Date.parse(canonicalTimestamp(filters.to)) } });
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

export class PineconeVectors {
  private readonly index: Index<VectorMetadata>;

  constructor(
    private readonly client: Pinecone,
    private readonly settings: ProductionSettings["pinecone"],
  ) {
    this.index = client.index<VectorMetadata>({
      name: settings.index,
      namespace: settings.namespace,
      ...(settings.indexHost === undefined ? {} : { host: settings.indexHost }),
    });
  }

  async upsert(vectors: readonly VectorToStore[]): Promise<void> {
    for (let start = 0; start < vectors.length; start += VECTORS_PER_UPSERT) {
      const records = vectors.slice(start, start + VECTORS_PER_UPSERT).map((v) => ({ id: v.id, values: v.values, metadata: v.metadata }));
      try {
        await this.index.upsert({ records });
      } catch (error) {
        throw failure("upsert", error);
      }
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += VECTORS_PER_UPSERT) {
      try {
        await this.index.deleteMany({ ids: ids.slice(start, start + VECTORS_PER_UPSERT) });
      } catch (error) {
        throw failure("delete", error);
      }
    }
  }

  async query(vector: number[], topK: number, filters: MemoryFilters | undefined): Promise<{ id: string; score: number }[]> {
    const filter = pineconeFilter(filters);
    try {
      const result = await this.index.query({ vector, topK, includeMetadata: false, includeValues: false, ...(filter === undefined ? {} : { filter }) });
      return (result.matches ?? []).map((m) => ({ id: m.id, score: m.score ?? 0 }));
    } catch (error) {
      throw failure("query", error);
    }
  }

  /** for readiness: the index exists, is ready, and has the embedding model's dimension */
  async problems(expectedDimension: number | undefined): Promise<string[]> {
    try {
      const description = await this.client.describeIndex(this.settings.index);
      const problems: string[] = [];
      if (description.status?.ready !== true) problems.push(`Pinecone index ${this.settings.index} is not ready (${description.status?.state ?? "unknown"})`);
      if (expectedDimension !== undefined && description.dimension !== undefined && description.dimension !== expectedDimension) {
        problems.push(`Pinecone index ${this.settings.index} has dimension ${description.dimension}, the embedding model gives ${expectedDimension}`);
      }
      return problems;
    } catch (error) {
      return [`Pinecone index ${this.settings.index} unreachable: ${failure("describe_index", error).safeMessage}`];
    }
  }
}
