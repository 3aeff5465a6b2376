/**
 * How the tasks fail: a user error (bad flag, scenario, path CSV or output folder) is one plain line per problem on
 * stderr and exit code 1; anything else is a bug, reported as one line and exit code 2. `--verbose` (Hardhat's own
 * flag) adds the stack trace. The task exits itself: Hardhat 2 prints a stack trace for any error a task throws on a
 * Linux machine without `$DISPLAY`, which it takes for CI.
 */
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** A mistake in what the user asked for, as one line: `--out /etc/passwd/x: /etc/passwd is not a directory`. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** Exit codes: 1 for a user error, 2 for an internal error (a bug). */
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

const shortPath = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
};

/** The lines a user error prints (without the task's prefix); undefined when `e` is not a user error. */
export async function userErrorLines(e: unknown): Promise<string[] | undefined> {
  const { ScenarioError } = await import("../sim/scenario");
  const { PathCsvError } = await import("../sim/paths");
  if (e instanceof ScenarioError) {
    // A problem an override caused names it (`(from --set …)`, `(from --blocks -1)`): the file is not to blame.
    const where = e.source === "--set" ? "" : `${shortPath(e.source)}: `;
    return e.problems.map((p) => (/\(from --/.test(p) ? p : `${where}${p}`));
  }
  if (e instanceof UserError || e instanceof PathCsvError) return [(e as Error).message];
  return undefined;
}

/** The first line of an error's message. */
const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0];

/**
 * Runs a task body; on an error prints it as above and exits. `verbose`: also print the stack trace.
 */
export async function userErrors<T>(taskName: string, fn: () => Promise<T>, verbose = false): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const lines = await userErrorLines(e);
    if (lines) {
      for (const line of lines) process.stderr.write(`${taskName}: ${line}\n`);
      if (verbose) process.stderr.write(`${(e as Error).stack ?? ""}\n`);
      process.exit(EXIT_USER_ERROR);
    }
    process.stderr.write(
      `${taskName}: internal error: ${firstLine(e)}` +
        (verbose ? `\n${(e as Error)?.stack ?? ""}\n` : " (run again with --verbose for the stack trace)\n"),
    );
    process.exit(EXIT_INTERNAL_ERROR);
  }
}

/** Whether Hardhat's `--verbose` was given. */
export const isVerbose = (hre: HardhatRuntimeEnvironment) => hre.hardhatArguments.verbose === true;

/** A whole-number flag given as text (`--blocks 120`); the scenario schema checks its range. */
export function intFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UserError(`${flag}: "${text}" is not a whole number`);
  return Number(text);
}

/** A number flag given as text (`--raise 12.5`); the scenario schema checks its range. */
export function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) throw new UserError(`${flag}: "${text}" is not a number`);
  return x;
}
