/**
 * DNS rebinding protection on /mcp: the Host header must name this server (localhost forms, the
 * pod's hostname, its in-cluster Service names, configured extras) and a browser's Origin header,
 * when present, must too. Health, metrics and webhooks are exempt: probes and scrapers address the
 * pod by IP, platforms by the public hostname, and none of them is a browser-reachable API.
 */
import { validateHostHeader, validateOriginHeader } from "@modelcontextprotocol/server";
import type { RequestHandler } from "express";

export interface HostPolicy {
  readonly allowedHostnames: readonly string[];
  readonly serviceHostPattern: RegExp;
}

export function hostGuard(policy: HostPolicy): RequestHandler {
  const allowed = [...policy.allowedHostnames];
  const accepts = (hostname: string | undefined) => hostname !== undefined && policy.serviceHostPattern.test(hostname.toLowerCase());
  return (req, res, next) => {
    const host = validateHostHeader(req.headers.host, allowed);
    if (!host.ok && !(host.errorCode === "invalid_host" && accepts(host.hostname))) {
      reject(res, `Invalid Host header: ${host.hostname ?? req.headers.host ?? "(none)"}`);
      return;
    }
    const origin = validateOriginHeader(req.headers.origin, allowed);
    if (!origin.ok && !(origin.errorCode === "invalid_origin" && accepts(origin.hostname))) {
      reject(res, `Invalid Origin header: ${req.headers.origin ?? ""}`);
      return;
    }
    next();
  };
}

function reject(res: Parameters<RequestHandler>[1], message: string): void {
  res.status(403).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}
