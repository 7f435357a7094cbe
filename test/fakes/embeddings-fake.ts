/**
 * A stand-in embedding model for the fakes: words cut to their first five letters, hashed into
 * DIMENSION buckets, L2-normalised. Deterministic and crude (it knows morphology, not synonyms),
 * but it turns text into dense vectors whose cosine means something, which is all the production
 * backend's tests need from Pinecone inference or an OpenAI-compatible endpoint.
 *
 * Also an OpenAI-compatible `/embeddings` server on loopback that checks what we send.
 */
import { DeclaredFake, FakeRejection } from "../support/loopback.js";

export const FAKE_EMBEDDING_DIMENSION = 64;

const STOP = new Set("a an and are as at be by for from has have in is it of on or that the this to was were will with".split(" "));

export function fakeEmbedding(text: string, dimension = FAKE_EMBEDDING_DIMENSION): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (STOP.has(word)) continue;
    const root = word.slice(0, 5);
    let hash = 2166136261;
    for (let i = 0; i < root.length; i += 1) hash = Math.imul(hash ^ root.charCodeAt(i), 16777619);
    const bucket = (hash >>> 0) % dimension;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

export interface OpenAIEmbeddingsFake {
  readonly url: string;
  readonly requests: { model: string; inputs: string[]; authorization: string | undefined }[];
  /** answer the next n requests with this status */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export async function startOpenAIEmbeddingsFake(options: { apiKey: string; model: string }): Promise<OpenAIEmbeddingsFake> {
  const requests: OpenAIEmbeddingsFake["requests"] = [];
  let failures: { status: number; times: number } | undefined;
  const http = await DeclaredFake.start({
    errorBody: (rejection) => ({ error: { message: rejection.message, ...(rejection.code === "invalid_request_error" ? { type: rejection.code } : {}) } }),
    authorize: (request) => {
      if (request.headers.authorization !== `Bearer ${options.apiKey}`) throw new FakeRejection(401, "invalid api key", "invalid_request_error", true);
    },
    routes: [
      {
        method: "POST",
        path: "/v1/embeddings",
        handle: (request) => {
          const body = JSON.parse(request.body) as { model?: unknown; input?: unknown };
          if (body.model !== options.model) throw new FakeRejection(400, `unknown model ${String(body.model)}`, "model", true);
          if (!Array.isArray(body.input) || !body.input.every((i) => typeof i === "string" && i.length > 0)) {
            throw new FakeRejection(400, "input must be a non-empty array of non-empty strings", "input", true);
          }
          const inputs = body.input as string[];
          requests.push({ model: body.model, inputs, authorization: request.headers.authorization });
          if (failures !== undefined && failures.times > 0) {
            failures.times -= 1;
            return { status: failures.status, body: { error: { message: "upstream busy" } } };
          }
          // answer out of order: the spec keys each embedding by index, and callers must honour it
          const data = inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text) })).reverse();
          return { body: { object: "list", data, model: options.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } } };
        },
      },
    ],
  });
  return {
    url: `${http.url}/v1`,
    requests,
    failNext(status, times = 1) {
      failures = { status, times };
    },
    close: () => http.close(),
  };
}
