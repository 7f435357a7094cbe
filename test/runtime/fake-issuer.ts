/**
 * A loopback OAuth authorization server for agent-auth tests: RFC 8414 metadata and a JWKS, plus a
 * way to mint access tokens with its key (or another key, to forge).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from "jose";

export interface FakeIssuer {
  readonly issuer: string;
  readonly metadataRequests: () => number;
  mint(claims: JWTPayload & { aud?: string | string[] }, options?: { expiresIn?: string; forged?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeIssuer(): Promise<FakeIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const forger = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  let metadataRequests = 0;
  let issuer = "";
  const server = createServer((req, res) => {
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/.well-known/oauth-authorization-server") {
      metadataRequests += 1;
      return json({ issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token`, response_types_supported: ["code"] });
    }
    if (req.url === "/jwks") return json({ keys: [jwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    metadataRequests: () => metadataRequests,
    async mint(claims, options = {}) {
      const key: CryptoKey = options.forged ? forger.privateKey : privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "key-1" })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(key);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
