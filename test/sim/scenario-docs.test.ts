import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadScenarioFile } from "../../scripts/sim/scenario";
import { renderScenarioReference } from "../../scripts/sim/scenario/docs";
import { SCENARIO_REFERENCE } from "../../scripts/tasks/gen-scenario-docs";

describe("scenario reference and presets", () => {
  it("docs/scenario-reference.md equals the generated output (run scripts/tasks/gen-scenario-docs.ts)", () => {
    expect(fs.readFileSync(SCENARIO_REFERENCE, "utf8")).to.equal(renderScenarioReference());
  });

  it("documents every leaf field with a unit and a description", () => {
    const doc = renderScenarioReference();
    const rows = doc.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.length).to.be.greaterThan(60);
    for (const row of rows) {
      const [field, unit, , description] = row.split(" | ");
      expect(unit, `${field} has no unit`).to.not.equal("");
      expect(description.replace(/ \|$/, ""), `${field} has no description`).to.not.equal("");
    }
    expect(doc).to.include("| `oracle.latencySeconds` | seconds | `12` |");
  });

  it("every preset in scenarios/ is valid", () => {
    const dir = path.join(__dirname, "..", "..", "scenarios");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files).to.include("default.json");
    for (const f of files) loadScenarioFile(path.join(dir, f));
  });
});
