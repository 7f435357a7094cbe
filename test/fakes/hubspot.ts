/**
 * A HubSpot API on loopback: a small in-memory CRM that speaks the documented v3 objects and
 * search, v4 associations, owners, pipelines and OAuth token endpoints, in HubSpot's own shapes
 * (string property values, `paging.next.after`, `{status:"error", category}` errors, 10,000-result
 * search cap, X-HubSpot-RateLimit-* headers).
 *
 * It checks what we send: the Bearer token, JSON bodies against the documented request shapes
 * (strict: unknown fields are rejected), query parameters, association type ids. Anything it does
 * not recognise is answered 400/404 and listed in `unexpected`, which tests assert is empty.
 * Declared on the fake toolkit (test/support/loopback.ts): the routes below and the CRM fixtures.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, formBody, jsonBody, startDeclared } from "../support/loopback.js";

export const CRM_TYPES = ["contacts", "companies", "deals", "tickets", "notes", "tasks"] as const;
export type FakeObjectType = (typeof CRM_TYPES)[number];

export interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}
export interface StoredAssociation {
  readonly fromType: FakeObjectType;
  readonly fromId: string;
  readonly toType: FakeObjectType;
  readonly toId: string;
  readonly typeId: number;
  readonly label: string | null;
}
export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

const MODIFIED_PROPERTY: Record<FakeObjectType, string> = {
  contacts: "lastmodifieddate",
  companies: "hs_lastmodifieddate",
  deals: "hs_lastmodifieddate",
  tickets: "hs_lastmodifieddate",
  notes: "hs_lastmodifieddate",
  tasks: "hs_lastmodifieddate",
};
const DATE_PROPERTIES = new Set(["createdate", "lastmodifieddate", "hs_lastmodifieddate", "closedate", "hs_timestamp"]);
/** HubSpot-defined engagement association type ids (HubSpot's association type table). */
const ENGAGEMENT_TYPE_IDS: Record<string, number> = {
  "notes:contacts": 202, "notes:companies": 190, "notes:deals": 214, "notes:tickets": 228,
  "tasks:contacts": 204, "tasks:companies": 192, "tasks:deals": 216, "tasks:tickets": 230,
};
/** Default (unlabeled) record-to-record association type ids. */
const DEFAULT_TYPE_IDS: Record<string, number> = {
  "contacts:companies": 279, "companies:contacts": 280, "deals:contacts": 3, "contacts:deals": 4,
  "deals:companies": 341, "companies:deals": 342, "tickets:contacts": 16, "contacts:tickets": 15,
  "tickets:companies": 339, "companies:tickets": 340, "deals:tickets": 27, "tickets:deals": 28,
};

