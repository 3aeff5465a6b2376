import { expect } from "chai";
import * as fs from "node:fs";
import { loadScenarioFile } from "../../scripts/sim/scenario";
import { renderScenarioReference } from "../../scripts/sim/scenario/docs";
import { SCENARIO_REFERENCE } from "../../scripts/tasks/gen-scenario-docs";
import { presetFile, presetNames } from "../../scripts/sim/presets";

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

  it("every preset in scenarios/ and its subfolders is valid", () => {
    const names = presetNames();
    expect(names).to.include.members(["default", "historical/luna-2022", "risk/isolation", "risk/oracle-attack"]);
    for (const name of names) loadScenarioFile(presetFile(name));
  });
});
