/**
 * Comparisons that take the same time whatever the inputs: both sides are first hashed to
 * 32 bytes, so timingSafeEqual always compares equal lengths and nothing returns early on a length
 * difference (which would tell an attacker the expected signature's length, and invite probing).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export type TimestampUnit = "s" | "ms";

/** Why a timestamp is unacceptable, or undefined when it is within the tolerance either way. */
export function timestampProblem(value: string | number | undefined, unit: TimestampUnit, toleranceSeconds: number, now: Date): string | undefined {
  if (value === undefined || value === "") return "missing timestamp";
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) return "malformed timestamp";
  const atMs = unit === "s" ? number * 1000 : number;
  const skewMs = now.getTime() - atMs;
  if (skewMs > toleranceSeconds * 1000) return "stale timestamp";
  if (-skewMs > toleranceSeconds * 1000) return "timestamp in the future";
  return undefined;
}
