/**
 * Hosted embeddings for the production backend: Pinecone's inference API (through the Pinecone
 * client) or any OpenAI-compatible `/embeddings` endpoint (OpenRouter, Portkey). Passages and
 * queries are embedded with the model's matching input type where the provider has one.
 */
import type { Pinecone } from "@pinecone-database/pinecone";
import { z } from "zod";
import { UpstreamError } from "../../runtime/contract.js";
import type { EmbeddingsSettings } from "../settings.js";

export type EmbeddingPurpose = "passage" | "query";

export interface Embedder {
  readonly model: string;
  embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]>;
}

/** Pinecone's hosted models accept at most 96 inputs per request. */
const PINECONE_INPUTS_PER_REQUEST = 96;
const OPENAI_INPUTS_PER_REQUEST = 128;
/** a long transcript is cut; the start of a memory carries its title and gist */
const MAX_INPUT_CHARS = 8_000;

function failure(provider: string, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const status = (error as { status?: number }).status ?? 0;
  return new UpstreamError("memory", status, status === 0 || status === 429 || status >= 500, `${provider} embeddings failed`, (error as Error).message);
}

async function inBatches(texts: readonly string[], size: number, embedBatch: (batch: string[]) => Promise<number[][]>): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < texts.length; start += size) {
    const batch = texts.slice(start, start + size).map((t) => t.slice(0, MAX_INPUT_CHARS));
    const vectors = await embedBatch(batch);
    if (vectors.length !== batch.length) throw new UpstreamError("memory", 0, true, "embeddings returned the wrong number of vectors");
    out.push(...vectors);
  }
  return out;
}

export class PineconeEmbedder implements Embedder {
  constructor(
    private readonly client: Pinecone,
    readonly model: string,
  ) {}

  async embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    return inBatches(texts, PINECONE_INPUTS_PER_REQUEST, async (batch) => {
      try {
        const result = await this.client.inference.embed({
          model: this.model,
          inputs: batch,
          parameters: { inputType: purpose, truncate: "END" },
        });
        return result.data.map((item) => {
          if (!("values" in item) || !Array.isArray(item.values)) throw new UpstreamError("memory", 0, false, "Pinecone returned a sparse embedding; configure a dense model");
          return item.values;
        });
      } catch (error) {
        throw failure("Pinecone", error);
      }
    });
  }
}

const openAiResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })),
});

export class OpenAICompatibleEmbedder implements Embedder {
  constructor(
    private readonly settings: Extract<EmbeddingsSettings, { provider: "openai" }>,
    private readonly doFetch: typeof fetch = fetch,
  ) {}

  get model(): string {
    return this.settings.model;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return inBatches(texts, OPENAI_INPUTS_PER_REQUEST, async (batch) => {
      let response: Response;
      try {
        response = await this.doFetch(`${this.settings.baseUrl.replace(/\/+$/, "")}/embeddings`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${this.settings.apiKey}` },
          body: JSON.stringify({ model: this.settings.model, input: batch, encoding_format: "float" }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw failure("OpenAI-compatible", error);
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const status = response.status;
        throw new UpstreamError("memory", status, status === 429 || status >= 500, `embeddings endpoint answered ${status}`);
      }
      const parsed = openAiResponseSchema.safeParse(body);
      if (!parsed.success) throw new UpstreamError("memory", response.status, false, "embeddings endpoint returned an unexpected body", parsed.error.message);
      // the spec orders by index, but nothing requires a proxy to keep the order
      return [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    });
  }
}
