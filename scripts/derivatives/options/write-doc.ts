/**
 * Regenerates the measured sections of docs/derivatives-options.md from contract calls: the margin-acceleration table
 * and the gas per pricing / per margin check. Run: `npx hardhat run scripts/derivatives/options/write-doc.ts`
 * (npm run docs:options). Only the text between the `<!-- generated:NAME -->` markers changes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { accelerationMarkdown, change, measureMarginAcceleration } from "./margin-acceleration";
import { measureGas, gasMarkdown } from "./gas";

const DOC = "docs/derivatives-options.md";

function replaceSection(doc: string, name: string, body: string): string {
  const begin = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${DOC}: markers for ${name} not found`);
  return `${doc.slice(0, a + begin.length)}\n${body}\n${doc.slice(b)}`;
}

async function main() {
  const table = await measureMarginAcceleration([1, 7, 30], [100n, 200n, 500n, 1_000n]);
  const five = table.movesBps.indexOf(500n);
  const oneDay = change(table.rows[0].before, table.rows[0].after[five]);
  const thirty = change(table.rows[2].before, table.rows[2].after[five]);
  const summary =
    `With spot +5%, the 1-day call's maintenance margin rises ${(oneDay * 100).toFixed(1)}% and the 30-day call's ` +
    `${(thirty * 100).toFixed(1)}%: ${(oneDay / thirty).toFixed(2)} times as much.`;
  const gas = await measureGas();
  let doc = readFileSync(DOC, "utf8");
  doc = replaceSection(doc, "margin-acceleration", `${accelerationMarkdown(table)}\n\n${summary}`);
  doc = replaceSection(doc, "gas", gasMarkdown(gas));
  writeFileSync(DOC, doc);
  console.log(summary);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
