/**
 * Incremental batch sync of Asana tasks: every project of the workspace (ASANA_WORKSPACE_ID, else
 * every workspace the token sees), its tasks modified since the last run (`GET /tasks?project=
 * &modified_since=`, 100 a page). Asana's webhooks deliver at most once; this closes their gaps.
 *
 * Asana lists a project's tasks in project order, not by modification time, so there is no keyset:
 * a run fixes `until` (its start) and walks the projects in gid order; the checkpoint records the
 * project in progress, and a resumed run starts that project again (its memories have the same
 * keys, so nothing is stored twice). A finished run moves `since` to `until` minus a small overlap
 * for clock skew between us and Asana.
 *
 * Not covered (Asana's API shape, said in SETUP.md): subtasks that are in no project, and tasks
 * that live only in someone's My Tasks; the webhook and the tools still see them.
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import { type AsanaApi, PAGE_LIMIT, collect } from "./api/index.js";
import { taskToMemory } from "./memory.js";

export const SYNC_PAGE_SIZE = PAGE_LIMIT;
/** a finished run's `since` stays this far behind its start */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** far more projects than a workspace holds; a bound, not a target */
const MAX_PROJECTS = 100_000;

const checkpointSchema = z.strictObject({
  /** tasks modified at or after this are read (absent: every task) */
  since: z.iso.datetime({ offset: true }).optional(),
  /** the run in progress: its end and the project it had reached */
  run: z.strictObject({ until: z.iso.datetime({ offset: true }), project: z.string().min(1) }).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

/** Asana gids are decimal strings of varying length: numeric order. */
function compareGids(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

async function projectsToSync(api: AsanaApi, signal: AbortSignal): Promise<string[]> {
  const workspaces = api.defaultWorkspace ? [api.defaultWorkspace] : (await collect((offset) => api.listWorkspaces(offset, signal), 1_000)).map((w) => w.gid);
  const projects: string[] = [];
  for (const workspace of workspaces) {
    const found = await collect((offset) => api.listProjects({ workspace, archived: false, limit: PAGE_LIMIT, ...(offset ? { offset } : {}) }, signal), MAX_PROJECTS);
    projects.push(...found.map((p) => p.gid));
  }
  return [...new Set(projects)].sort(compareGids);
}

async function* syncTasks(checkpoint: string | undefined, { api, signal, clock }: ToolContext<AsanaApi>): AsyncGenerator<SyncPage> {
  const resumed: Checkpoint = readCheckpoint(checkpoint, checkpointSchema, "Asana") ?? {};
  const since = resumed.since;
  const until = resumed.run?.until ?? clock.now().toISOString();
  const settled = (): string => new Date(Date.parse(until) - CLOCK_SKEW_MS).toISOString();
  const state = (project: string | undefined): string =>
    JSON.stringify((project === undefined ? { since: settled() } : { ...(since ? { since } : {}), run: { until, project } }) satisfies Checkpoint);

  const projects = (await projectsToSync(api, signal)).filter((gid) => resumed.run === undefined || compareGids(gid, resumed.run.project) >= 0);
  if (projects.length === 0) {
    yield { records: [], checkpoint: state(undefined) };
    return;
  }
  for (const [index, project] of projects.entries()) {
    let offset: string | undefined;
    do {
      const page = await api.listTasks({ project, modifiedSince: since, limit: SYNC_PAGE_SIZE, offset, full: true }, signal);
      offset = page.next;
      const records = page.items.map((task) => taskToMemory(task, { key: `asana:task:${task.gid}:${task.modified_at ?? ""}` }));
      // mid-project: the checkpoint keeps this project (a resumed run reads it again from its start)
      yield { records, checkpoint: state(offset === undefined ? projects[index + 1] : project) };
    } while (offset !== undefined);
  }
}

export const syncs: readonly SyncDefinition<AsanaApi>[] = [{ object: "tasks", run: syncTasks }];
