/**
 * DNS rebinding protection on /mcp: the Host header must name this server (localhost forms, the
 * pod's hostname, its in-cluster Service names, configured extras) and a browser's Origin header,
 * when present, must too. Health, metrics and webhooks are exempt: probes and scrapers address the
 * pod by IP, platforms by the public hostname, and none of them is a browser-reachable API.
 */
import type { IncomingMessage } from "node:http";
import { validateHostHeader, validateOriginHeader } from "@modelcontextprotocol/server";

export interface HostPolicy {
  readonly allowedHostnames: readonly string[];
  readonly serviceHostPattern: RegExp;
}

/** undefined when the request may proceed, else why it may not */
export function hostProblem(policy: HostPolicy, req: IncomingMessage): string | undefined {
  const allowed = policy.allowedHostnames as string[];
  const accepts = (hostname: string | undefined) => hostname !== undefined && policy.serviceHostPattern.test(hostname.toLowerCase());
  const host = validateHostHeader(req.headers.host, allowed);
  if (!host.ok && !(host.errorCode === "invalid_host" && accepts(host.hostname))) {
    return `Invalid Host header: ${host.hostname ?? req.headers.host ?? "(none)"}`;
  }
  const origin = validateOriginHeader(req.headers.origin, allowed);
  if (!origin.ok && !(origin.errorCode === "invalid_origin" && accepts(origin.hostname))) {
    return `Invalid Origin header: ${req.headers.origin ?? ""}`;
  }
  return undefined;
}
