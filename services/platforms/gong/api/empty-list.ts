import { UpstreamError } from "../../../runtime/contract.js";

/**
 * Gong answers a list request that matches nothing with HTTP 404 and
 * `{"errors": ["No calls found corresponding to the provided filters"]}` rather than an empty
 * page. For list endpoints that is an empty result, not a failure.
 */
export async function emptyWhenNotFound<T>(request: Promise<T>, empty: T): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) return empty;
    throw error;
  }
}
