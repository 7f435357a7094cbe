/**
 * UserGems' write-only REST API on loopback (`/v1`): POST/DELETE /contact, POST/DELETE /account
 * and POST /privacy/delete, with the `X-Api-Key` header, strict JSON bodies (the documented fields
 * only), the documented query parameters, and `{ "message": ... }` answers (`{ message, code }` on
 * errors). Deleting a contact or account that is not tracked answers 404. Anything it does not
 * expect is answered 400/404 and listed in `unexpected`, which tests assert is empty. Declared on
 * the fake toolkit (test/support/loopback.ts): its routes and fixtures.
 */
import { z } from "zod";
import { type DeclaredFake, type FakeRequest, FakeRejection, startDeclared } from "../support/loopback.js";

export type RecordedRequest = FakeRequest;

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

/** UserGems' argument order: status, code, message. */
function rejection(status: number, code: string, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, code, expected);
}

export class UsergemsFake {
  readonly contacts = new Map<string, z.infer<typeof contactSchema>>();
  readonly accounts = new Map<string, z.infer<typeof accountSchema>>();
  readonly privacyDeleted: string[] = [];

  private constructor(private readonly http: DeclaredFake) {}

  static async start(options: { apiKey?: string } = {}): Promise<UsergemsFake> {
    const apiKey = options.apiKey ?? "ug-test-key";
    const answer = (message: string) => ({ body: { message } });
    return startDeclared<UsergemsFake>(
      (self) => ({
        unknownRouteCode: "NOT_FOUND",
        errorBody: (rejected) => ({ message: rejected.message, code: rejected.code }),
        authorize: (request) => {
          if (request.headers["x-api-key"] !== apiKey) throw rejection(401, "UNAUTHORIZED", "Invalid API key", true);
        },
        routes: [
          { method: "POST", path: "/v1/contact", handle: (r) => answer(self().addContact(r)) },
          { method: "DELETE", path: "/v1/contact", handle: (r) => answer(self().deleteContact(r)) },
          { method: "POST", path: "/v1/account", handle: (r) => answer(self().addAccount(r)) },
          { method: "DELETE", path: "/v1/account", handle: (r) => answer(self().deleteAccount(r)) },
          { method: "POST", path: "/v1/privacy/delete", handle: (r) => answer(self().privacyDelete(r)) },
        ],
      }),
      (http) => new UsergemsFake(http),
    );
  }

  /** the API base, as UserGems' is https://api.usergems.com/v1 */
  get url(): string {
    return `${this.http.url}/v1`;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  get unexpected(): string[] {
    return this.http.unexpected;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  failNext(status: number, path?: string, body: unknown = { message: "injected", code: "INJECTED" }): void {
    this.http.failNext({ status, body }, path);
  }

  private addContact(request: RecordedRequest): string {
    const contact = this.json(request, contactSchema);
    this.contacts.set(contact.email.toLowerCase(), contact);
    return "Contact added to queue";
  }

  private deleteContact(request: RecordedRequest): string {
    const query = this.query(request, ["email"], ["relationshipType", "signal"]);
    const email = (query.email ?? "").toLowerCase();
    if (!this.contacts.has(email)) throw rejection(404, "NOT_FOUND", "Contact not found", true);
    this.contacts.delete(email);
    return "Contact deleted";
  }

  private addAccount(request: RecordedRequest): string {
    const account = this.json(request, accountSchema);
    this.accounts.set(account.domain.toLowerCase(), account);
    return "Account added";
  }

  private deleteAccount(request: RecordedRequest): string {
    const query = this.query(request, ["name", "domain"], ["reportName", "signal", "salesforceId", "customId"]);
    const domain = (query.domain ?? "").toLowerCase();
    if (!this.accounts.has(domain)) throw rejection(404, "NOT_FOUND", "Account not found", true);
    this.accounts.delete(domain);
    return "Account deleted";
  }

  private privacyDelete(request: RecordedRequest): string {
    const { email } = this.json(request, z.strictObject({ email: z.email() }));
    this.privacyDeleted.push(email);
    this.contacts.delete(email.toLowerCase());
    return "Privacy deletion requested";
  }

  private json<T>(request: RecordedRequest, schema: z.ZodType<T>): T {
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) throw rejection(406, "NOT_ACCEPTABLE", "content-type must be application/json");
    const parsed = schema.safeParse(JSON.parse(request.body || "null"));
    if (!parsed.success) throw rejection(400, "BAD_REQUEST", `invalid body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return parsed.data;
  }

  private query(request: RecordedRequest, required: readonly string[], optional: readonly string[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, value] of request.query) {
      if (!required.includes(name) && !optional.includes(name)) throw rejection(400, "BAD_REQUEST", `unknown query parameter ${name}`);
      values[name] = value;
    }
    for (const name of required) if (!values[name]) throw rejection(400, "BAD_REQUEST", `missing ${name}`);
    if (request.body !== "") throw rejection(400, "BAD_REQUEST", "a DELETE takes no body");
    return values;
  }
}
