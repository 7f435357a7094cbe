/**
 * A progress bar for syncs run from a terminal. A few lines of our own rather than a dependency:
 * one line redrawn in place on stderr (at most ten times a second), with count, rate and, when the
 * total is known, a bar and an ETA. When stderr is not a TTY it draws nothing; logs and metrics
 * carry the progress there.
 */

export interface ProgressSnapshot {
  readonly processed: number;
  readonly failed: number;
  readonly pages: number;
  /** total records when the platform says it; otherwise undefined */
  readonly total?: number;
}

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  /** draw the final state and end the line */
  finish(snapshot: ProgressSnapshot): void;
}

/** What the bar needs of a stream: process.stderr satisfies it. */
export interface TerminalStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export const silentProgress: ProgressReporter = { update() {}, finish() {} };

export interface ProgressBarOptions {
  readonly label: string;
  readonly stream?: TerminalStream;
  readonly now?: () => number;
  /** minimum time between redraws */
  readonly redrawEveryMs?: number;
}

/** A bar on `stream` (default stderr) when it is a TTY, else a reporter that does nothing. */
export function terminalProgress(options: ProgressBarOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return silentProgress;
  const now = options.now ?? Date.now;
  const redrawEveryMs = options.redrawEveryMs ?? 100;
  const startedAt = now();
  let lastDrawAt = Number.NEGATIVE_INFINITY;

  const draw = (snapshot: ProgressSnapshot): void => {
    const line = formatProgressLine(options.label, snapshot, now() - startedAt, stream.columns ?? 80);
    stream.write(`\r\x1b[2K${line}`);
  };
  return {
    update(snapshot) {
      const at = now();
      if (at - lastDrawAt < redrawEveryMs) return;
      lastDrawAt = at;
      draw(snapshot);
    },
    finish(snapshot) {
      draw(snapshot);
      stream.write("\n");
    },
  };
}

/** One line of progress, cut to `columns`. Pure, so the layout is testable. */
export function formatProgressLine(label: string, snapshot: ProgressSnapshot, elapsedMs: number, columns: number): string {
  const handled = snapshot.processed + snapshot.failed;
  const rate = elapsedMs > 0 ? (handled * 1000) / elapsedMs : 0;
  const parts = [label];
  if (snapshot.total !== undefined && snapshot.total > 0) {
    const fraction = Math.min(1, handled / snapshot.total);
    parts.push(`${bar(fraction, 20)} ${Math.floor(fraction * 100)}%`, `${count(handled)}/${count(snapshot.total)}`);
  } else {
    parts.push(`${count(handled)} records`);
  }
  parts.push(`${snapshot.pages} pages`, `${rate.toFixed(rate < 10 ? 1 : 0)} rec/s`);
  if (snapshot.failed > 0) parts.push(`${count(snapshot.failed)} failed`);
  if (snapshot.total !== undefined && rate > 0 && handled < snapshot.total) {
    parts.push(`ETA ${duration(((snapshot.total - handled) / rate) * 1000)}`);
  } else {
    parts.push(`elapsed ${duration(elapsedMs)}`);
  }
  const line = parts.join("  ");
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
