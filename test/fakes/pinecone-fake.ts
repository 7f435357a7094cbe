/**
 * Pinecone on loopback, following its OpenAPI spec (API version 2025-04 and later): a control
 * plane (GET /indexes/{name}, POST /embed) and an index data plane (POST /vectors/upsert,
 * POST /query, GET /vectors/fetch), each checking the Api-Key header and the request shape,
 * answering the documented bodies and the documented error shape. Any other request is a 404
 * and is recorded in `unexpected`, which tests assert is empty. Both planes are declared on the
 * fake toolkit (test/support/loopback.ts).
 */
import { DeclaredFake, type DeclaredFakeOptions, type FakeRequest, FakeRejection, type FakeRoute } from "../support/loopback.js";
import { FAKE_EMBEDDING_DIMENSION, fakeEmbedding } from "./embeddings-fake.js";

type Metadata = Record<string, string | number | boolean | string[]>;
interface StoredVector { id: string; values: number[]; metadata?: Metadata }

export interface PineconeFake {
  /** for PINECONE_CONTROLLER_HOST */
  readonly controllerUrl: string;
  /** for PINECONE_INDEX_HOST (the described host has no scheme, as Pinecone's has) */
  readonly indexUrl: string;
  readonly namespaces: Map<string, Map<string, StoredVector>>;
  readonly calls: { method: string; path: string; body: unknown }[];
  readonly unexpected: string[];
  close(): Promise<void>;
}

export interface PineconeFakeOptions {
  readonly apiKey: string;
  readonly indexName: string;
  readonly embedModel: string;
  readonly dimension?: number;
}

/** Pinecone's 400 for a request off the documented shape (answered, as Pinecone does; tests provoke some) */
class BadRequest extends FakeRejection {
  constructor(message: string) {
    super(400, message, "INVALID_ARGUMENT", true);
  }
}

function readJson(request: FakeRequest): unknown {
  if (request.body === "") return undefined;
  try {
    return JSON.parse(request.body);
  } catch {
    throw new BadRequest("body is not JSON");
  }
}

/** both planes: the Api-Key and the API version header on every request, Pinecone's error body */
function planeOptions(apiKey: string, routes: FakeRoute[]): DeclaredFakeOptions {
  return {
    unknownRouteCode: "NOT_FOUND",
    errorBody: (rejection) => ({ error: { code: rejection.code, message: rejection.message }, status: rejection.status }),
    authorize: (request) => {
      if (request.headers["api-key"] !== apiKey) throw new FakeRejection(401, "Invalid API Key", "UNAUTHENTICATED", true);
      if (typeof request.headers["x-pinecone-api-version"] !== "string") throw new FakeRejection(400, "missing X-Pinecone-Api-Version", "INVALID_ARGUMENT", true);
    },
    routes,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validMetadata(value: unknown): value is Metadata {
  return isObject(value) && Object.values(value).every((v) =>
    typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)) ||
    (Array.isArray(v) && v.every((x) => typeof x === "string")));
}

