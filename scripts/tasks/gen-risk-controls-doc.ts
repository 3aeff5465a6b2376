/**
 * Writes docs/RISK-CONTROLS.md by running every risk-control comparison (scripts/sim/comparisons/index.ts) on its
 * presets: `npx hardhat run scripts/tasks/gen-risk-controls-doc.ts` (a few minutes on 2 cores). The hand-written
 * part of each section is docs/risk-controls/<id>.md; tables and readings come from the runs.
 *   RISK_DOC_ONLY=circuit-breaker,isolation   only these sections (a quick look; the others are left out)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { COMPARISONS } from "../sim/comparisons";
import { comparisonDoc } from "../report/comparison-doc";
import type { Comparison } from "../sim/comparisons/types";

const DOCS = path.join(__dirname, "..", "..", "docs");

async function main() {
  const t0 = Date.now();
  const only = process.env.RISK_DOC_ONLY?.split(",");
  const sections: { c: Comparison; text: string | null }[] = [];
  for (const { id, run } of COMPARISONS) {
    if (only && !only.includes(id)) continue;
    process.stderr.write(`${id}…\n`);
    const c = await run(hre);
    const textFile = path.join(DOCS, "risk-controls", `${id}.md`);
    sections.push({ c, text: fs.existsSync(textFile) ? fs.readFileSync(textFile, "utf8") : null });
  }
  const doc = comparisonDoc(sections, { generatedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 });
  const out = path.join(DOCS, "RISK-CONTROLS.md");
  fs.writeFileSync(`${out}.tmp`, doc);
  fs.renameSync(`${out}.tmp`, out); // a failed run leaves the last document intact
  process.stderr.write(`wrote docs/RISK-CONTROLS.md (${sections.length} controls)\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
