/**
 * Value-based redaction: every credential value this process loaded is replaced wherever it
 * appears in a log line or an error message, whatever field or message it ended up in. Path-based
 * redaction (pino's `redact`) only covers the places we thought of; this covers the rest.
 */
export const REDACTED = "[REDACTED]";

/** Values shorter than this are not scrubbed: replacing "ab" everywhere would shred every line. */
const MIN_SCRUBBED_LENGTH = 4;

export interface SecretScrubber {
  scrub(text: string): string;
}

export function createSecretScrubber(secretValues: readonly string[]): SecretScrubber {
  const needles = new Set<string>();
  for (const value of secretValues) {
    if (value.length < MIN_SCRUBBED_LENGTH) continue;
    needles.add(value);
    // the same value as it appears inside a JSON string (log lines are JSON)
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) needles.add(escaped);
  }
  // longest first, so a secret that contains another is replaced whole
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return { scrub: (text) => text };
  return {
    scrub(text) {
      let result = text;
      for (const needle of ordered) {
        if (result.includes(needle)) result = result.split(needle).join(REDACTED);
      }
      return result;
    },
  };
}
