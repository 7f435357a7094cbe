/**
 * The webhook state of a server with a memory server (MEMORY_URL): the memory server's /state
 * store is the truth every replica shares, and this server's inbox kv table a local copy.
 *
 * - set: the memory server first (it throws when the value could not be stored there, so a
 *   handshake is never acknowledged with a secret the other replicas cannot read), then the copy.
 * - get: the memory server's value, refreshing the copy. While the memory server cannot be
 *   reached, the copy answers (a replica that has seen a secret keeps verifying through an
 *   outage). A value only the copy holds (stored before the server had a memory server) is
 *   written to the memory server, so the other replicas read it from then on.
 * Values are never logged; keys are.
 */
import type { Logger } from "pino";
import type { KeyValueState } from "../contract.js";

export function sharedWebhookState(options: { readonly local: KeyValueState; readonly shared: KeyValueState; readonly log: Logger }): KeyValueState {
  const { local, shared, log } = options;
  let unreachableSince: number | undefined;

  const reached = () => {
    if (unreachableSince === undefined) return;
    log.info({ afterMs: Date.now() - unreachableSince }, "webhook state: the memory server answers again");
    unreachableSince = undefined;
  };

  return {
    async get(key) {
      let value: string | undefined;
      try {
        value = await shared.get(key);
      } catch (error) {
        if (unreachableSince === undefined) {
          unreachableSince = Date.now();
          log.warn({ key, error: error instanceof Error ? error.message : String(error) }, "webhook state: the memory server cannot be read; using this server's copy");
        }
        return local.get(key);
      }
      reached();
      const copy = await local.get(key);
      if (value !== undefined) {
        if (copy !== value) await local.set(key, value);
        return value;
      }
      if (copy !== undefined) {
        try {
          await shared.set(key, copy);
          log.info({ key }, "webhook state: a value only this server held is now on the memory server");
        } catch (error) {
          log.warn({ key, error: error instanceof Error ? error.message : String(error) }, "webhook state: could not copy a local value to the memory server");
        }
      }
      return copy;
    },
    async set(key, value) {
      await shared.set(key, value);
      reached();
      await local.set(key, value);
    },
  };
}
