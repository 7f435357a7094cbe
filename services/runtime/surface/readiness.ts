/**
 * GET /readyz: the server can do its job. Each check names what is wrong; the answer is 200 with
 * an empty list, or 503 with every problem, e.g.
 *   {"status":"not ready","problems":["not configured: missing SLACK_BOT_TOKEN"]}
 * A check that throws or hangs is itself a problem, never a crash or a stuck probe.
 */
const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessCheck {
  readonly name: string;
  run(): readonly string[] | Promise<readonly string[]>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly problems: readonly string[];
}

export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runCheck(check)));
  const problems = results.flat();
  return { ready: problems.length === 0, problems };
}

async function runCheck(check: ReadinessCheck): Promise<readonly string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<readonly string[]>((resolve) => {
    timer = setTimeout(() => resolve([`${check.name}: check timed out after ${CHECK_TIMEOUT_MS} ms`]), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.run()), timeout]);
  } catch (error) {
    return [`${check.name}: check failed: ${(error as Error).message}`];
  } finally {
    clearTimeout(timer);
  }
}
