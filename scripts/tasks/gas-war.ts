/**
 * `npx hardhat gas-war`: keepers competing for the same liquidations, with priority gas auctions over several
 * bidding rounds per block. Writes the run's files plus bids.csv, keepers.csv, methods.csv and charts; with
 * `--sweep-keepers 1..8` runs once per number of PGA keepers and writes one table and one chart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { resolveScenarioPath, splitSets } from "./cascade";
import { UserError, intFlag, isVerbose, numberFlag, userErrors } from "./cli-errors";
import { prepareOutDir } from "./out-dir";
import { loadRunScenario, notWrittenError, overridesOf, tryWrite, type Override } from "./task-run";

export interface GasWarArgs {
  scenario: string;
  keepers: string;
  raise: number;
  maxShare: number;
  rounds: number;
  congestion?: number;
  mechanism?: string;
  seed?: string;
  blocks?: number;
  out: string;
  json: boolean;
  sweepKeepers?: string;
  set: string[];
}

const KINDS = ["pga", "fixed", "flash", "outbid", "backrun", "patient", "eager"] as const;

/** `pga:3,fixed:2,flash:1` → scenario keeper groups (an auction market also gets one kicker). */
export function keeperGroups(spec: string, a: Pick<GasWarArgs, "raise" | "maxShare">, auction: boolean): unknown[] {
  const pga = { policy: "pga", startGwei: 1, raisePct: a.raise, maxProfitShare: a.maxShare };
  const groups: unknown[] = [];
  for (const part of spec.split(",").filter(Boolean)) {
    const [kind, n] = part.split(":");
    const count = n === undefined ? 1 : Number(n);
    if (!(KINDS as readonly string[]).includes(kind) || !Number.isInteger(count) || count < 0) {
      throw new UserError(`--keepers: "${part}" is not <kind>:<count> with kind one of ${KINDS.join(", ")}`);
    }
    const capital = 2_000_000;
    if (kind === "pga")
      groups.push({ strategy: auction ? "auction-taker" : "fixed-bonus", count, capital, priorityFee: pga });
    if (kind === "fixed")
      groups.push({
        strategy: auction ? "auction-taker" : "fixed-bonus",
        count,
        capital,
        priorityFee: { policy: "fixed", gwei: 2 },
      });
    if (kind === "flash") groups.push({ strategy: "flash", count, capital: 0, priorityFee: pga });
    if (kind === "outbid") groups.push({ strategy: "gas-bidder", count, capital });
    if (kind === "backrun") groups.push({ strategy: "oracle-backrunner", count, capital });
    if (kind === "patient")
      groups.push({ strategy: "auction-taker", count, capital, minMarginBps: 500, priorityFee: pga });
    if (kind === "eager") groups.push({ strategy: "auction-taker", count, capital, minMarginBps: 0, priorityFee: pga });
  }
  if (auction) groups.push({ strategy: "auction-kicker", count: 1 });
  // A gas war is keepers racing for the same target, whatever a competitor has pending.
  return groups.map((g) => ({ ...(g as object), targeting: "race" }));
}

/** `1..8` or `1,2,4,8`. */
export function parseSweep(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  const xs = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(",").map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new UserError(`--sweep-keepers: "${text}" is not a range like 1..8 or a list like 1,2,4,8`);
  }
  return xs;
}

function overrides(args: Omit<GasWarArgs, "out" | "json" | "sweepKeepers" | "keepers">, keepers: string): Override[] {
  const auction = args.mechanism === "dutch-auction";
  const flags: Override[] = [
    {
      set: `keepers=${JSON.stringify(keeperGroups(keepers, args, auction))}`,
      flag: `--keepers ${keepers} --raise ${args.raise} --max-share ${args.maxShare}`,
    },
    { set: `chain.biddingRounds=${args.rounds}`, flag: `--rounds ${args.rounds}` },
  ];
  if (args.mechanism) {
    flags.push({
      set: `liquidation.mechanism=${JSON.stringify(args.mechanism)}`,
      flag: `--mechanism ${args.mechanism}`,
    });
  }
  if (args.congestion !== undefined) {
    flags.push({
      set: `chain.congestion.backgroundGasShare=${args.congestion}`,
      flag: `--congestion ${args.congestion}`,
    });
  }
  if (args.seed !== undefined) flags.push({ set: `seed=${JSON.stringify(args.seed)}`, flag: `--seed ${args.seed}` });
  if (args.blocks !== undefined) flags.push({ set: `blocks=${args.blocks}`, flag: `--blocks ${args.blocks}` });
  return overridesOf(args.set, flags);
}

