/**
 * `npx hardhat cascade`: runs a scenario on the selected network and writes the report.
 * Flags: --scenario <preset name or JSON file>, --seed, --blocks, --borrowers, --out, --json, --set path=value
 * (repeatable, or comma-separated). Any scenario field can be overridden with --set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { presetNames } from "../sim/preset-names";

export interface CascadeArgs {
  scenario: string;
  seed?: string;
  blocks?: number;
  borrowers?: number;
  out: string;
  json: boolean;
  set: string[];
}

/** A preset name (`scenarios/<name>.json`) or a path to a JSON file. */
export function resolveScenarioPath(root: string, nameOrFile: string): string {
  if (fs.existsSync(nameOrFile)) return nameOrFile;
  const preset = path.join(root, "scenarios", `${nameOrFile}.json`);
  if (fs.existsSync(preset)) return preset;
  const presets = presetNames(path.join(root, "scenarios"));
  throw new Error(`--scenario: no file "${nameOrFile}" and no preset of that name (presets: ${presets.join(", ")})`);
}

export async function cascade(args: CascadeArgs, hre: HardhatRuntimeEnvironment) {
  const { loadScenarioFile } = await import("../sim/scenario");
  const { runScenario } = await import("../sim/engine");
  const { writeRun } = await import("../report/write-run");
  const { printSummary } = await import("../report/console");
  const file = resolveScenarioPath(hre.config.paths.root, args.scenario);
  const overrides = [...args.set];
  if (args.seed !== undefined) overrides.push(`seed=${JSON.stringify(args.seed)}`);
  if (args.blocks !== undefined) overrides.push(`blocks=${args.blocks}`);
  if (args.borrowers !== undefined) overrides.push(`borrowers.count=${args.borrowers}`);
  const scenario = loadScenarioFile(file, overrides);
  (await import("../sim/topology")).assertSingleMarketEngine(scenario, file); // until the world reads the topology
  const scenarioDir = path.dirname(path.resolve(file));
  const progress = !args.json && process.stderr.isTTY;
  const started = Date.now();
  const result = await runScenario(hre, scenario, {
    readCsv: (f) => fs.readFileSync(path.resolve(scenarioDir, f), "utf8"),
    onPhase: (p) => !args.json && process.stderr.write(`${p}… (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
    onBlock: (done, total) => {
      if (progress)
        process.stderr.write(`\rblock ${done}/${total} ${"█".repeat(Math.round((30 * done) / total)).padEnd(30, "░")}`);
      if (progress && done === total) process.stderr.write("\n");
    },
  });
  const dir = writeRun(
    {
      scenario,
      summary: result.summary,
      blocks: result.blocks,
      liquidations: result.liquidations,
      positions: result.positions,
    },
    {
      outDir: path.resolve(args.out),
      // The oracle-manipulation attacker's outcome, when the scenario has one.
      extraFiles: result.attack ? [{ name: "attack.json", content: JSON.stringify(result.attack, null, 2) }] : [],
    },
  );
  if (args.json) {
    const { toJson } = await import("../sim/metrics");
    process.stdout.write(toJson({ outDir: dir, ...result.summary }));
  } else {
    printSummary(result, dir);
  }
  return { dir, result };
}

task("cascade", "Runs a liquidation-cascade scenario and writes a report")
  .addOptionalParam("scenario", "Preset name (scenarios/<name>.json) or path to a scenario JSON file", "default")
  .addOptionalParam("seed", "Master seed (overrides the scenario's)", undefined, types.string)
  .addOptionalParam("blocks", "Blocks to simulate (overrides the scenario's)", undefined, types.int)
  .addOptionalParam("borrowers", "Number of borrowers (overrides borrowers.count)", undefined, types.int)
  .addOptionalParam("out", "Directory for run outputs", "out")
  .addFlag("json", "Print the summary as JSON on stdout (no progress output)")
  .addOptionalParam("set", "Scenario overrides, comma-separated: oracle.latencySeconds=12,amm.depth=5e5", "")
  .setAction(async (a: Omit<CascadeArgs, "set"> & { set: string }, hre) => {
    await hre.run("compile", { quiet: true });
    await userErrors("cascade", () => cascade({ ...a, set: a.set ? splitSets(a.set) : [] }, hre));
  });

/** Splits `a=1,b={"x":1,"y":2}` on the commas that start a new `path=`. */
export function splitSets(text: string): string[] {
  return text.split(/,(?=[A-Za-z_][\w.[\]]*=)/).filter((x) => x.length > 0);
}

/**
 * Reports a bad scenario, flag or file as one plain line on stderr and exits 1; anything else is a bug and keeps its
 * stack. Not a thrown HardhatPluginError: Hardhat 2 prints a stack trace for task errors on any Linux machine without
 * `$DISPLAY` (it takes it for CI).
 */
export async function userErrors<T>(taskName: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const { ScenarioError } = await import("../sim/scenario");
    const { PathCsvError } = await import("../sim/paths");
    const err = e as Error;
    if (e instanceof ScenarioError || e instanceof PathCsvError || /^--[a-z-]+: /.test(err.message ?? "")) {
      process.stderr.write(`${taskName}: ${err.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
