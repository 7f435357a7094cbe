/**
 * Incremental sync of the team's Figma files (`files`), from a checkpoint on the files'
 * `last_modified`. Figma has no "changed since" query, but listing a project's files is one cheap
 * Tier 2 call that carries each file's last change: so a run lists the team's projects and their
 * files (1 + one call per project), keeps the files changed after the checkpoint, and for each of
 * them, oldest change first, reads its versions and comments (two Tier 2 calls) to say who saved,
 * named or commented what since the last run. The checkpoint moves after each file, so an
 * interrupted run resumes at the next file.
 *
 * It closes the gaps webhooks leave (Figma retries a failed delivery only a few times): edits,
 * named versions, and comments on changed files. A comment on a file whose content did not change
 * does not move the file's last_modified, so only the FILE_COMMENT webhook sees it.
 */
import { z } from "zod";
import { UpstreamError, type SyncDefinition, type SyncPage, type ToolContext } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { FigmaApi } from "./api/index.js";
import { fileActivityToMemories } from "./memory.js";
import type { RawProjectFile } from "./types/raw.js";

/** Versions read per changed file (Figma's maximum page); older ones of a first run are not fetched. */
export const VERSIONS_PER_FILE = 50;

const checkpointSchema = z.strictObject({
  /** the newest last_modified fully processed */
  since: z.iso.datetime({ offset: true }),
  /** keys of the files at exactly `since` already processed (several files can share an instant) */
  done: z.array(z.string()).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

const BEGINNING: Checkpoint = { since: new Date(0).toISOString() };

interface ChangedFile {
  readonly file: RawProjectFile;
  readonly projectName: string;
}

async function changedFiles(api: FigmaApi, teamId: string, from: Checkpoint, signal: AbortSignal): Promise<ChangedFile[]> {
  const since = Date.parse(from.since);
  const done = new Set(from.done ?? []);
  const { projects } = await api.listTeamProjects(teamId, signal);
  const changed: ChangedFile[] = [];
  for (const project of projects) {
    const { files } = await api.listProjectFiles(project.id, signal);
    for (const file of files) {
      const at = Date.parse(file.last_modified);
      if (at > since || (at === since && !done.has(file.key))) changed.push({ file, projectName: project.name });
    }
  }
  return changed.sort((a, b) => Date.parse(a.file.last_modified) - Date.parse(b.file.last_modified) || a.file.key.localeCompare(b.file.key));
}

async function* syncFiles(checkpoint: string | undefined, { api, signal }: ToolContext<FigmaApi>): AsyncGenerator<SyncPage> {
  const teamId = api.defaultTeamId;
  if (teamId === undefined) throw new UpstreamError("figma", 400, false, "the files sync needs FIGMA_TEAM_ID: the team whose projects it reads");
  let position = readCheckpoint(checkpoint, checkpointSchema, "Figma") ?? BEGINNING;
  const runSince = Date.parse(position.since);
  const files = await changedFiles(api, teamId, position, signal);
  if (files.length === 0) {
    yield { records: [], checkpoint: JSON.stringify(position), total: 0 };
    return;
  }
  for (const { file, projectName } of files) {
    const { versions } = await api.listVersions(file.key, { pageSize: VERSIONS_PER_FILE }, signal);
    const comments = await api.listComments(file.key, signal);
    const records = fileActivityToMemories({
      file,
      projectName,
      versions: versions.filter((v) => Date.parse(v.created_at) > runSince),
      comments: comments.filter((c) => Date.parse(c.created_at) > runSince),
    });
    const at = new Date(file.last_modified).toISOString();
    position = at === position.since ? { since: at, done: [...(position.done ?? []), file.key] } : { since: at, done: [file.key] };
    yield { records, checkpoint: JSON.stringify(position), total: files.length };
  }
}

export const syncs: readonly SyncDefinition<FigmaApi>[] = [{ object: "files", run: syncFiles }];
