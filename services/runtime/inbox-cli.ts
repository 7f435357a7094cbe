/**
 * Inspect and re-drive a server's webhook inbox: `npm run inbox -- <platform> list | retry <id> |
 * retry-all | status`. Locally it works on the fleet's data directory (.data/<platform>, or
 * FLEET_DATA_DIR); inside a pod the same command (`node dist/services/runtime/inbox-cli.js ...`,
 * the platform defaulting to MCP_PLATFORM) finds the inbox from INBOX_DIR. `--data-dir` names a
 * server's data directory explicitly. Safe while the server runs: the inbox is SQLite in WAL mode,
 * and a re-driven event is picked up by the running worker within its poll interval.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { inboxPath } from "./webhooks/inbox.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const INBOX_USAGE = `usage: npm run inbox -- <platform> <command> [--data-dir DIR]
commands:
  status          pending, retrying and dead events, and the oldest pending event's age
  list            the dead-lettered events: id, when received, attempts, type, key, last error
  retry <id>      re-drive one dead-lettered event (it is processed again, from attempt 1)
  retry-all       re-drive every dead-lettered event
--data-dir DIR    the server's data directory, or the local fleet's (npm start --data-dir DIR)
                  (default: INBOX_DIR's parent in a pod, else $FLEET_DATA_DIR/<platform> or
                  .data/<platform> of the local fleet)`;

export class InboxCliError extends Error {
  override readonly name = "InboxCliError";
}

interface DeadRow {
  readonly id: number;
  readonly dedupe_key: string;
  readonly type: string;
  readonly attempts: number;
  readonly received_at: number;
  readonly finished_at: number | null;
  readonly last_error: string | null;
}

/** Runs one command; returns what to print. Throws InboxCliError for bad input. */
export function runInboxCommand(argv: readonly string[], env: NodeJS.ProcessEnv, now: () => number = Date.now): string {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) return INBOX_USAGE;
  const commands = new Set(["status", "list", "retry", "retry-all"]);
  // the platform may be omitted inside a pod (MCP_PLATFORM)
  const [first, ...rest] = positionals;
  const [platform, command, ...args] = first !== undefined && commands.has(first) && env.MCP_PLATFORM ? [env.MCP_PLATFORM, first, ...rest] : positionals;
  if (platform === undefined) throw new InboxCliError(`no platform given\n${INBOX_USAGE}`);
  if (!/^[a-z][a-z0-9_]*$/.test(platform)) throw new InboxCliError(`"${platform}" is not a platform name\n${INBOX_USAGE}`);
  if (command === undefined || !commands.has(command)) {
    throw new InboxCliError(`${command === undefined ? "no command given" : `unknown command "${command}"`}\n${INBOX_USAGE}`);
  }
  const dataDir = values["data-dir"] ?? defaultDataDir(platform, env);
  let file = inboxPath(path.resolve(dataDir), platform);
  // --data-dir as npm start takes it (the fleet's, which holds <platform>/): that platform's folder
  const inFleetDir = inboxPath(path.resolve(dataDir, platform), platform);
  if (values["data-dir"] !== undefined && !existsSync(file) && existsSync(inFleetDir)) file = inFleetDir;
  if (!existsSync(file)) throw new InboxCliError(`no inbox for ${platform} at ${file} (has its server received a webhook with this data directory? --data-dir names another)`);
  const db = new DatabaseSync(file, { timeout: 5_000 });
  try {
    db.exec("PRAGMA journal_mode = WAL;");
    switch (command) {
      case "status":
        return status(db, platform, now());
      case "list":
        return list(db, platform);
      case "retry": {
        const id = args[0];
        if (id === undefined || !/^\d+$/.test(id)) throw new InboxCliError(`retry needs the id of a dead-lettered event (see: npm run inbox -- ${platform} list)`);
        const changed = redrive(db, now(), Number(id));
        if (changed === 0) throw new InboxCliError(`event ${id} is not a dead letter in the ${platform} inbox (see: npm run inbox -- ${platform} list)`);
        return `re-driven event ${id}: the ${platform} server processes it again within a second or two (npm run inbox -- ${platform} status)`;
      }
      default: {
        const changed = redrive(db, now());
        return changed === 0 ? `no dead letters in the ${platform} inbox` : `re-driven ${changed} dead-lettered event${changed === 1 ? "" : "s"} in the ${platform} inbox`;
      }
    }
  } finally {
    db.close();
  }
}

function defaultDataDir(platform: string, env: NodeJS.ProcessEnv): string {
  if (env.INBOX_DIR && (env.MCP_PLATFORM === undefined || env.MCP_PLATFORM === platform)) return path.dirname(path.resolve(env.INBOX_DIR));
  return path.join(env.FLEET_DATA_DIR ? path.resolve(env.FLEET_DATA_DIR) : path.join(REPO_ROOT, ".data"), platform);
}

function status(db: DatabaseSync, platform: string, now: number): string {
  const row = db
    .prepare(
      `SELECT
         SUM(state IN ('pending', 'processing')) AS pending,
         SUM(state IN ('pending', 'processing') AND last_error IS NOT NULL) AS retrying,
         SUM(state = 'dead') AS dead,
         MIN(CASE WHEN state IN ('pending', 'processing') THEN received_at END) AS oldest,
         (SELECT last_error FROM events WHERE state IN ('pending', 'processing') AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS last_error
       FROM events`,
    )
    .get() as { pending: number | null; retrying: number | null; dead: number | null; oldest: number | null; last_error: string | null };
  const lines = [
    `${platform} inbox: ${row.pending ?? 0} pending (${row.retrying ?? 0} retrying), ${row.dead ?? 0} dead`,
    ...(row.oldest === null ? [] : [`oldest pending: received ${formatAge(now - row.oldest)} ago`]),
    ...(row.last_error ? [`last failure: ${row.last_error}`] : []),
  ];
  return lines.join("\n");
}

function list(db: DatabaseSync, platform: string): string {
  const rows = db
    .prepare("SELECT id, dedupe_key, type, attempts, received_at, finished_at, last_error FROM events WHERE state = 'dead' ORDER BY id")
    .all() as unknown as DeadRow[];
  if (rows.length === 0) return `no dead letters in the ${platform} inbox`;
  const table = rows.map((r) => [String(r.id), new Date(r.received_at).toISOString(), String(r.attempts), r.type, r.dedupe_key, r.last_error ?? ""]);
  const header = ["id", "received", "attempts", "type", "key", "last error"];
  const widths = header.map((h, col) => Math.max(h.length, ...table.map((r) => Math.min(60, r[col]!.length))));
  const line = (cells: readonly string[]) => cells.map((c, col) => (col === cells.length - 1 ? c : c.slice(0, 60).padEnd(widths[col]!))).join("  ");
  return [line(header), ...table.map(line), "", `re-drive: npm run inbox -- ${platform} retry <id>   or   retry-all`].join("\n");
}

/** Dead letters back to pending, from attempt 1 and ready now; returns how many. */
function redrive(db: DatabaseSync, now: number, id?: number): number {
  const sql = `UPDATE events SET state = 'pending', attempts = 0, available_at = ?, finished_at = NULL, lease_until = NULL WHERE state = 'dead'${id === undefined ? "" : " AND id = ?"}`;
  const statement = db.prepare(sql);
  return Number((id === undefined ? statement.run(now) : statement.run(now, id)).changes);
}

/** "45 s", "4 min", "2.5 h": how long an event has waited (the status page says it the same way) */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(runInboxCommand(process.argv.slice(2), process.env));
  } catch (error) {
    if (error instanceof InboxCliError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
