/**
 * UserGems' write-only REST API on loopback (`/v1`): POST/DELETE /contact, POST/DELETE /account
 * and POST /privacy/delete, with the `X-Api-Key` header, strict JSON bodies (the documented fields
 * only), the documented query parameters, and `{ "message": ... }` answers (`{ message, code }` on
 * errors). Deleting a contact or account that is not tracked answers 404. Anything it does not
 * expect is answered 400/404 and listed in `unexpected`, which tests assert is empty.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { z } from "zod";
import { listenOnLoopback, type LoopbackListener } from "../support/loopback.js";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  status?: number;
}

const contactSchema = z.strictObject({
  email: z.email(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  fullName: z.string().optional(),
  company: z.string().optional(),
  relationshipType: z.string().optional(),
  linkedinUrl: z.url().optional(),
  signal: z.string().optional(),
});
const accountSchema = z.strictObject({
  name: z.string().min(1),
  domain: z.string().min(1),
  reportName: z.string().optional(),
  signal: z.string().optional(),
  salesforceId: z.string().optional(),
  customId: z.string().optional(),
});

class Rejection extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly expected = false) {
    super(message);
  }
}

export class UsergemsFake {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  readonly contacts = new Map<string, z.infer<typeof contactSchema>>();
  readonly accounts = new Map<string, z.infer<typeof accountSchema>>();
  readonly privacyDeleted: string[] = [];
  private readonly injected: { path?: string; status: number; body: unknown }[] = [];

  private constructor(private readonly listener: LoopbackListener, private readonly apiKey: string) {}

  static async start(options: { apiKey?: string } = {}): Promise<UsergemsFake> {
    let fake: UsergemsFake | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    fake = new UsergemsFake(await listenOnLoopback(server), options.apiKey ?? "ug-test-key");
    return fake;
  }

  /** the API base, as UserGems' is https://api.usergems.com/v1 */
  get url(): string {
    return `${this.listener.url}/v1`;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  failNext(status: number, path?: string, body: unknown = { message: "injected", code: "INJECTED" }): void {
    this.injected.push({ path, status, body });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    this.requests.push(recorded);
    const send = (status: number, body: unknown) => {
      recorded.status = status;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const index = this.injected.findIndex((entry) => entry.path === undefined || entry.path === url.pathname);
    if (index !== -1) {
      const [entry] = this.injected.splice(index, 1);
      if (entry) return send(entry.status, entry.body);
    }
    try {
      send(200, { message: this.route(recorded) });
    } catch (error) {
      const rejection = error instanceof Rejection ? error : new Rejection(500, "INTERNAL", String(error));
      if (!rejection.expected) this.unexpected.push(`${recorded.method} ${recorded.path}: ${rejection.message}`);
      send(rejection.status, { message: rejection.message, code: rejection.code });
    }
  }

  private route(request: RecordedRequest): string {
    const { method, path } = request;
    if (request.headers["x-api-key"] !== this.apiKey) throw new Rejection(401, "UNAUTHORIZED", "Invalid API key", true);
    if (method === "POST" && path === "/v1/contact") {
      const contact = this.json(request, contactSchema);
      this.contacts.set(contact.email.toLowerCase(), contact);
      return "Contact added to queue";
    }
    if (method === "DELETE" && path === "/v1/contact") {
      const query = this.query(request, ["email"], ["relationshipType", "signal"]);
      const email = (query.email ?? "").toLowerCase();
      if (!this.contacts.has(email)) throw new Rejection(404, "NOT_FOUND", "Contact not found", true);
      this.contacts.delete(email);
      return "Contact deleted";
    }
    if (method === "POST" && path === "/v1/account") {
      const account = this.json(request, accountSchema);
      this.accounts.set(account.domain.toLowerCase(), account);
      return "Account added";
    }
    if (method === "DELETE" && path === "/v1/account") {
      const query = this.query(request, ["name", "domain"], ["reportName", "signal", "salesforceId", "customId"]);
      const domain = (query.domain ?? "").toLowerCase();
      if (!this.accounts.has(domain)) throw new Rejection(404, "NOT_FOUND", "Account not found", true);
      this.accounts.delete(domain);
      return "Account deleted";
    }
    if (method === "POST" && path === "/v1/privacy/delete") {
      const { email } = this.json(request, z.strictObject({ email: z.email() }));
      this.privacyDeleted.push(email);
      this.contacts.delete(email.toLowerCase());
      return "Privacy deletion requested";
    }
    throw new Rejection(404, "NOT_FOUND", `no such endpoint ${method} ${path}`);
  }

  private json<T>(request: RecordedRequest, schema: z.ZodType<T>): T {
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) throw new Rejection(406, "NOT_ACCEPTABLE", "content-type must be application/json");
    const parsed = schema.safeParse(JSON.parse(request.body || "null"));
    if (!parsed.success) throw new Rejection(400, "BAD_REQUEST", `invalid body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return parsed.data;
  }

  private query(request: RecordedRequest, required: readonly string[], optional: readonly string[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, value] of request.query) {
      if (!required.includes(name) && !optional.includes(name)) throw new Rejection(400, "BAD_REQUEST", `unknown query parameter ${name}`);
      values[name] = value;
    }
    for (const name of required) if (!values[name]) throw new Rejection(400, "BAD_REQUEST", `missing ${name}`);
    if (request.body !== "") throw new Rejection(400, "BAD_REQUEST", "a DELETE takes no body");
    return values;
  }
}
