/**
 * Runs one risk-control comparison and prints its table and reading (the section docs/RISK-CONTROLS.md would get):
 *   COMPARISON=stale-oracle npx hardhat run scripts/tasks/compare.ts
 *   COMPARISON=circuit-breaker SMALL=1 npx hardhat run scripts/tasks/compare.ts   # the tests' small worlds
 *   COMPARISON=isolation JSON=1 npx hardhat run scripts/tasks/compare.ts          # the rows as JSON
 * Ids: circuit-breaker, dynamic-risk, isolation, oracle-manipulation, stale-oracle.
 */
import hre from "hardhat";
import { COMPARISONS } from "../sim/comparisons";
import { comparisonTable } from "../report/comparison-doc";

async function main() {
  const id = process.env.COMPARISON;
  const entry = COMPARISONS.find((c) => c.id === id);
  if (!entry) {
    throw new Error(`COMPARISON: "${id ?? ""}" is not one of ${COMPARISONS.map((c) => c.id).join(", ")}`);
  }
  const c = await entry.run(hre, { small: process.env.SMALL === "1" });
  if (process.env.JSON === "1") process.stdout.write(JSON.stringify(c, null, 2) + "\n");
  else process.stdout.write(`${c.title}\n\n${comparisonTable(c)}\n\n${c.finding}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error && e.message.startsWith("COMPARISON:") ? e.message : e);
  process.exitCode = 1;
});
