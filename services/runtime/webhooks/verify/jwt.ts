/**
 * RS256 JWT in a header (Gong): the token is verified against the rule's public key with jose,
 * must carry `exp`, and its claims must equal values computed from the request (e.g. webhook_url =
 * the URL the platform called, body_sha256 = hex SHA-256 of the raw body).
 */
import { errors, importSPKI, jwtVerify, type CryptoKey, type KeyObject } from "jose";
import type { Clock, RawWebhookRequest, WebhookVerifier } from "../../contract.js";
import { safeEqual } from "../../constant-time.js";

export interface Rs256JwtOptions {
  /** PEM, or the bare base64 DER that vendor UIs show (wrapped as PEM here) */
  readonly publicKey: string;
  /** lower-case header name; "Bearer " in front of the token is optional */
  readonly header?: string;
  /** claim name → the value it must have for this request */
  readonly claims: (request: RawWebhookRequest) => Readonly<Record<string, string>>;
  readonly clockToleranceSeconds?: number;
  readonly clock?: Clock;
}

/** Wraps bare base64 DER (SubjectPublicKeyInfo) as a PEM block. */
export function toPublicKeyPem(key: string): string {
  if (key.includes("-----BEGIN")) return key.replace(/\\n/g, "\n");
  const body = key.replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

export function rs256Jwt(options: Rs256JwtOptions): WebhookVerifier {
  const header = (options.header ?? "authorization").toLowerCase();
  const clock = options.clock ?? { now: () => new Date() };
  let key: Promise<CryptoKey | KeyObject> | undefined;

  return async (request) => {
    const value = request.headers[header];
    if (value === undefined || value === "") return { ok: false, reason: `missing ${header} header` };
    const token = value.replace(/^Bearer\s+/i, "").trim();
    key ??= importSPKI(toPublicKeyPem(options.publicKey), "RS256");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, await key, {
        algorithms: ["RS256"],
        requiredClaims: ["exp"],
        currentDate: clock.now(),
        clockTolerance: options.clockToleranceSeconds ?? 5,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: "token expired" };
      if (error instanceof errors.JOSEError) return { ok: false, reason: `invalid token (${error.code})` };
      return { ok: false, reason: "invalid token" };
    }
    for (const [name, expected] of Object.entries(options.claims(request))) {
      const actual = payload[name];
      if (typeof actual !== "string" || !safeEqual(actual, expected)) return { ok: false, reason: `claim ${name} does not match` };
    }
    return { ok: true };
  };
}
