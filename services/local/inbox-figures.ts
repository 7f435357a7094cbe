/**
 * What each local server's webhook inbox holds, read from its /metrics (the same gauges a cluster's
 * Prometheus scrapes), so the status page can say "12 events waiting for memory (oldest 4 min)".
 */
export interface InboxFigures {
  readonly pending: number;
  readonly retrying: number;
  readonly dead: number;
  readonly oldestAgeSeconds: number;
  readonly waitingFor?: "memory" | "platform";
}

const GAUGES = {
  mcp_inbox_depth: "pending",
  mcp_inbox_retrying: "retrying",
  mcp_inbox_dead_letters: "dead",
  mcp_inbox_oldest_age_seconds: "oldestAgeSeconds",
  mcp_inbox_waiting_for_memory: "memory",
  mcp_inbox_waiting_for_platform: "platform",
} as const;

/** Parses the inbox gauges of `platform` from Prometheus text; undefined when the server has no inbox. */
export function parseInboxFigures(text: string, platform: string): InboxFigures | undefined {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(mcp_inbox_[a-z_]+)\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!match || !(match[1]! in GAUGES) || !match[2]!.split(",").includes(`platform="${platform}"`)) continue;
    values.set(GAUGES[match[1] as keyof typeof GAUGES], Number(match[3]));
  }
  if (!values.has("pending")) return undefined;
  const waitingFor = values.get("memory") === 1 ? "memory" : values.get("platform") === 1 ? "platform" : undefined;
  return {
    pending: values.get("pending") ?? 0,
    retrying: values.get("retrying") ?? 0,
    dead: values.get("dead") ?? 0,
    oldestAgeSeconds: values.get("oldestAgeSeconds") ?? 0,
    ...(waitingFor ? { waitingFor } : {}),
  };
}

export async function scrapeInboxFigures(port: number, platform: string, timeoutMs: number): Promise<InboxFigures | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return response.ok ? parseInboxFigures(text, platform) : undefined;
}

/** One line for people, or undefined when the inbox is drained and nothing is dead. */
export function describeInbox(figures: InboxFigures | undefined, platform: string): string[] {
  if (figures === undefined) return [];
  const lines: string[] = [];
  if (figures.pending > 0 && (figures.waitingFor !== undefined || figures.retrying > 0)) {
    const what = figures.waitingFor === "platform" ? `the ${platform} API` : "memory";
    lines.push(`${figures.pending} event${figures.pending === 1 ? "" : "s"} waiting for ${what} (oldest ${formatAge(figures.oldestAgeSeconds)})`);
  }
  if (figures.dead > 0) {
    lines.push(`${figures.dead} dead-lettered event${figures.dead === 1 ? "" : "s"}: npm run inbox -- ${platform} list`);
  }
  return lines;
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}
