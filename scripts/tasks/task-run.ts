/**
 * What `cascade` and `gas-war` share around a run: loading the scenario with the flags' overrides (errors name the
 * flag that caused them), refusing a run that could only produce an empty report, and writing the run's files
 * without losing the summary when the write fails.
 */
import { ScenarioError, loadScenarioFile, type Scenario } from "../sim/scenario";
import { overrideSource } from "../sim/scenario/overrides";
import { UserError } from "./cli-errors";

/** One scenario override and, when a task flag made it, that flag as the user typed it (`--blocks -1`). */
export interface Override {
  set: string;
  flag?: string;
}

/** `--set` values (as given) first, then the flags' overrides, which win. */
export const overridesOf = (sets: readonly string[], flags: readonly Override[]): Override[] => [
  ...sets.map((set) => ({ set })),
  ...flags,
];

/**
 * Loads and validates the scenario with its overrides; a problem caused by a flag names the flag
 * (`blocks: must be >= 1 (got -1) (from --blocks -1)`). A scenario without borrowers is refused: nothing could be
 * liquidated and the report would be empty.
 */
export function loadRunScenario(file: string, overrides: readonly Override[]): Scenario {
  const sets = overrides.map((o) => o.set);
  const relabel = (problem: string) => {
    let out = problem;
    for (const o of overrides) if (o.flag) out = out.replace(`(from --set ${o.set})`, `(from ${o.flag})`);
    return out;
  };
  let scenario: Scenario;
  try {
    scenario = loadScenarioFile(file, sets);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ScenarioError(e.source, e.problems.map(relabel));
    throw e;
  }
  if (scenario.borrowers.count < 1) {
    const from = overrideSource("borrowers.count", sets);
    throw new ScenarioError(file, [
      relabel(
        `borrowers.count: must be >= 1 for a run (with no borrowers nothing can be liquidated and the report ` +
          `would be empty) (got ${scenario.borrowers.count})${from ? ` (from --set ${from})` : ""}`,
      ),
    ]);
  }
  return scenario;
}

/** The outcome of writing a run: its folder, or the error that kept it from being written. */
export type WriteOutcome = { dir: string; error?: undefined } | { dir: null; error: unknown };

/** Runs `write`, keeping its error instead of throwing, so the summary can still be printed. */
export function tryWrite(write: () => string): WriteOutcome {
  try {
    return { dir: write() };
  } catch (error) {
    return { dir: null, error };
  }
}

/** The error to raise after the summary was printed, when the run's files could not be written. */
export function notWrittenError(outDir: string, error: unknown, files: readonly string[]): UserError {
  const err = error as NodeJS.ErrnoException;
  const why = err.code ? `${err.code}: ${err.message}` : String(err.message ?? err);
  return new UserError(
    `could not write the run into ${outDir} (${why}); nothing was written there (${files.join(", ")}): ` +
      "the summary above is all that is left of this run",
  );
}
