/**
 * Pinecone on loopback, following its OpenAPI spec (API version 2025-04 and later): a control
 * plane (GET /indexes/{name}, POST /embed) and an index data plane (POST /vectors/upsert,
 * POST /query, GET /vectors/fetch), each checking the Api-Key header and the request shape,
 * answering the documented bodies and the documented error shape. Any other request is a 404
 * and is recorded in `unexpected`, which tests assert is empty.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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

class BadRequest extends Error {}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("body is not JSON");
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function errorBody(status: number, code: string, message: string) {
  return { error: { code, message }, status };
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

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startPineconeFake(options: PineconeFakeOptions): Promise<PineconeFake> {
  const dimension = options.dimension ?? FAKE_EMBEDDING_DIMENSION;
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const calls: PineconeFake["calls"] = [];
  const unexpected: string[] = [];
  let indexHost = "";

  const handle = (route: (method: string, path: string, url: URL, body: unknown) => unknown) =>
    async (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? "/", "http://fake");
      try {
        if (request.headers["api-key"] !== options.apiKey) return send(response, 401, errorBody(401, "UNAUTHENTICATED", "Invalid API Key"));
        if (typeof request.headers["x-pinecone-api-version"] !== "string") return send(response, 400, errorBody(400, "INVALID_ARGUMENT", "missing X-Pinecone-Api-Version"));
        const body = await readJson(request);
        calls.push({ method: request.method ?? "", path: url.pathname, body });
        const result = route(request.method ?? "", url.pathname, url, body);
        if (result === undefined) {
          unexpected.push(`${request.method} ${url.pathname}`);
          return send(response, 404, errorBody(404, "NOT_FOUND", `no route ${request.method} ${url.pathname}`));
        }
        return send(response, 200, result);
      } catch (error) {
        if (error instanceof BadRequest) return send(response, 400, errorBody(400, "INVALID_ARGUMENT", error.message));
        throw error;
      }
    };

  const controller = createServer(handle((method, path, _url, body) => {
    if (method === "GET" && path === `/indexes/${options.indexName}`) {
      return {
        name: options.indexName, dimension, metric: "cosine", host: indexHost, vector_type: "dense", deletion_protection: "disabled",
        spec: { serverless: { cloud: "aws", region: "us-east-1" } }, status: { ready: true, state: "Ready" }, tags: null,
      };
    }
    if (method === "POST" && path === "/embed") {
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
    }
    return undefined;
  }));

  const dataPlane = createServer(handle((method, path, url, body) => {
    const namespaceOf = (name: unknown) => {
      const key = typeof name === "string" && name !== "" ? name : "__default__";
      let ns = namespaces.get(key);
      if (ns === undefined) namespaces.set(key, (ns = new Map()));
      return ns;
    };
    if (method === "POST" && path === "/vectors/upsert") {
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
    }
    if (method === "POST" && path === "/query") {
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
    }
    if (method === "GET" && path === "/vectors/fetch") {
      const ns = namespaceOf(url.searchParams.get("namespace"));
      const vectors = Object.fromEntries(url.searchParams.getAll("ids").flatMap((id) => (ns.has(id) ? [[id, ns.get(id)]] : [])));
      return { vectors, namespace: url.searchParams.get("namespace") ?? "", usage: { readUnits: 1 } };
    }
    return undefined;
  }));

  const controllerHost = await listen(controller);
  indexHost = await listen(dataPlane);
  return {
    controllerUrl: `http://${controllerHost}`,
    indexUrl: `http://${indexHost}`,
    namespaces,
    calls,
    unexpected,
    close: async () => {
      await Promise.all([controller, dataPlane].map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
    },
  };
}
