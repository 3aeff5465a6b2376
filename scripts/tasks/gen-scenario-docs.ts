/** Writes docs/scenario-reference.md from the scenario schema: `npx ts-node scripts/tasks/gen-scenario-docs.ts`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderScenarioReference } from "../sim/scenario/docs";

export const SCENARIO_REFERENCE = path.join(__dirname, "..", "..", "docs", "scenario-reference.md");

if (require.main === module) {
  fs.mkdirSync(path.dirname(SCENARIO_REFERENCE), { recursive: true });
  fs.writeFileSync(SCENARIO_REFERENCE, renderScenarioReference());
  console.log(`wrote ${path.relative(process.cwd(), SCENARIO_REFERENCE)}`);
}