/** The scenario file and the resolved scenario of one gas-war run (validated: throws before anything runs). */
export function gasWarScenario(
  hre: HardhatRuntimeEnvironment,
  args: Omit<GasWarArgs, "out" | "json" | "sweepKeepers" | "keepers">,
  keepers: string,
) {
  const file = resolveScenarioPath(hre.config.paths.root, args.scenario);
  return { file, scenario: loadRunScenario(file, overrides(args, keepers)) };
}

/**
 * One gas-war run with `keepers` (a `--keepers` spec) on a chain snapshot that is restored afterwards; `onBlock`
 * reports progress.
 */
export async function runGasWarOnce(
  hre: HardhatRuntimeEnvironment,
  args: Omit<GasWarArgs, "out" | "json" | "sweepKeepers" | "keepers">,
  keepers: string,
  onBlock?: (done: number, total: number) => void,
) {
  const { runScenario } = await import("../sim/engine");
  const { file, scenario } = gasWarScenario(hre, args, keepers);
  const readCsv = (f: string) => fs.readFileSync(path.resolve(path.dirname(path.resolve(file)), f), "utf8");
  const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
  try {
    return await runScenario(hre, scenario, { readCsv, onBlock });
  } finally {
    await hre.network.provider.send("evm_revert", [snapshot]);
  }
}

export async function gasWar(args: GasWarArgs, hre: HardhatRuntimeEnvironment) {
  const { writeRun, runFiles, DRAWN_FILES } = await import("../report/write-run");
  const { toJson } = await import("../sim/metrics");
  const { blockProgress } = await import("../report/progress");
  const r = await import("../report/gas-war");
  const say = (text: string) => !args.json && process.stderr.write(text);

  // Every run's scenario is validated and --out checked before the first block is simulated.
  const sweep = args.sweepKeepers ? parseSweep(args.sweepKeepers) : null;
  for (const keepers of sweep ? sweep.map((n) => `pga:${n}`) : [args.keepers]) gasWarScenario(hre, args, keepers);
  const outDir = prepareOutDir(args.out);

  const runOnce = (keepers: string, label: string) =>
    runGasWarOnce(hre, args, keepers, args.json ? undefined : blockProgress(label));
  const files = (result: Awaited<ReturnType<typeof runOnce>>) => [
    { name: "gas-war.json", content: toJson({ ...r.gasWarSummary(result), perKeeper: result.keeperStats }) },
    { name: "bids.csv", content: r.bidsCsv(result.bids) },
    { name: "keepers.csv", content: r.keepersCsv(result.keeperStats) },
    { name: "methods.csv", content: r.methodsCsv(result.methodGas) },
    { name: "bids.svg", content: r.bidsChart(result.bids) },
  ];
  const fail = (run: Parameters<typeof runFiles>[0], extra: { name: string }[], error: unknown) =>
    notWrittenError(outDir, error, [
      ...runFiles(run, "").map((f) => f.name),
      ...extra.map((f) => f.name),
      ...DRAWN_FILES,
    ]);

  if (sweep) {
    const rows: import("../report/gas-war").SweepRow[] = [];
    let last: Awaited<ReturnType<typeof runOnce>> | undefined;
    for (const [i, n] of sweep.entries()) {
      say(`run ${i + 1}/${sweep.length}: ${n} PGA keeper(s)\n`);
      last = await runOnce(`pga:${n}`, `run ${i + 1}/${sweep.length}, block`);
      rows.push({ keepers: n, summary: r.gasWarSummary(last) });
    }
    const run = { ...last!, positions: last!.positions };
    const extraFiles = [
      ...files(last!),
      { name: "sweep.csv", content: r.sweepCsv(rows) },
      { name: "sweep.json", content: toJson(rows) },
      { name: "dissipation.svg", content: r.sweepChart(rows) },
    ];
    const written = tryWrite(() => writeRun(run, { outDir, extraFiles }));
    if (args.json) process.stdout.write(toJson({ outDir: written.dir, sweep: rows }));
    else process.stdout.write(r.formatSweep(rows, written.dir));
    if (written.dir === null) throw fail(run, extraFiles, written.error);
    return { dir: written.dir, rows };
  }

  const result = await runOnce(args.keepers, "block");
  const run = { ...result, positions: result.positions };
  const extraFiles = files(result);
  const written = tryWrite(() => writeRun(run, { outDir, extraFiles }));
  const summary = r.gasWarSummary(result);
  if (args.json) process.stdout.write(toJson({ outDir: written.dir, ...summary, perKeeper: result.keeperStats }));
  else process.stdout.write(r.formatGasWar(summary, result, written.dir));
  if (written.dir === null) throw fail(run, extraFiles, written.error);
  return { dir: written.dir, result, summary };
}

