/**
 * Discovery of the authorization server that issues agents' tokens: RFC 8414 metadata (with the
 * OpenID Connect discovery document as the fallback), of which we need the issuer (checked against
 * the configured one) and the jwks_uri.
 */
import { z } from "zod";

const metadataSchema = z.looseObject({
  issuer: z.string().min(1),
  jwks_uri: z.url(),
});

export type IssuerMetadata = z.infer<typeof metadataSchema>;

const DISCOVERY_TIMEOUT_MS = 5_000;

/** The well-known URLs to try, in order (RFC 8414 section 3.1 inserts the suffix before the path). */
export function discoveryUrls(issuer: string): URL[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  const origin = url.origin;
  const urls = [`${origin}/.well-known/oauth-authorization-server${path}`, `${origin}/.well-known/openid-configuration${path}`];
  if (path !== "") urls.push(`${origin}${path}/.well-known/openid-configuration`);
  return urls.map((u) => new URL(u));
}

export async function discoverIssuerMetadata(issuer: string, fetchImpl: typeof fetch = fetch): Promise<IssuerMetadata> {
  const failures: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    } catch (error) {
      failures.push(`${url.pathname}: ${(error as Error).message}`);
      continue;
    }
    if (!response.ok) {
      failures.push(`${url.pathname}: HTTP ${response.status}`);
      await response.body?.cancel();
      continue;
    }
    const parsed = metadataSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      failures.push(`${url.pathname}: not authorization server metadata (issuer and jwks_uri required)`);
      continue;
    }
    if (stripSlash(parsed.data.issuer) !== stripSlash(issuer)) {
      // RFC 8414 section 3.3: a metadata document naming another issuer must not be used
      throw new Error(`issuer metadata at ${url.href} names issuer ${parsed.data.issuer}, expected ${issuer}`);
    }
    return parsed.data;
  }
  throw new Error(`no authorization server metadata for ${issuer} (${failures.join("; ")})`);
}

function stripSlash(value: string): string {
  return value.replace(/\/$/, "");
}
