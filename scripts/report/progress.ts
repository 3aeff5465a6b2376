/**
 * Progress of a long task on stderr: a bar redrawn in place on a terminal, or a line every tenth of the way when
 * stderr is a file or a pipe (CI logs), each with the time left estimated from the blocks done so far.
 */

/** Width of the bar, in characters. */
const BAR_WIDTH = 30;
/** Without a terminal, a line is printed each time this share of the blocks more is done. */
const LOG_STEP = 0.1;
const SECONDS_PER_MINUTE = 60;

/** `7 s`, `2 min 05 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < SECONDS_PER_MINUTE) return `${s} s`;
  return `${Math.floor(s / SECONDS_PER_MINUTE)} min ${String(s % SECONDS_PER_MINUTE).padStart(2, "0")} s`;
}

/**
 * Seconds left at the pace so far: `elapsedSeconds` for `doneSince` blocks, `total - done` to go; null before
 * any block is timed.
 */
export function etaSeconds(done: number, total: number, doneSince: number, elapsedSeconds: number): number | null {
  if (doneSince <= 0) return null;
  return (elapsedSeconds / doneSince) * (total - done);
}

/** `block 40/120 ██████████░░░░░░░░░░░░░░░░░░░░  33%, about 25 s left` (`bar` false: no bar). */
export function progressText(label: string, done: number, total: number, eta: number | null, bar = true): string {
  const share = total > 0 ? done / total : 1;
  const filled = Math.round(BAR_WIDTH * share);
  const drawn = bar ? ` ${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}` : "";
  const pct = `${Math.floor(100 * share)}%`.padStart(4);
  const left = done >= total ? "done" : eta === null ? "timing…" : `about ${formatDuration(eta)} left`;
  return `${label} ${done}/${total}${drawn} ${pct}, ${left}`;
}

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * An `onBlock(done, total)` callback drawing progress on `sink` (stderr by default). `label` prefixes each line
 * (`block`, `run 2/8, block`); `now` is the clock in milliseconds (injected by tests).
 */
export function blockProgress(
  label = "block",
  sink: ProgressSink = process.stderr,
  now: () => number = Date.now,
): (done: number, total: number) => void {
  let start: { at: number; done: number } | undefined;
  let lastLogged = -1;
  return (done, total) => {
    const t = now();
    // Timed from the end of the first block reported: the setup before it says nothing about the blocks' pace.
    start ??= { at: t, done };
    const shown = etaSeconds(done, total, done - start.done, (t - start.at) / 1000);
    if (sink.isTTY) {
      sink.write(`\r${progressText(label, done, total, shown)}`);
      if (done >= total) sink.write("\n");
      return;
    }
    const step = Math.floor(done / (total * LOG_STEP));
    if (step > lastLogged || done >= total) {
      lastLogged = step;
      sink.write(`${progressText(label, done, total, shown, false)}\n`);
    }
  };
}
