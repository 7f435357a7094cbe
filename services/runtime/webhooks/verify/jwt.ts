/**
 * RS256 JWT in a header (Gong): the token is verified against the rule's public key with jose,
 * must carry `exp`, and its claims must equal values computed from the request (e.g. webhook_url =
 * the URL the platform called, body_sha256 = hex SHA-256 of the raw body). Its validity is bounded:
 * an `iat` more than a small skew in the future is refused (a signer whose clock is wrong, or a
 * token minted ahead to be replayed later), and so is a lifetime (exp - iat, or without iat, what is
 * left until exp) beyond a bound, which would leave a captured token usable for longer.
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
  /** tolerance on exp and nbf; default 5 s */
  readonly clockToleranceSeconds?: number;
  /** how far in the future `iat` may lie (the signer's clock running ahead); default 60 s */
  readonly issuedAtSkewSeconds?: number;
  /** the longest lifetime accepted: exp - iat, or exp - now when there is no iat; default 3600 s */
  readonly maxLifetimeSeconds?: number;
  readonly clock?: Clock;
}

export const DEFAULT_ISSUED_AT_SKEW_SECONDS = 60;
export const DEFAULT_MAX_LIFETIME_SECONDS = 3600;

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
    const lifetime = checkLifetime(payload, clock.now(), options);
    if (lifetime !== undefined) return { ok: false, reason: lifetime };
    for (const [name, expected] of Object.entries(options.claims(request))) {
      const actual = payload[name];
      if (typeof actual !== "string" || !safeEqual(actual, expected)) return { ok: false, reason: `claim ${name} does not match` };
    }
    return { ok: true };
  };
}

/** Why the token's iat or lifetime is refused, or undefined when both are within bounds (exp is checked by jose). */
function checkLifetime(payload: Record<string, unknown>, now: Date, options: Rs256JwtOptions): string | undefined {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const skew = options.issuedAtSkewSeconds ?? DEFAULT_ISSUED_AT_SKEW_SECONDS;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const exp = payload.exp as number; // required and checked to be a number by jwtVerify
  const iat = payload.iat; // checked to be a number when present by jwtVerify
  if (typeof iat === "number") {
    if (iat > nowSeconds + skew) return `token issued in the future (iat ${iat - nowSeconds} s ahead; at most ${skew} s allowed)`;
    if (exp - iat > maxLifetime) return `token lifetime ${exp - iat} s exceeds ${maxLifetime} s`;
    return undefined;
  }
  if (exp - nowSeconds > maxLifetime) return `token valid for another ${exp - nowSeconds} s without iat, beyond ${maxLifetime} s`;
  return undefined;
}
