/** Body digests and timestamp windows shared by the verifiers. */
import { createHash } from "node:crypto";

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
