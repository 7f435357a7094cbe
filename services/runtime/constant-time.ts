/**
 * The one constant-time comparison of the fleet (webhook signatures and tokens, agent tokens, the
 * memory ingest token): both sides are first hashed to 32 bytes, so timingSafeEqual always compares
 * equal lengths and nothing returns early on a length difference (which would tell an attacker the
 * expected value's length, and invite probing).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}
