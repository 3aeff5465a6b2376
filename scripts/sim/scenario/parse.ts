import * as fs from "node:fs";
import { contractBoundProblems } from "./contract-bounds";
import { ScenarioError, formatIssue } from "./errors";
import { applyOverrides, overrideSource } from "./overrides";
import { scenarioSchema, type Scenario } from "./schema";

/**
 * Validates `json` (already-parsed JSON), applies every default, then checks the bounds the contracts enforce
 * (contract-bounds.ts), so nothing out of a contract's range reaches a deploy; throws a `ScenarioError` naming each
 * field.
 */
export function parseScenario(json: unknown, source = "(inline)"): Scenario {
  const result = scenarioSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    throw new ScenarioError(
      source,
      result.error.issues.flatMap((issue) => formatIssue(issue, scenarioSchema)),
    );
  }
  const problems = contractBoundProblems(result.data);
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return result.data;
}

/**
 * Reads and validates a scenario file; JSON syntax errors are reported as a `ScenarioError` too. A problem in a
 * field an override set names that override (`(from --set oracle.latencySeconds=1e12)`).
 */
export function loadScenarioFile(file: string, overrides: readonly string[] = []): Scenario {
  const text = fs.readFileSync(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [`(root): not valid JSON: ${(e as Error).message}`]);
  }
  try {
    return parseScenario(applyOverrides(json, overrides), file);
  } catch (e) {
    if (!(e instanceof ScenarioError) || e.source === "--set" || overrides.length === 0) throw e;
    const annotated = e.problems.map((p) => {
      const set = overrideSource(p.slice(0, p.indexOf(":")), overrides);
      return set === undefined ? p : `${p} (from --set ${set})`;
    });
    throw new ScenarioError(file, annotated);
  }
}