const filterSchema = z.strictObject({
  propertyName: z.string().min(1),
  operator: z.enum(["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]),
  value: z.string().optional(),
  highValue: z.string().optional(),
  values: z.array(z.string()).optional(),
});
const searchBodySchema = z.strictObject({
  filterGroups: z.array(z.strictObject({ filters: z.array(filterSchema).max(10) })).max(5).optional(),
  sorts: z.array(z.strictObject({ propertyName: z.string(), direction: z.enum(["ASCENDING", "DESCENDING"]) })).max(1).optional(),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  after: z.string().regex(/^\d+$/).optional(),
});
const createBodySchema = z.strictObject({
  properties: z.record(z.string(), z.string()),
  associations: z
    .array(
      z.strictObject({
        to: z.strictObject({ id: z.string() }),
        types: z.array(z.strictObject({ associationCategory: z.literal("HUBSPOT_DEFINED"), associationTypeId: z.number().int() })).min(1),
      }),
    )
    .optional(),
});
const updateBodySchema = z.strictObject({ properties: z.record(z.string(), z.string()) });

/** HubSpot's argument order: status, category, message. */
function rejection(status: number, category: string, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, category, expected);
}

function asComparable(property: string, value: string): number | string {
  if (DATE_PROPERTIES.has(property)) return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return value !== "" && Number.isFinite(Number(value)) ? Number(value) : value.toLowerCase();
}

export interface HubspotOAuthApp {
  clientId: string;
  clientSecret: string;
  /** the refresh token the app holds now */
  refreshToken: string;
  /** rotate: every refresh issues a new refresh token and the one it used stops working */
  rotate?: boolean;
  /** how many refresh tokens were issued so far (rotation only) */
  issued?: number;
}

export class HubspotFake extends DeclaredPlatformFake {
  readonly objects = new Map<FakeObjectType, Map<string, StoredObject>>(CRM_TYPES.map((type) => [type, new Map()]));
  readonly associations: StoredAssociation[] = [];
  readonly acceptedTokens = new Set<string>();
  owners: { id: string; email: string; firstName: string; lastName: string; userId: number; archived: boolean }[] = [];
  pipelines: Record<"deals" | "tickets", unknown[]> = { deals: [], tickets: [] };
  oauth?: HubspotOAuthApp;
  private nextId = 1000;

  private constructor(http: DeclaredFake, token: string) {
    super(http);
    this.acceptedTokens.add(token);
  }

  static async start(options: { token?: string } = {}): Promise<HubspotFake> {
    return startDeclared<HubspotFake>((self) => {
      const type = (request: FakeRequest, name: string) => self().type(request.params[name]);
      return {
        contentType: "application/json;charset=utf-8",
        headers: { "x-hubspot-ratelimit-max": "100", "x-hubspot-ratelimit-remaining": "99", "x-hubspot-ratelimit-interval-milliseconds": "10000" },
        unknownRouteCode: "OBJECT_NOT_FOUND",
        errorBody: (rejection) =>
          rejection.code === "BAD_REFRESH_TOKEN"
            ? // the OAuth endpoint's own shape: the code in `status`
              { status: rejection.code, message: rejection.message, correlationId: randomUUID() }
            : { status: "error", message: rejection.message, correlationId: randomUUID(), category: rejection.code },
        authorize: (request) => {
          const authorization = request.headers.authorization;
          const token = typeof authorization === "string" ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
          if (token === undefined || !self().acceptedTokens.has(token)) {
            throw rejection(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.", true);
          }
        },
        routes: [
          { method: "POST", path: "/oauth/v1/token", public: true, handle: (r) => self().token(r) },
          { method: "POST", path: "/crm/v3/objects/:type(\\w+)/search", handle: (r) => self().search(type(r, "type"), r) },
          { method: "POST", path: "/crm/v3/objects/:type(\\w+)", handle: (r) => self().create(type(r, "type"), r) },
          { method: "GET", path: "/crm/v3/objects/:type(\\w+)/:id", handle: (r) => self().get(type(r, "type"), r.params.id ?? "", r) },
          { method: "PATCH", path: "/crm/v3/objects/:type(\\w+)/:id(\\d+)", handle: (r) => self().update(type(r, "type"), r.params.id ?? "", r) },
          {
            method: "GET",
            path: "/crm/v4/objects/:from(\\w+)/:id(\\d+)/associations/:to(\\w+)",
            handle: (r) => self().listAssociations(type(r, "from"), r.params.id ?? "", type(r, "to"), r),
          },
          {
            method: "PUT",
            path: "/crm/v4/objects/:from(\\w+)/:fromId(\\d+)/associations/default/:to(\\w+)/:toId(\\d+)",
            handle: (r) => self().associateDefault(type(r, "from"), r.params.fromId ?? "", type(r, "to"), r.params.toId ?? "", r),
          },
          { method: "GET", path: "/crm/v3/owners", handle: (r) => self().listOwners(r) },
          { method: "GET", path: "/crm/v3/pipelines/:type(deals|tickets)", handle: (r) => ({ status: 200, body: { results: self().pipelines[r.params.type as "deals" | "tickets"] } }) },
        ],
      };
    }, (http) => new HubspotFake(http, options.token ?? "pat-na1-test"));
  }

  addObject(type: FakeObjectType, properties: Record<string, string>, at: { createdAt?: string; updatedAt?: string } = {}): StoredObject {
    const id = String(this.nextId++);
    const createdAt = at.createdAt ?? new Date().toISOString();
    const updatedAt = at.updatedAt ?? createdAt;
    const object = { id, createdAt, updatedAt, properties: { ...properties, hs_object_id: id, createdate: createdAt, [MODIFIED_PROPERTY[type]]: updatedAt } };
    this.store(type).set(id, object);
    return object;
  }

  touch(type: FakeObjectType, id: string, properties: Record<string, string>, updatedAt: string): void {
    const object = this.store(type).get(id);
    if (!object) throw new Error(`no ${type} ${id}`);
    Object.assign(object.properties, properties, { [MODIFIED_PROPERTY[type]]: updatedAt });
    object.updatedAt = updatedAt;
  }

  associate(fromType: FakeObjectType, fromId: string, toType: FakeObjectType, toId: string, typeId: number, label: string | null = null): void {
    this.associations.push({ fromType, fromId, toType, toId, typeId, label });
  }

  store(type: FakeObjectType): Map<string, StoredObject> {
    const store = this.objects.get(type);
    if (!store) throw new Error(`unknown type ${type}`);
    return store;
  }

  private type(name: string | undefined): FakeObjectType {
    if (!CRM_TYPES.includes(name as FakeObjectType)) throw rejection(400, "VALIDATION_ERROR", `unknown object type ${name}`);
    return name as FakeObjectType;
  }

  private present(type: FakeObjectType, object: StoredObject, properties: readonly string[]): Record<string, unknown> {
    const names = new Set([...properties, "hs_object_id", "createdate", MODIFIED_PROPERTY[type]]);
    return {
      id: object.id,
      properties: Object.fromEntries([...names].map((name) => [name, object.properties[name] ?? null])),
      createdAt: object.createdAt,
      updatedAt: object.updatedAt,
      archived: false,
    };
  }

  private matches(object: StoredObject, filter: z.infer<typeof filterSchema>): boolean {
    const raw = object.properties[filter.propertyName];
    if (filter.operator === "HAS_PROPERTY") return raw !== undefined && raw !== "";
    if (filter.operator === "NOT_HAS_PROPERTY") return raw === undefined || raw === "";
    if (raw === undefined) return false;
    const value = asComparable(filter.propertyName, raw);
    const wanted = asComparable(filter.propertyName, filter.value ?? "");
    switch (filter.operator) {
      case "EQ": return value === wanted;
      case "NEQ": return value !== wanted;
      case "LT": return value < wanted;
      case "LTE": return value <= wanted;
      case "GT": return value > wanted;
      case "GTE": return value >= wanted;
      case "BETWEEN": return value >= wanted && value <= asComparable(filter.propertyName, filter.highValue ?? "");
      case "IN": return (filter.values ?? []).map((v) => asComparable(filter.propertyName, v)).includes(value);
      case "NOT_IN": return !(filter.values ?? []).map((v) => asComparable(filter.propertyName, v)).includes(value);
      case "CONTAINS_TOKEN": return raw.toLowerCase().includes((filter.value ?? "").toLowerCase().replace(/\*/g, ""));
      case "NOT_CONTAINS_TOKEN": return !raw.toLowerCase().includes((filter.value ?? "").toLowerCase().replace(/\*/g, ""));
    }
  }

  private search(type: FakeObjectType, request: RecordedRequest): { status: number; body: unknown } {
    const body = jsonBody(request, searchBodySchema, "VALIDATION_ERROR");
    const limit = body.limit ?? 10;
    const offset = Number(body.after ?? "0");
    if (offset + limit > 10_000) throw rejection(400, "VALIDATION_ERROR", "Search results are limited to 10,000; narrow the query");
    let found = [...this.store(type).values()].filter(
      (object) =>
        (body.filterGroups === undefined || body.filterGroups.length === 0 || body.filterGroups.some((group) => group.filters.every((filter) => this.matches(object, filter)))) &&
        (body.query === undefined || Object.values(object.properties).some((value) => value.toLowerCase().includes(body.query?.toLowerCase() ?? ""))),
    );
    const sort = body.sorts?.[0];
    found = found.sort((a, b) => {
      if (!sort) return Number(a.id) - Number(b.id);
      const left = asComparable(sort.propertyName, a.properties[sort.propertyName] ?? "");
      const right = asComparable(sort.propertyName, b.properties[sort.propertyName] ?? "");
      const order = left < right ? -1 : left > right ? 1 : Number(a.id) - Number(b.id);
      return sort.direction === "ASCENDING" ? order : -order;
    });
    const page = found.slice(offset, offset + limit);
    const next = offset + limit < found.length ? String(offset + limit) : undefined;
    return {
      status: 200,
      body: {
        total: found.length,
        results: page.map((object) => this.present(type, object, body.properties ?? [])),
        ...(next ? { paging: { next: { after: next, link: `${this.url}/crm/v3/objects/${type}/search?after=${next}` } } } : {}),
      },
    };
  }

  private get(type: FakeObjectType, id: string, request: RecordedRequest): { status: number; body: unknown } {
    const idProperty = request.query.get("idProperty");
    const object = idProperty
      ? [...this.store(type).values()].find((candidate) => candidate.properties[idProperty] === id)
      : this.store(type).get(id);
    if (!object) throw rejection(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.", true);
    const properties = (request.query.get("properties") ?? "").split(",").filter(Boolean);
    const presented = this.present(type, object, properties);
    const wanted = (request.query.get("associations") ?? "").split(",").filter(Boolean).map((name) => this.type(name));
    const associations = Object.fromEntries(
      wanted
        .map((toType) => [toType, this.associations.filter((a) => a.fromType === type && a.fromId === object.id && a.toType === toType)] as const)
        .filter(([, list]) => list.length > 0)
        .map(([toType, list]) => [toType, { results: list.map((a) => ({ id: a.toId, type: `${type.slice(0, -1)}_to_${toType.slice(0, -1)}` })) }]),
    );
    return { status: 200, body: Object.keys(associations).length > 0 ? { ...presented, associations } : presented };
  }

  private create(type: FakeObjectType, request: RecordedRequest): { status: number; body: unknown } {
    const body = jsonBody(request, createBodySchema, "VALIDATION_ERROR");
    if ((type === "notes" || type === "tasks") && !body.properties.hs_timestamp) {
      throw rejection(400, "VALIDATION_ERROR", "hs_timestamp is required");
    }
    const links = (body.associations ?? []).map((association) => {
      const typeId = association.types[0]?.associationTypeId ?? 0;
      const target = Object.entries(ENGAGEMENT_TYPE_IDS).find(([, id]) => id === typeId)?.[0]?.split(":");
      if (!target || target[0] !== type) throw rejection(400, "VALIDATION_ERROR", `association type ${typeId} is not valid from ${type}`);
      const toType = this.type(target[1]);
      if (!this.store(toType).has(association.to.id)) throw rejection(400, "VALIDATION_ERROR", `${toType} ${association.to.id} does not exist`);
      return { toType, toId: association.to.id, typeId };
    });
    const object = this.addObject(type, body.properties);
    for (const link of links) this.associate(type, object.id, link.toType, link.toId, link.typeId);
    return { status: 201, body: this.present(type, object, Object.keys(body.properties)) };
  }

  private update(type: FakeObjectType, id: string, request: RecordedRequest): { status: number; body: unknown } {
    const body = jsonBody(request, updateBodySchema, "VALIDATION_ERROR");
    const object = this.store(type).get(id);
    if (!object) throw rejection(404, "OBJECT_NOT_FOUND", "Object not found", true);
    this.touch(type, id, body.properties, new Date(Math.max(Date.now(), Date.parse(object.updatedAt) + 1)).toISOString());
    return { status: 200, body: this.present(type, object, Object.keys(object.properties)) };
  }

  private listAssociations(fromType: FakeObjectType, id: string, toType: FakeObjectType, request: RecordedRequest): { status: number; body: unknown } {
    const limit = Number(request.query.get("limit") ?? "500");
    if (!(limit >= 1 && limit <= 500)) throw rejection(400, "VALIDATION_ERROR", "limit must be 1..500");
    const offset = Number(request.query.get("after") ?? "0");
    const byTarget = new Map<string, StoredAssociation[]>();
    for (const a of this.associations.filter((a) => a.fromType === fromType && a.fromId === id && a.toType === toType)) {
      byTarget.set(a.toId, [...(byTarget.get(a.toId) ?? []), a]);
    }
    const all = [...byTarget.entries()];
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    return {
      status: 200,
      body: {
        results: page.map(([toId, list]) => ({
          toObjectId: Number(toId),
          associationTypes: list.map((a) => ({ category: a.label ? "USER_DEFINED" : "HUBSPOT_DEFINED", typeId: a.typeId, label: a.label })),
        })),
        ...(next ? { paging: { next: { after: next } } } : {}),
      },
    };
  }

  private associateDefault(fromType: FakeObjectType, fromId: string, toType: FakeObjectType, toId: string, request: RecordedRequest): { status: number; body: unknown } {
    if (request.body !== "") throw rejection(400, "VALIDATION_ERROR", "this endpoint takes no body");
    if (!this.store(fromType).has(fromId) || !this.store(toType).has(toId)) throw rejection(404, "OBJECT_NOT_FOUND", "record not found", true);
    const typeId = DEFAULT_TYPE_IDS[`${fromType}:${toType}`] ?? 1;
    const exists = this.associations.some((a) => a.fromType === fromType && a.fromId === fromId && a.toType === toType && a.toId === toId && a.typeId === typeId);
    if (!exists) {
      this.associate(fromType, fromId, toType, toId, typeId);
      this.associate(toType, toId, fromType, fromId, DEFAULT_TYPE_IDS[`${toType}:${fromType}`] ?? 1);
    }
    const now = new Date().toISOString();
    return {
      status: 200,
      body: { status: "COMPLETE", results: [{ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId } }], startedAt: now, completedAt: now },
    };
  }

  private listOwners(request: RecordedRequest): { status: number; body: unknown } {
    const limit = Number(request.query.get("limit") ?? "100");
    if (!(limit >= 1 && limit <= 500)) throw rejection(400, "VALIDATION_ERROR", "limit must be 1..500");
    const email = request.query.get("email");
    const offset = Number(request.query.get("after") ?? "0");
    const all = this.owners.filter((owner) => !owner.archived && (email === null || owner.email === email));
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    return {
      status: 200,
      body: {
        results: all.slice(offset, offset + limit).map((owner) => ({ ...owner, createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-01T00:00:00Z", teams: [{ id: "7", name: "Sales", primary: true }] })),
        ...(next ? { paging: { next: { after: next, link: `${this.url}/crm/v3/owners?after=${next}` } } } : {}),
      },
    };
  }

  private token(request: RecordedRequest): { status: number; body: unknown } {
    const form = formBody(request, "VALIDATION_ERROR");
    const oauth = this.oauth;
    if (!oauth || form.get("grant_type") !== "refresh_token" || form.get("client_id") !== oauth.clientId || form.get("client_secret") !== oauth.clientSecret || form.get("refresh_token") !== oauth.refreshToken) {
      throw rejection(400, "BAD_REFRESH_TOKEN", "missing or unknown refresh token", true);
    }
    const accessToken = `oauth-${randomUUID()}`;
    // without rotation the newest access token is the only one (a single holder); with rotation,
    // several processes hold tokens at once and each stays valid until it expires
    if (oauth.rotate !== true) this.acceptedTokens.clear();
    this.acceptedTokens.add(accessToken);
    if (oauth.rotate === true) {
      oauth.issued = (oauth.issued ?? 0) + 1;
      oauth.refreshToken = `rotated-${oauth.issued}-${randomUUID()}`;
    }
    return { status: 200, body: { token_type: "bearer", access_token: accessToken, refresh_token: oauth.refreshToken, expires_in: 1800 } };
  }
}
