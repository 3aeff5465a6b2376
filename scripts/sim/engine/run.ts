/**
 * A run, end to end, for any scenario (docs/engine.md): scenario → world, agents and slices (`prepare.ts`) → the block
 * loop (`loop.ts`: decoded events → records) → summary, positions, keeper results and the agents' own reports.
 * `npx hardhat cascade` writes the result out (`scripts/report/`). A system world's summary also holds the system
 * measures' input (`system-input.ts`, `system-contagion.ts`); a single-asset world's, the frictionless baseline.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "../scenario";
import { applyNetFlow, initialExternalState } from "../external-market";
import { gwei } from "../chain";
import { summarize, positionRecords, type PositionRecord, type PositionTiming, type RunSummary } from "../metrics";
import { exposureAtEnd, type Exposure } from "../exposure";
import { frictionlessBaseline, type BaselineInput } from "../../measures/baseline";
import { readBaselineInput } from "../../measures/baseline-input";
import { baselineSummary } from "../../measures/baseline-summary";
import type { AgentReports } from "../agent-reports";
import type { View } from "../view";
import { runDecoder } from "../../adapters/engine/decoder";
import { runBlocks, type LoopOutput } from "./loop";
import { prepareRun } from "./prepare";
import type { AgentLineup } from "./setup";
import type { RunSlices } from "./slices";
import { SliceObserver } from "./slice-views";
import { systemRules, systemSnapshot } from "./system-input";
import { ContagionRecorder } from "./system-contagion";
import { systemExposureAtEnd } from "./system-exposure";
import { type RunOptions, type RunResult } from "./types";
import { nativeMemoryGuard } from "../native-memory";
import { useAllocatorFor } from "../allocator";
import { normalizeTopology } from "../topology/normalize";

export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  opts: RunOptions = {},
): Promise<RunResult> {
  const t0 = Date.now();
  nativeMemoryGuard(); // a bad CASCADE_GC_ABOVE_MB is refused before anything runs
  // Before the run's first request: the network's allocator reads its options when it loads (scripts/sim/allocator.ts).
  useAllocatorFor(normalizeTopology(s).markets.reduce((a, m) => a + m.borrowers.reduce((b, p) => b + p.count, 0), 0));
  const { world, shape, agents } = await prepareRun(hre, s, opts);
  const sys = world.system;
  const worldOf = (a: (typeof agents.all)[number]) => shape.slices[agents.sliceOf?.get(a) ?? 0].world;
  await world.chain.setBlockGasLimit(s.chain.blockGasLimit);
  opts.onPhase?.("reading positions");
  const observer = new SliceObserver(shape.slices);
  observer.watchWallets(walletsBySlice(agents));
  await observer.init();
  const decoder = await runDecoder(world);
  opts.onPhase?.("running blocks");
  const setupSeconds = (Date.now() - t0) / 1000;

  const blockTime = (i: number) => world.startTime + (i + 1) * s.chain.blockTimeSeconds;
  await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
  const firstChainBlock = (await world.chain.latestBlock()).number + 1;
  const t1 = Date.now();
  const external = shape.externalMarkets.map((params, k) =>
    applyNetFlow(params, initialExternalState(shape.paths[k][0]), shape.paths[k][0], 0),
  );
  // The state after block i is what everyone observes before block i + 1: one read serves both.
  const views = await observer.views(
    0,
    blockTime(0),
    external.map((e) => e.price),
  );
  // What the summary compares against: a system's books at the start, else the frictionless baseline's input.
  const startBooks = sys ? await systemSnapshot(world, views, 0) : null;
  const baselineInput = sys ? null : await readBaselineInput(world, views[0], shape.paths[0]);
  const contagion = sys ? new ContagionRecorder(world) : undefined;
  let loop: LoopOutput;
  try {
    loop = await runBlocks({
      world,
      shape,
      agents,
      observer,
      decoder,
      external,
      views,
      blockTime,
      onBlock: opts.onBlock,
      contagion,
    });
    for (const agent of agents.all) await agent.afterRun?.(worldOf(agent), blockTime(s.blocks - 1));
  } finally {
    await world.chain.setAutomine(true);
  }
  const { blocks, liquidations, ledger, book } = loop;

  // First liquidatable block per (market, account), keyed `market:account`; seen only after the last block: outside.
  const timings: PositionTiming[] = [...observer.firstLiquidatableBlocks().entries()]
    .filter(([, first]) => first < s.blocks)
    .map(([key, first]) => {
      const borrower = key.slice(key.indexOf(":") + 1);
      return {
        borrower,
        firstLiquidatableBlock: first,
        firstLiquidatedBlock: ledger.firstLiquidated.get(borrower) ?? null,
      };
    });
  const reports: AgentReports = { attack: null, exploiter: null };
  for (const agent of agents.all) agent.report?.(reports);
  const prices = loop.external.map((e) => e.price);
  const exposure: Exposure = sys
    ? await systemExposureAtEnd(world, loop.views, prices)
    : await exposureAtEnd(world, loop.views[0], prices[0], reports.exploiter, firstChainBlock);
  const summary = summarize(
    blocks,
    liquidations,
    timings,
    { positions: exposure.underwaterPositions, shortfall: exposure.shortfallAtMarket },
    { collateral: world.collateralDecimals, debt: world.debtDecimals },
    sys && {
      system: {
        markets: await systemRules(world),
        assets: sys.topology.assets.map((a) => a.id),
        books: [startBooks!, await systemSnapshot(world, loop.views, s.blocks)],
        contagion: contagion!.input(shape.paths),
      },
    },
  );
  if (baselineInput) addBaseline(summary, baselineInput, s);
  const positions = positionsOf(shape, views, loop);
  for (const agent of agents.all) await agent.summarize?.(worldOf(agent), summary, blocks);
  const runSeconds = (Date.now() - t1) / 1000;
  // Keepers' results: their realized gross profit (the records' rule) and the opportunities they saw.
  const keepers = agents.all.filter((a) => a.keeper);
  const keeperNames = new Set(keepers.map((k) => k.name));
  const grossByKeeper = new Map<string, bigint>();
  for (const l of liquidations) {
    if (!keeperNames.has(l.keeper)) continue; // the attacker is not a keeper: its result is `attack`
    grossByKeeper.set(l.keeper, (grossByKeeper.get(l.keeper) ?? 0n) + l.grossProfit);
  }
  for (const k of keepers) if (k.opportunities !== undefined) book.keeper(k.name).opportunities = k.opportunities;
  const keeperStats = book.keeperResults(grossByKeeper);
  if (process.env.CASCADE_PROFILE) {
    process.stderr.write(
      `profile (ms): ${JSON.stringify(loop.profile)}\nfailed non-keeper txs: ${JSON.stringify(loop.failedOtherTxs)}\n`,
    );
  }
  return {
    scenario: s,
    summary,
    blocks,
    liquidations,
    badDebts: ledger.badDebts,
    positions,
    timings,
    bids: book.bids,
    keeperStats,
    methodGas: book.methodTable(),
    attack: reports.attack,
    exposure,
    droppedKeeperTxs: loop.droppedKeeperTxs,
    setupSeconds,
    runSeconds,
  };
}

/** The frictionless baseline of a single-asset run, beside the engine's figures. */
function addBaseline(summary: RunSummary, input: BaselineInput, s: Scenario): void {
  summary.baseline = baselineSummary(
    frictionlessBaseline(input),
    input.shockedPrice,
    summary.exogenousShock,
    summary,
    s,
  );
}

/** Every position of every market at the start and the end (from the views of the market's first listed slice). */
function positionsOf(shape: RunSlices, start: readonly View[], loop: LoopOutput): PositionRecord[] {
  const positions: PositionRecord[] = [];
  for (const [j, id] of shape.markets.entries()) {
    const k = shape.slices.findIndex((sl) => sl.listed && sl.marketIndex === j);
    const badDebtBy = new Map<string, bigint>();
    for (const b of loop.ledger.badDebts)
      if (b.market === id) badDebtBy.set(b.borrower, (badDebtBy.get(b.borrower) ?? 0n) + b.amount);
    const mine = loop.liquidations.filter((l) => l.market === id);
    positions.push(...positionRecords(start[k].positions, loop.views[k].positions, mine, badDebtBy));
  }
  return positions;
}

/** The wallets (`SimAgent.wallet`) of each slice's agents, by slice index (an agent with no slice acts in slice 0). */
function walletsBySlice(agents: AgentLineup): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const a of agents.all) {
    if (!a.wallet) continue;
    const k = agents.sliceOf?.get(a) ?? 0;
    out.set(k, [...(out.get(k) ?? []), a.wallet]);
  }
  return out;
}
