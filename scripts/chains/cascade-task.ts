/**
 * `npx hardhat cascade --scenario chains/<name>` (or a JSON file with `"kind": "two-chain"`): the two-chain run.
 * scripts/tasks/cascade.ts hands such a scenario here. Runs the scenario with the crash on A and once more without
 * it (the counterfactual "caused by A" subtracts), each on two fresh in-process chains stepped by one clock, and
 * writes the run's folder (scripts/chains/outputs.ts). Flags: --seed, --blocks (ticks of the shared clock = blocks
 * of B; the run lasts blocks x B's block time), --borrowers (per chain), --set path=value, --out, --json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { runDirName } from "../report/write-run";
import { prepareOutDir } from "../tasks/out-dir";
import { runContagion, type ContagionResult } from "./contagion/run";
import { chainRunSummary, liquidationsCsv, pricesSvg, reportHtml, ticksCsv, type ChainRunSummary } from "./outputs";
import { isChainScenarioFile, loadChainScenario, type ChainScenario } from "./scenario";

export interface ChainCascadeArgs {
  readonly scenario: string;
  readonly seed?: string;
  readonly blocks?: number;
  readonly borrowers?: number;
  readonly out: string;
  readonly json: boolean;
  readonly set: readonly string[];
}

/** The two-chain presets (`chains/<name>`), sorted. */
export function chainPresetNames(root = path.join(__dirname, "..", "..")): string[] {
  const dir = path.join(root, "scenarios", "chains");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => `chains/${f.replace(/\.json$/, "")}`)
    .sort();
}

/** The two-chain scenario file `nameOrFile` names (a file, or `scenarios/<name>.json`); null when it is not one. */
export function twoChainScenarioFile(root: string, nameOrFile: string): string | null {
  const candidates = [nameOrFile, path.join(root, "scenarios", `${nameOrFile}.json`)];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  return file && isChainScenarioFile(file) ? file : null;
}

/** The flags as `--set` overrides (they win over --set). --blocks counts ticks, which are B's blocks. */
function flagSets(args: ChainCascadeArgs, file: string): string[] {
  const sets = [...args.set];
  if (args.seed !== undefined) sets.push(`seed=${JSON.stringify(args.seed)}`);
  if (args.borrowers !== undefined) sets.push(`borrowersPerChain=${args.borrowers}`);
  if (args.blocks !== undefined) {
    // B's block time as the file (and --set) give it, so the duration is that many of B's blocks.
    const b = loadChainScenario(file, sets).spec.chains[1].blockTimeSec;
    sets.push(`durationSec=${args.blocks * b}`);
  }
  return sets;
}

export interface ChainRun {
  readonly name: string;
  readonly scenario: ChainScenario;
  readonly withCrash: ContagionResult;
  readonly noCrash: ContagionResult;
  readonly summary: ChainRunSummary;
}

/** Runs a two-chain scenario and its counterfactual without the crash on A. */
export async function runChainScenario(
  hre: HardhatRuntimeEnvironment,
  name: string,
  scenario: ChainScenario,
  onPhase?: (phase: string) => void,
): Promise<ChainRun> {
  const spec = scenario.spec;
  onPhase?.("two chains, with the crash on A");
  const withCrash = await runContagion(hre, spec);
  onPhase?.("the same without the crash (counterfactual)");
  const noCrash = await runContagion(hre, { ...spec, crash: { ...spec.crash, drop: 0 } });
  return {
    name,
    scenario,
    withCrash,
    noCrash,
    summary: chainRunSummary(name, scenario.description, spec, withCrash, noCrash),
  };
}

/** The run's files, name -> content. */
export function chainRunFiles(run: ChainRun): [string, string][] {
  const json = (x: unknown) => JSON.stringify(x, null, 2) + "\n";
  const svg = pricesSvg(run.withCrash);
  return [
    ["scenario.json", json({ kind: "two-chain", description: run.scenario.description, ...run.scenario.spec })],
    ["summary.json", json(run.summary)],
    ["ticks.csv", ticksCsv(run.withCrash)],
    ["liquidations.csv", liquidationsCsv(run.withCrash)],
    ["prices.svg", svg],
    ["report.html", reportHtml(run.summary, svg)],
  ];
}

/** Writes the run's folder `<out>/<name>-<seed>-<time>/` (atomically: a temporary folder renamed). */
export function writeChainRun(run: ChainRun, outDir: string, now = new Date()): string {
  fs.mkdirSync(outDir, { recursive: true });
  const dir = path.join(outDir, runDirName(run.name, run.scenario.spec.seed, now));
  if (fs.existsSync(dir)) throw new Error(`run directory already exists: ${dir}`);
  const tmp = fs.mkdtempSync(path.join(outDir, `.tmp-${path.basename(dir)}-`));
  try {
    for (const [name, content] of chainRunFiles(run)) fs.writeFileSync(path.join(tmp, name), content);
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

function printSummary(s: ChainRunSummary, dir: string) {
  const n = (x: number | null) => (x === null ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: 0 }));
  const lines = [
    `${s.scenario} (seed ${s.seed}): ${s.ticks} ticks`,
    ...s.chains.map(
      (c) =>
        `  chain ${c.name}: ${c.blocks} blocks, ${c.liquidations} liquidations (first at ${n(c.firstLiquidationSec)} s), ` +
        `bad debt ${n(c.badDebt)} USDC, underwater ${n(c.underwater)} USDC, lowest price ${n(c.minAmmPrice)}`,
    ),
    `  contagion: first liquidation on B − on A ${n(s.contagion.firstLiquidationDelaySec)} s; caused by A on B: ` +
      `${s.contagion.liquidationsOnBCausedByA} liquidations, bad debt ${n(s.contagion.badDebtOnBCausedByA)} USDC, ` +
      `underwater ${n(s.contagion.underwaterOnBCausedByA)} USDC`,
    `  written to ${dir}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

/** The cascade task's body for a two-chain scenario file. */
export async function cascadeTwoChains(file: string, args: ChainCascadeArgs, hre: HardhatRuntimeEnvironment) {
  const scenario = loadChainScenario(file, flagSets(args, file));
  const outDir = prepareOutDir(args.out);
  const scenariosDir = path.join(hre.config.paths.root, "scenarios");
  const rel = path.relative(scenariosDir, path.resolve(file));
  const name = rel.startsWith("..") || path.isAbsolute(rel) ? path.basename(file, ".json") : rel.replace(/\.json$/, "");
  const started = Date.now();
  const run = await runChainScenario(
    hre,
    name,
    scenario,
    (p) => !args.json && process.stderr.write(`${p}… (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
  );
  const dir = writeChainRun(run, outDir);
  if (args.json) process.stdout.write(JSON.stringify({ outDir: dir, ...run.summary }, null, 2) + "\n");
  else printSummary(run.summary, dir);
  return { dir, run };
}
