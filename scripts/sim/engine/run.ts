/**
 * A run, end to end: scenario → world (built by `world/build.ts`, positions opened by `world/clock.ts`) → agents
 * (the registry's factories, `setup.ts`) → the block loop (`loop.ts`: decoded events → records) → summary, positions,
 * keeper results and the agents' own reports. `npx hardhat cascade` writes the result out (`scripts/report/`).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "../scenario";
import { generatePath } from "../paths";
import { applyNetFlow, initialExternalState } from "../external-market";
import { borrowersFromScenario } from "../population";
import { buildWorld } from "../world/build";
import { startClock } from "../world/clock";
import { Observer } from "../observe";
import { gwei } from "../chain";
import { summarize, positionRecords, type PositionTiming } from "../metrics";
import { exposureAtEnd } from "../exposure";
import { frictionlessBaseline } from "../../measures/baseline";
import { readBaselineInput } from "../../measures/baseline-input";
import { baselineSummary } from "../../measures/baseline-summary";
import type { AgentReports } from "../agent-reports";
import { runDecoder } from "../../adapters/engine/decoder";
import { adapterPhases } from "../../adapters/engine/world";
import { runBlocks, type LoopOutput } from "./loop";
import { setupAgents } from "./setup";
import { FIXED_START, type RunOptions, type RunResult } from "./types";
import { isSystemScenario, runSystem } from "./system-run";

export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  opts: RunOptions = {},
): Promise<RunResult> {
  if (isSystemScenario(s)) return runSystem(hre, s, opts);
  const t0 = Date.now();
  const path = generatePath(s.path, {
    blocks: s.blocks,
    blockTimeSeconds: s.chain.blockTimeSeconds,
    seed: s.seed,
    readCsv: opts.readCsv,
  });
  const initialPrice = path[0];
  const borrowers = borrowersFromScenario(s, initialPrice);
  opts.onPhase?.("deploying contracts");
  const phases = opts.world ?? adapterPhases(s); // another protocol's market (`market.protocol`), else none
  const world = await (phases?.build ?? buildWorld)(hre, s, initialPrice);
  opts.onPhase?.(`opening ${borrowers.length} positions`);
  const t = await (phases?.start ?? startClock)(world, borrowers, initialPrice, FIXED_START);
  const agents = await setupAgents(world, initialPrice, t + 1, opts.agentKinds);
  world.startTime = t + 1;
  await world.chain.setBlockGasLimit(s.chain.blockGasLimit);
  opts.onPhase?.("reading positions");
  const observer = new Observer(world);
  await observer.init();
  const decoder = await runDecoder(world);
  opts.onPhase?.("running blocks");
  const setupSeconds = (Date.now() - t0) / 1000;

  const blockTime = (i: number) => world.startTime + (i + 1) * s.chain.blockTimeSeconds;
  await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
  const firstChainBlock = (await world.chain.latestBlock()).number + 1;
  const t1 = Date.now();
  const external = applyNetFlow(s.externalMarket, initialExternalState(initialPrice), path[0], 0);
  // The state after block i is what everyone observes before block i + 1: one read serves both.
  const view = await observer.view(0, blockTime(0), external.price);
  const baselineInput = await readBaselineInput(world, view, path);
  const startPositions = view.positions;
  let loop: LoopOutput;
  try {
    loop = await runBlocks({
      world,
      agents,
      observer,
      decoder,
      path,
      external,
      view,
      blockTime,
      onBlock: opts.onBlock,
    });
    for (const agent of agents.all) await agent.afterRun?.(world, blockTime(s.blocks - 1));
  } finally {
    await world.chain.setAutomine(true);
  }
  const { blocks, liquidations, ledger, book } = loop;

  const timings: PositionTiming[] = [...observer.firstLiquidatableBlocks().entries()]
    .filter(([, first]) => first < s.blocks) // seen only after the last block: outside the run
    .map(([borrower, first]) => ({
      borrower,
      firstLiquidatableBlock: first,
      firstLiquidatedBlock: ledger.firstLiquidated.get(borrower) ?? null,
    }));
  const reports: AgentReports = { attack: null, exploiter: null };
  for (const agent of agents.all) agent.report?.(reports);
  const exposure = await exposureAtEnd(world, loop.view, loop.external.price, reports.exploiter, firstChainBlock);
  const summary = summarize(
    blocks,
    liquidations,
    timings,
    { positions: exposure.underwaterPositions, shortfall: exposure.shortfallAtMarket },
    { collateral: world.collateralDecimals, debt: world.debtDecimals },
  );
  summary.baseline = baselineSummary(
    frictionlessBaseline(baselineInput),
    baselineInput.shockedPrice,
    summary.exogenousShock,
    summary,
    s,
  );
  const positions = positionRecords(startPositions, loop.view.positions, liquidations, ledger.badDebtBy);
  for (const agent of agents.all) await agent.summarize?.(world, summary, blocks);
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
