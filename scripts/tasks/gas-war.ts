/**
 * `npx hardhat gas-war`: keepers competing for the same liquidations, with priority gas auctions over several
 * bidding rounds per block. Writes the run's files plus bids.csv, keepers.csv, methods.csv and charts; with
 * `--sweep-keepers 1..8` runs once per number of PGA keepers and writes one table and one chart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { resolveScenarioPath, splitSets, userErrors } from "./cascade";

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
      throw new Error(`--keepers: "${part}" is not <kind>:<count> with kind one of ${KINDS.join(", ")}`);
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
    throw new Error(`--sweep-keepers: "${text}" is not a range like 1..8 or a list like 1,2,4,8`);
  }
  return xs;
}

function overrides(args: Omit<GasWarArgs, "out" | "json" | "sweepKeepers" | "keepers">, keepers: string): string[] {
  const auction = args.mechanism === "dutch-auction";
  const sets = [...args.set, `keepers=${JSON.stringify(keeperGroups(keepers, args, auction))}`];
  sets.push(`chain.biddingRounds=${args.rounds}`);
  if (args.mechanism) sets.push(`liquidation.mechanism=${JSON.stringify(args.mechanism)}`);
  if (args.congestion !== undefined) sets.push(`chain.congestion.backgroundGasShare=${args.congestion}`);
  if (args.seed !== undefined) sets.push(`seed=${JSON.stringify(args.seed)}`);
  if (args.blocks !== undefined) sets.push(`blocks=${args.blocks}`);
  return sets;
}

/** One gas-war run with `keepers` (a `--keepers` spec) on a chain snapshot that is restored afterwards. */
export async function runGasWarOnce(
  hre: HardhatRuntimeEnvironment,
  args: Omit<GasWarArgs, "out" | "json" | "sweepKeepers" | "keepers">,
  keepers: string,
) {
  const { loadScenarioFile } = await import("../sim/scenario");
  const { runScenario } = await import("../sim/engine");
  const file = resolveScenarioPath(hre.config.paths.root, args.scenario);
  const readCsv = (f: string) => fs.readFileSync(path.resolve(path.dirname(path.resolve(file)), f), "utf8");
  const scenario = loadScenarioFile(file, overrides(args, keepers));
  const snapshot = (await hre.network.provider.send("evm_snapshot", [])) as string;
  try {
    return await runScenario(hre, scenario, { readCsv });
  } finally {
    await hre.network.provider.send("evm_revert", [snapshot]);
  }
}

export async function gasWar(args: GasWarArgs, hre: HardhatRuntimeEnvironment) {
  const { writeRun } = await import("../report/write-run");
  const { toJson } = await import("../sim/metrics");
  const r = await import("../report/gas-war");
  const say = (text: string) => !args.json && process.stderr.write(text);

  const runOnce = (keepers: string) => runGasWarOnce(hre, args, keepers);
  const files = (result: Awaited<ReturnType<typeof runOnce>>) => [
    { name: "gas-war.json", content: toJson({ ...r.gasWarSummary(result), perKeeper: result.keeperStats }) },
    { name: "bids.csv", content: r.bidsCsv(result.bids) },
    { name: "keepers.csv", content: r.keepersCsv(result.keeperStats) },
    { name: "methods.csv", content: r.methodsCsv(result.methodGas) },
    { name: "bids.svg", content: r.bidsChart(result.bids) },
  ];

  if (args.sweepKeepers) {
    const rows: import("../report/gas-war").SweepRow[] = [];
    let last: Awaited<ReturnType<typeof runOnce>> | undefined;
    for (const n of parseSweep(args.sweepKeepers)) {
      say(`${n} PGA keeper(s)…\n`);
      last = await runOnce(`pga:${n}`);
      rows.push({ keepers: n, summary: r.gasWarSummary(last) });
    }
    const dir = writeRun(
      { ...last!, positions: last!.positions },
      {
        outDir: path.resolve(args.out),
        extraFiles: [
          ...files(last!),
          { name: "sweep.csv", content: r.sweepCsv(rows) },
          { name: "sweep.json", content: toJson(rows) },
          { name: "dissipation.svg", content: r.sweepChart(rows) },
        ],
      },
    );
    if (args.json) process.stdout.write(toJson({ outDir: dir, sweep: rows }));
    else process.stdout.write(r.sweepCsv(rows) + `report: ${dir}\n`);
    return { dir, rows };
  }

  const result = await runOnce(args.keepers);
  const dir = writeRun(
    { ...result, positions: result.positions },
    { outDir: path.resolve(args.out), extraFiles: files(result) },
  );
  const summary = r.gasWarSummary(result);
  if (args.json) process.stdout.write(toJson({ outDir: dir, ...summary, perKeeper: result.keeperStats }));
  else process.stdout.write(r.formatGasWar(summary, result, dir));
  return { dir, result, summary };
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
    "PGA raise over the best competing bid, percent (>= 10: the node's replacement rule)",
    12.5,
    types.float,
  )
  .addOptionalParam("maxShare", "Highest share of the expected profit a PGA keeper bids", 0.9, types.float)
  .addOptionalParam("rounds", "Rounds of re-bidding within one block interval", 10, types.int)
  .addOptionalParam("congestion", "Share of each block filled by background traffic (0-1)", undefined, types.float)
  .addOptionalParam("mechanism", "fixed-bonus or dutch-auction", undefined, types.string)
  .addOptionalParam("seed", "Master seed", undefined, types.string)
  .addOptionalParam("blocks", "Blocks to simulate", undefined, types.int)
  .addOptionalParam("out", "Directory for run outputs", "out")
  .addOptionalParam("sweepKeepers", "Run once per number of PGA keepers: 1..8 or 1,2,4,8", undefined, types.string)
  .addOptionalParam("set", "More scenario overrides, comma-separated path=value", "")
  .addFlag("json", "Print the summary as JSON on stdout")
  .setAction(async (a: Omit<GasWarArgs, "set"> & { set: string }, hre) => {
    await hre.run("compile", { quiet: true });
    await userErrors("gas-war", () => gasWar({ ...a, set: a.set ? splitSets(a.set) : [] }, hre));
  });
