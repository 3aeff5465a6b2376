/**
 * The generated block of docs/engine.md's "Measured" section, filled from bench/results.json (`npm run bench` calls
 * it after writing the results; to refill it from the existing file without running the bench:
 * `npx ts-node --transpile-only scripts/bench/engine-doc.ts [results.json]`). Everything between the two markers is
 * replaced; the rest of engine.md is left as it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gb, type BenchResults } from "./results";
import type { SimSample } from "./speed";

export const START = "<!-- bench:measured:start (generated from bench/results.json by scripts/bench/engine-doc.ts) -->";
export const END = "<!-- bench:measured:end -->";

const n = (x: number) => x.toLocaleString("en-US");
const s1 = (x: number) => x.toFixed(1);

/** The block between the markers (without them): the simulation-speed rows of the bench, and where they come from. */
export function measuredBlock(r: Pick<BenchResults, "generatedAt" | "machine" | "sim" | "system">): string {
  const row = (label: string, x: SimSample) =>
    `| ${label}${n(x.borrowers)} borrowers x ${n(x.blocks)} blocks | ${n(x.liquidations)} | ${s1(x.wallSeconds)} s | ` +
    `${s1(x.setupSeconds)} s (opening ${s1(x.openSeconds)} s) | ${s1(x.runSeconds)} s | ` +
    `${x.msPerLiquidation === null ? "–" : x.msPerLiquidation.toFixed(0)} | ${gb(x.peakRssMb)} GB |`;
  const rows = r.sim.map((x) => row("", x));
  if (r.system) rows.push(row("3 markets x 3 assets, ", r.system));
  const system = r.system
    ? " The last row is `scenarios/system/fund-three-markets.json` scaled to the population (`scaledSystem`)."
    : " The three-market, three-asset row is not in these results (`npm run bench -- --only system` runs it alone).";
  const by = (b: number) => r.sim.find((x) => x.borrowers === b);
  const [small, large] = [by(1000), by(5000)];
  const scale =
    small && large
      ? ` 5,000 borrowers liquidated ${n(large.liquidations)} positions against ${n(small.liquidations)} for 1,000 ` +
        `(×${(large.liquidations / Math.max(1, small.liquidations)).toFixed(2)}).`
      : " 5,000 borrowers run only with `npm run bench -- --full`.";
  return [
    `Measured by \`npm run bench\` on ${r.generatedAt.slice(0, 10)} (${r.machine.cpu}, ${r.machine.cores} cores; ` +
      "raw figures in `bench/results.json`, the full tables in [BENCHMARKS.md](BENCHMARKS.md)): the default preset " +
      "scaled to the population, keepers scaled with it, each size in its own process." +
      scale +
      system,
    "",
    "| run | liquidations | wall time | setup | block loop | loop ms per liquidation | peak memory |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

/** `doc` with the text between the markers replaced by `block`; throws if the markers are missing. */
export function fillMeasured(doc: string, block: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`engine.md: markers "${START}" … "${END}" not found`);
  return `${doc.slice(0, a + START.length)}\n\n${block}\n\n${doc.slice(b)}`;
}

export const ENGINE_DOC = path.join(__dirname, "..", "..", "docs", "engine.md");

/** Rewrites docs/engine.md's generated block from `results`. */
export function writeEngineMeasured(results: BenchResults, file = ENGINE_DOC): void {
  const text = fillMeasured(fs.readFileSync(file, "utf8"), measuredBlock(results));
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

if (require.main === module) {
  const given = process.argv[2] ?? path.join(__dirname, "..", "..", "bench", "results.json");
  writeEngineMeasured(JSON.parse(fs.readFileSync(given, "utf8")) as BenchResults);
  process.stderr.write(`wrote docs/engine.md (Measured, from ${given})\n`);
}
