/**
 * `npx hardhat cascade`: runs a scenario on the selected network and writes the report.
 * Flags: --scenario <preset name or JSON file>, --seed, --blocks, --borrowers, --out, --json, --set path=value
 * (repeatable, or comma-separated). Any scenario field can be overridden with --set. A bad flag, scenario or output
 * folder is one line on stderr and exit code 1 (cli-errors.ts), before anything is deployed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { presetNames } from "../sim/preset-names";
import { UserError, intFlag, isVerbose, userErrors } from "./cli-errors";
import { prepareOutDir } from "./out-dir";
import { loadRunScenario, notWrittenError, overridesOf, tryWrite, type Override } from "./task-run";

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
  throw new UserError(
    `--scenario: no file "${nameOrFile}" and no preset of that name (presets: ${presets.join(", ")})`,
  );
}

/** The scenario overrides of the flags, each naming its flag for error messages. */
function flagOverrides(args: CascadeArgs): Override[] {
  const flags: Override[] = [];
  if (args.seed !== undefined) flags.push({ set: `seed=${JSON.stringify(args.seed)}`, flag: `--seed ${args.seed}` });
  if (args.blocks !== undefined) flags.push({ set: `blocks=${args.blocks}`, flag: `--blocks ${args.blocks}` });
  if (args.borrowers !== undefined) {
    flags.push({ set: `borrowers.count=${args.borrowers}`, flag: `--borrowers ${args.borrowers}` });
  }
  return flags;
}

export async function cascade(args: CascadeArgs, hre: HardhatRuntimeEnvironment) {
  // Two-chain scenarios (`"kind": "two-chain"`, scenarios/chains/*) run on scripts/chains (issue 21).
  const chains = await import("../chains/cascade-task");
  const twoChain = chains.twoChainScenarioFile(hre.config.paths.root, args.scenario);
  if (twoChain) return chains.cascadeTwoChains(twoChain, args, hre);
  const { runScenario } = await import("../sim/engine");
  const { writeRun, runFiles, DRAWN_FILES } = await import("../report/write-run");
  const { printSummary } = await import("../report/console");
  const { blockProgress } = await import("../report/progress");
  const file = resolveScenarioPath(hre.config.paths.root, args.scenario);
  const scenario = loadRunScenario(file, overridesOf(args.set, flagOverrides(args)));
  (await import("../sim/topology")).assertRunnable(scenario, file); // what a system world cannot run yet
  // Checked before any work: an unusable --out is refused now, not after the whole simulation.
  const outDir = prepareOutDir(args.out);
  const scenarioDir = path.dirname(path.resolve(file));
  const started = Date.now();
  const result = await runScenario(hre, scenario, {
    readCsv: (f) => fs.readFileSync(path.resolve(scenarioDir, f), "utf8"),
    onPhase: (p) => !args.json && process.stderr.write(`${p}… (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
    onBlock: args.json ? undefined : blockProgress(),
  });
  const run = {
    scenario,
    summary: result.summary,
    blocks: result.blocks,
    liquidations: result.liquidations,
    positions: result.positions,
  };
  // The oracle-manipulation attacker's outcome, when the scenario has one.
  const extraFiles = result.attack ? [{ name: "attack.json", content: JSON.stringify(result.attack, null, 2) }] : [];
  const written = tryWrite(() => writeRun(run, { outDir, extraFiles }));
  if (args.json) {
    const { toJson } = await import("../sim/metrics");
    process.stdout.write(toJson({ outDir: written.dir, ...result.summary }));
  } else {
    printSummary(result, written.dir);
  }
  if (written.dir === null) {
    const names = [...runFiles(run, "").map((f) => f.name), ...extraFiles.map((f) => f.name), ...DRAWN_FILES];
    throw notWrittenError(outDir, written.error, names);
  }
  return { dir: written.dir, result };
}

task("cascade", "Runs a liquidation-cascade scenario and writes a report")
  .addOptionalParam("scenario", "Preset name (scenarios/<name>.json) or path to a scenario JSON file", "default")
  .addOptionalParam("seed", "Master seed (overrides the scenario's)", undefined, types.string)
  .addOptionalParam("blocks", "Blocks to simulate, >= 1 (overrides the scenario's)", undefined, types.string)
  .addOptionalParam("borrowers", "Number of borrowers, >= 1 (overrides borrowers.count)", undefined, types.string)
  .addOptionalParam("out", "Directory for run outputs (created if missing; checked before the run)", "out")
  .addFlag("json", "Print the summary as JSON on stdout (no progress output)")
  .addOptionalParam("set", "Scenario overrides, comma-separated: oracle.latencySeconds=12,amm.depth=5e5", "")
  .setAction(
    async (
      a: Omit<CascadeArgs, "set" | "blocks" | "borrowers"> & { set: string; blocks?: string; borrowers?: string },
      hre,
    ) => {
      await hre.run("compile", { quiet: true });
      await userErrors(
        "cascade",
        () =>
          cascade(
            {
              ...a,
              blocks: intFlag("--blocks", a.blocks),
              borrowers: intFlag("--borrowers", a.borrowers),
              set: a.set ? splitSets(a.set) : [],
            },
            hre,
          ),
        isVerbose(hre),
      );
    },
  );

/** Splits `a=1,b={"x":1,"y":2}` on the commas that start a new `path=`. */
export function splitSets(text: string): string[] {
  return text.split(/,(?=[A-Za-z_][\w.[\]]*=)/).filter((x) => x.length > 0);
}