/** Pinecone's metadata filter language: $eq $ne $gt $gte $lt $lte $in $nin $exists, $and, $or. */
export function matchesFilter(metadata: Metadata | undefined, filter: unknown): boolean {
  if (!isObject(filter)) throw new BadRequest("filter must be an object");
  return Object.entries(filter).every(([key, condition]) => {
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(condition)) throw new BadRequest(`${key} takes an array`);
      return key === "$and" ? condition.every((c) => matchesFilter(metadata, c)) : condition.some((c) => matchesFilter(metadata, c));
    }
    if (key.startsWith("$")) throw new BadRequest(`unknown operator ${key}`);
    const value = metadata?.[key];
    const ops = isObject(condition) ? condition : { $eq: condition };
    return Object.entries(ops).every(([op, operand]) => {
      switch (op) {
        case "$eq": return Array.isArray(value) ? value.includes(operand as string) : value === operand;
        case "$ne": return value !== operand;
        case "$gt": return typeof value === "number" && typeof operand === "number" && value > operand;
        case "$gte": return typeof value === "number" && typeof operand === "number" && value >= operand;
        case "$lt": return typeof value === "number" && typeof operand === "number" && value < operand;
        case "$lte": return typeof value === "number" && typeof operand === "number" && value <= operand;
        case "$in": return Array.isArray(operand) && operand.includes(value);
        case "$nin": return Array.isArray(operand) && !operand.includes(value);
        case "$exists": return (value !== undefined) === operand;
        default: throw new BadRequest(`unknown operator ${op}`);
      }
    });
  });
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0, na = 0, nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y; na += x * x; nb += y * y;
  });
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export async function startPineconeFake(options: PineconeFakeOptions): Promise<PineconeFake> {
  const dimension = options.dimension ?? FAKE_EMBEDDING_DIMENSION;
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const calls: PineconeFake["calls"] = [];
  let indexHost = "";
  /** a route whose answer is JSON and whose call is recorded with its parsed body */
  const route = (method: string, path: string, run: (body: unknown, request: FakeRequest) => unknown): FakeRoute => ({
    method,
    path,
    handle: (request) => {
      const body = readJson(request);
      calls.push({ method, path: request.path, body });
      return { body: run(body, request) };
    },
  });

  const controller = await DeclaredFake.start(planeOptions(options.apiKey, [
    route("GET", `/indexes/${options.indexName}`, () => ({
        name: options.indexName, dimension, metric: "cosine", host: indexHost, vector_type: "dense", deletion_protection: "disabled",
        spec: { serverless: { cloud: "aws", region: "us-east-1" } }, status: { ready: true, state: "Ready" }, tags: null,
    })),
    route("POST", "/embed", (body) => {
      if (!isObject(body) || body.model !== options.embedModel) throw new BadRequest(`model must be ${options.embedModel}`);
      const parameters = isObject(body.parameters) ? body.parameters : {};
      if (parameters.input_type !== "passage" && parameters.input_type !== "query") throw new BadRequest("parameters.input_type must be passage or query");
      if (!Array.isArray(body.inputs) || body.inputs.length === 0 || body.inputs.length > 96) throw new BadRequest("inputs: 1 to 96 items");
      const texts = body.inputs.map((input) => {
        if (!isObject(input) || typeof input.text !== "string") throw new BadRequest("each input needs a text");
        return input.text;
      });
      return {
        model: options.embedModel, vector_type: "dense",
        data: texts.map((text) => ({ values: fakeEmbedding(text, dimension), vector_type: "dense" })),
        usage: { total_tokens: texts.join(" ").split(/\s+/).length },
      };
    }),
  ]));

  const namespaceOf = (name: unknown) => {
    const key = typeof name === "string" && name !== "" ? name : "__default__";
    let ns = namespaces.get(key);
    if (ns === undefined) namespaces.set(key, (ns = new Map()));
    return ns;
  };
  const dataPlane = await DeclaredFake.start(planeOptions(options.apiKey, [
    route("POST", "/vectors/upsert", (body) => {
      if (!isObject(body) || !Array.isArray(body.vectors) || body.vectors.length === 0 || body.vectors.length > 1000) throw new BadRequest("vectors: 1 to 1000 items");
      const ns = namespaceOf(body.namespace);
      for (const v of body.vectors) {
        if (!isObject(v) || typeof v.id !== "string" || v.id === "" || v.id.length > 512) throw new BadRequest("vector id must be a string of 1 to 512 characters");
        if (!Array.isArray(v.values) || v.values.length !== dimension || !v.values.every((x) => typeof x === "number")) {
          throw new BadRequest(`Vector dimension ${Array.isArray(v.values) ? v.values.length : 0} does not match the dimension of the index ${dimension}`);
        }
        if (v.metadata !== undefined && !validMetadata(v.metadata)) throw new BadRequest("metadata values must be strings, numbers, booleans or lists of strings");
        ns.set(v.id, { id: v.id, values: v.values as number[], ...(v.metadata === undefined ? {} : { metadata: v.metadata }) });
      }
      return { upsertedCount: body.vectors.length };
    }),
    route("POST", "/query", (body) => {
      if (!isObject(body) || typeof body.topK !== "number" || body.topK < 1 || body.topK > 10_000) throw new BadRequest("topK must be 1 to 10000");
      if (!Array.isArray(body.vector) || body.vector.length !== dimension) throw new BadRequest(`query vector must have dimension ${dimension}`);
      const query = body.vector as number[];
      const ns = namespaceOf(body.namespace);
      const matches = [...ns.values()]
        .filter((v) => body.filter === undefined || matchesFilter(v.metadata, body.filter))
        .map((v) => ({ id: v.id, score: cosine(query, v.values), ...(body.includeMetadata === true && v.metadata ? { metadata: v.metadata } : {}), ...(body.includeValues === true ? { values: v.values } : { values: [] }) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.topK);
      return { results: [], matches, namespace: typeof body.namespace === "string" ? body.namespace : "", usage: { readUnits: 1 } };
    }),
    route("GET", "/vectors/fetch", (_body, request) => {
      const ns = namespaceOf(request.query.get("namespace"));
      const vectors = Object.fromEntries(request.query.getAll("ids").flatMap((id) => (ns.has(id) ? [[id, ns.get(id)]] : [])));
      return { vectors, namespace: request.query.get("namespace") ?? "", usage: { readUnits: 1 } };
    }),
  ]));
  // the described host has no scheme, as Pinecone's has
  indexHost = dataPlane.url.replace(/^http:\/\//, "");
  return {
    controllerUrl: controller.url,
    indexUrl: dataPlane.url,
    namespaces,
    calls,
    get unexpected() {
      return [...controller.unexpected, ...dataPlane.unexpected];
    },
    close: async () => {
      await Promise.all([controller.close(), dataPlane.close()]);
    },
  };
}
