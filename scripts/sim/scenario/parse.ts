import * as fs from "node:fs";
import { ScenarioError, formatIssue } from "./errors";
import { applyOverrides } from "./overrides";
import { scenarioSchema, type Scenario } from "./schema";

/** Validates `json` (already-parsed JSON) and applies every default; throws a `ScenarioError` naming each field. */
export function parseScenario(json: unknown, source = "(inline)"): Scenario {
  const result = scenarioSchema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  throw new ScenarioError(
    source,
    result.error.issues.flatMap((issue) => formatIssue(issue, scenarioSchema)),
  );
}

/** Reads and validates a scenario file; JSON syntax errors are reported as a `ScenarioError` too. */
export function loadScenarioFile(file: string, overrides: readonly string[] = []): Scenario {
  const text = fs.readFileSync(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [`(root): not valid JSON: ${(e as Error).message}`]);
  }
  return parseScenario(applyOverrides(json, overrides), file);
}
