/**
 * Signatures computed by the openssl CLI, independently of the node:crypto code under test, so a
 * verifier that assembles its signed payload wrongly cannot agree with itself.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function opensslHmac(algorithm: "sha256" | "sha1", key: Buffer | string, data: Buffer | string): Buffer {
  const hexKey = Buffer.from(key).toString("hex");
  return execFileSync("openssl", ["dgst", `-${algorithm}`, "-mac", "HMAC", "-macopt", `hexkey:${hexKey}`, "-binary"], { input: data });
}

export function opensslSha256Hex(data: Buffer | string): string {
  return execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: data }).toString("hex");
}

export interface RsaKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** the bare base64 DER a vendor UI shows */
  readonly publicKeyDerBase64: string;
}

export function opensslRsaKeyPair(): RsaKeyPair {
  const privateKeyPem = execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  const publicKeyPem = execFileSync("openssl", ["pkey", "-pubout"], { input: privateKeyPem }).toString();
  const der = execFileSync("openssl", ["pkey", "-pubout", "-outform", "DER"], { input: privateKeyPem });
  return { privateKeyPem, publicKeyPem, publicKeyDerBase64: der.toString("base64") };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** A compact RS256 JWT assembled by hand and signed by openssl. */
export function opensslRs256Jwt(privateKeyPem: string, payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const dir = mkdtempSync(path.join(tmpdir(), "jwt-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    const signature = execFileSync("openssl", ["dgst", "-sha256", "-sign", keyFile, "-binary"], { input: signingInput });
    return `${signingInput}.${base64url(signature)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
