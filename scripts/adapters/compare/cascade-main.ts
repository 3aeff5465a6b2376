/**
 * The side-by-side comparison from full cascade runs (issue 17): every registered protocol's
 * `scenarios/adapters/<protocol>[-severe]` preset through the normal engine (`runScenario`, the same as `npx hardhat cascade`), each on a fresh chain, then
 * docs/protocols-cascade.md and docs/protocols-cascade.json. Run:
 *   npx hardhat run scripts/adapters/compare/cascade-main.ts
 * CASCADE_COMPARE_RENDER_ONLY=1 re-renders the page from the JSON without running.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { loadScenarioFile } from "../../sim/scenario";
import { runScenario } from "../../sim/engine";
import { cascadeMeasures, type CascadeMeasures } from "./cascade-measures";
import { renderCascadeDoc, type CascadeCompare } from "./cascade-doc";
import { protocolKinds } from "../registry";

export const SHOCKS = [
  { name: "moderate", suffix: "" },
  { name: "severe", suffix: "-severe" },
] as const;

const ROOT = path.join(__dirname, "..", "..", "..");
const DOCS = path.join(ROOT, "docs");

async function main() {
  const json = path.join(DOCS, "protocols-cascade.json");
  let results: CascadeCompare;
  if (process.env.CASCADE_COMPARE_RENDER_ONLY === "1") {
    results = JSON.parse(fs.readFileSync(json, "utf8")) as CascadeCompare;
  } else {
    results = { shocks: [] };
    for (const shock of SHOCKS) {
      const rows: CascadeMeasures[] = [];
      let description = "";
      // Every registered protocol that has its preset pair (scenarios/adapters/<protocol>[-severe].json).
      for (const protocol of protocolKinds()) {
        const preset = `adapters/${protocol}${shock.suffix}`;
        const s = loadScenarioFile(path.join(ROOT, "scenarios", `${preset}.json`));
        description = s.description ?? "";
        await hre.network.provider.send("hardhat_reset");
        process.stderr.write(`${preset}…\n`);
        rows.push(cascadeMeasures(await runScenario(hre, s)));
      }
      results.shocks.push({ name: shock.name, description, rows });
    }
    fs.writeFileSync(json, JSON.stringify(results, null, 2) + "\n");
  }
  fs.writeFileSync(path.join(DOCS, "protocols-cascade.md"), renderCascadeDoc(results));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
