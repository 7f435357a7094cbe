/**
 * Broadcast generations as memories: which model answered (through which provider, for which key),
 * how many tokens it read and wrote, what it cost and how long it took, so "what did the agents
 * spend on Claude yesterday" finds them. The prompt and completion text are never stored.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { GenerationEvent } from "./types/events.js";
import { modelUrl } from "./types/normalized.js";

const count = (n: number) => n.toLocaleString("en-US");

export function formatUsd(value: number): string {
  if (value === 0) return "$0";
  return value >= 0.01 ? `$${value.toFixed(4).replace(/0+$/, "").replace(/\.$/, "")}` : `$${Number(value.toPrecision(3))}`;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function generationSummary(g: GenerationEvent): string {
  const via = g.provider ? ` via ${g.provider}` : "";
  const key = g.apiKeyName ? ` for API key "${g.apiKeyName}"` : "";
  const tokens =
    g.inputTokens !== undefined || g.outputTokens !== undefined
      ? ` read ${count(g.inputTokens ?? 0)} prompt tokens${g.cachedTokens ? ` (${count(g.cachedTokens)} cached)` : ""} and wrote ${count(g.outputTokens ?? 0)} completion tokens${g.reasoningTokens ? ` (${count(g.reasoningTokens)} reasoning)` : ""}`
      : " ran";
  const cost = g.costUsd === undefined ? "" : ` for ${formatUsd(g.costUsd)}`;
  const rerouted = g.requestedModel && g.requestedModel !== g.model ? ` (requested ${g.requestedModel})` : "";
  const outcome = g.error ? ` It failed: ${g.error}.` : g.finishReason ? ` Finish reason: ${g.finishReason}.` : "";
  const who = [g.userId ? `user ${g.userId}` : undefined, g.sessionId ? `session ${g.sessionId}` : undefined].filter(Boolean).join(", ");
  return `OpenRouter generation: ${g.model}${rerouted}${via}${key}${tokens}${cost} in ${formatDuration(g.durationMs)} on ${g.startedAt}.${outcome}${who ? ` (${who})` : ""}`;
}

export function generationToMemory(g: GenerationEvent, key: string): MemoryRecord {
  return {
    key,
    source: "openrouter",
    type: "generation",
    timestamp: g.startedAt,
    title: `${g.model} generation${g.costUsd === undefined ? "" : ` (${formatUsd(g.costUsd)})`}`,
    content: generationSummary(g),
    record: { ...g },
    url: modelUrl(g.model),
  };
}