task("gas-war", "Keepers compete for liquidations with priority gas auctions; reports what competition costs")
  .addOptionalParam("scenario", "Preset name or scenario JSON file", "default")
  .addOptionalParam(
    "keepers",
    "Keepers per kind: pga, fixed, flash, outbid, backrun, patient, eager (e.g. pga:3,fixed:2,flash:1)",
    "pga:3",
  )
  .addOptionalParam(
    "raise",
    "PGA raise over the best competing bid, percent (10-1000; >= 10: the node's replacement rule)",
    "12.5",
    types.string,
  )
  .addOptionalParam("maxShare", "Highest share of the expected profit a PGA keeper bids (0-1)", "0.9", types.string)
  .addOptionalParam("rounds", "Rounds of re-bidding within one block interval (1-100)", "10", types.string)
  .addOptionalParam("congestion", "Share of each block filled by background traffic (0-1)", undefined, types.string)
  .addOptionalParam("mechanism", "fixed-bonus or dutch-auction", undefined, types.string)
  .addOptionalParam("seed", "Master seed", undefined, types.string)
  .addOptionalParam("blocks", "Blocks to simulate (>= 1)", undefined, types.string)
  .addOptionalParam("out", "Directory for run outputs (created if missing; checked before the run)", "out")
  .addOptionalParam("sweepKeepers", "Run once per number of PGA keepers: 1..8 or 1,2,4,8", undefined, types.string)
  .addOptionalParam("set", "More scenario overrides, comma-separated path=value", "")
  .addFlag("json", "Print the summary as JSON on stdout")
  .setAction(async (a: GasWarFlags, hre) => {
    await hre.run("compile", { quiet: true });
    await userErrors("gas-war", () => gasWar(gasWarArgs(a), hre), isVerbose(hre));
  });

/** The task's flags as Hardhat passes them: numbers as text, parsed here so a bad one gets our message. */
type GasWarFlags = Omit<GasWarArgs, "set" | "raise" | "maxShare" | "rounds" | "congestion" | "blocks"> & {
  set: string;
  raise: string;
  maxShare: string;
  rounds: string;
  congestion?: string;
  blocks?: string;
};

function gasWarArgs(a: GasWarFlags): GasWarArgs {
  return {
    ...a,
    raise: numberFlag("--raise", a.raise)!,
    maxShare: numberFlag("--max-share", a.maxShare)!,
    rounds: intFlag("--rounds", a.rounds)!,
    congestion: numberFlag("--congestion", a.congestion),
    blocks: intFlag("--blocks", a.blocks),
    set: a.set ? splitSets(a.set) : [],
  };
}
