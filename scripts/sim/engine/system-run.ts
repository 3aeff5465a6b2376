/**
 * A system run end to end (docs/topology.md): scenario → topology (`normalizeTopology`) → correlated paths
 * (`multi-path.ts`) → world (`world/system.ts`, positions opened by `world/system-clock.ts`) → agents per slice
 * (`system-setup.ts`) → the block loop (`system-loop.ts`) → records and summary. The summary's flat figures are the
 * first asset's prices and the whole system's liquidations and bad debt; `blocks[].markets` and the records' `market`
 * and `asset` tags give each market and asset apart.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "../scenario";
import { applyNetFlow, initialExternalState } from "../external-market";
import { multiAssetPaths } from "../multi-path";
import { assetPathFromSpec } from "../multi-path-spec";
import { normalizeTopology } from "../topology/normalize";
export { isSystemScenario } from "../topology/runnable";
import { gwei } from "../chain";
import { systemRules, systemSnapshot } from "./system-input";
import { ContagionRecorder } from "./system-contagion";
import { summarize, positionRecords, type PositionRecord, type PositionTiming } from "../metrics";
import { systemExposureAtEnd } from "./system-exposure";
import { buildSystemWorld } from "../world/system";
import { startSystemClock } from "../world/system-clock";
import { worldDecoder } from "./events";
import { setupSystemAgents } from "./system-setup";
import { SystemObserver } from "./system-view";
import { runSystemBlocks, type SystemLoopOutput } from "./system-loop";
import { FIXED_START, type RunOptions, type RunResult } from "./types";

/** Every asset's exogenous price per block, correlated as the topology says. */
export function systemPaths(s: Scenario, readCsv?: (file: string) => string): number[][] {
  const t = normalizeTopology(s);
  const ctx = { blocks: s.blocks, blockTimeSeconds: s.chain.blockTimeSeconds, seed: s.seed };
  const byId = multiAssetPaths(
    {
      assets: t.assets.map((a) => ({ id: a.id, path: assetPathFromSpec(a.path, { ...ctx, readCsv }) })),
      correlation: t.correlation,
    },
    ctx,
  );
  return t.assets.map((a) => byId[a.id]);
}

export async function runSystem(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  opts: RunOptions = {},
): Promise<RunResult> {
  const t0 = Date.now();
  const topology = normalizeTopology(s);
  const paths = systemPaths(s, opts.readCsv);
  opts.onPhase?.("deploying contracts");
  const world = await buildSystemWorld(hre, s, topology, paths);
  opts.onPhase?.("opening positions");
  const t = await startSystemClock(world, FIXED_START);
  const agents = await setupSystemAgents(world, t + 1);
  world.startTime = t + 1;
  for (const sl of world.system!.slices) sl.world.startTime = t + 1;
  await world.chain.setBlockGasLimit(s.chain.blockGasLimit);
  opts.onPhase?.("reading positions");
  const observer = new SystemObserver(world);
  await observer.init();
  const decoder = await worldDecoder(world);
  opts.onPhase?.("running blocks");
  const setupSeconds = (Date.now() - t0) / 1000;
  const blockTime = (i: number) => world.startTime + (i + 1) * s.chain.blockTimeSeconds;
  await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
  const t1 = Date.now();
  const external = topology.assets.map((a, k) =>
    applyNetFlow(a.externalMarket, initialExternalState(paths[k][0]), paths[k][0], 0),
  );
  const views = await observer.views(
    0,
    blockTime(0),
    external.map((e) => e.price),
  );
  const startViews = views;
  const startBooks = await systemSnapshot(world, views, 0);
  let loop: SystemLoopOutput;
  const contagion = new ContagionRecorder(world);
  try {
    loop = await runSystemBlocks({
      world,
      agents,
      observer,
      decoder,
      external,
      views,
      blockTime,
      onBlock: opts.onBlock,
      contagion,
    });
    for (const agent of agents.all) {
      await agent.afterRun?.(world.system!.slices[agents.sliceOf.get(agent) ?? 0].world, blockTime(s.blocks - 1));
    }
  } finally {
    await world.chain.setAutomine(true);
  }
  const { blocks, liquidations, ledger, book } = loop;
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
  const exposure = await systemExposureAtEnd(
    world,
    loop.views,
    loop.external.map((e) => e.price),
  );
  const summary = summarize(
    blocks,
    liquidations,
    timings,
    { positions: exposure.underwaterPositions, shortfall: exposure.shortfallAtMarket },
    { collateral: world.collateralDecimals, debt: world.debtDecimals },
    {
      system: {
        markets: await systemRules(world),
        assets: topology.assets.map((a) => a.id),
        books: [startBooks, await systemSnapshot(world, loop.views, s.blocks)],
        contagion: contagion.input(paths),
      },
    },
  );
  const positions: PositionRecord[] = [];
  for (const [j, m] of topology.markets.entries()) {
    const k = world.system!.slices.findIndex((sl) => sl.listed && sl.marketIndex === j);
    const badDebtBy = new Map<string, bigint>();
    for (const b of ledger.badDebts)
      if (b.market === m.id) badDebtBy.set(b.borrower, (badDebtBy.get(b.borrower) ?? 0n) + b.amount);
    const mine = liquidations.filter((l) => l.market === m.id);
    positions.push(...positionRecords(startViews[k].positions, loop.views[k].positions, mine, badDebtBy));
  }
  for (const agent of agents.all) {
    await agent.summarize?.(world.system!.slices[agents.sliceOf.get(agent) ?? 0].world, summary, blocks);
  }
  const runSeconds = (Date.now() - t1) / 1000;
  const keepers = agents.all.filter((a) => a.keeper);
  const grossByKeeper = new Map<string, bigint>();
  for (const l of liquidations) grossByKeeper.set(l.keeper, (grossByKeeper.get(l.keeper) ?? 0n) + l.grossProfit);
  for (const k of keepers) if (k.opportunities !== undefined) book.keeper(k.name).opportunities = k.opportunities;
  return {
    scenario: s,
    summary,
    blocks,
    liquidations,
    badDebts: ledger.badDebts,
    positions,
    timings,
    bids: book.bids,
    keeperStats: book.keeperResults(grossByKeeper),
    methodGas: book.methodTable(),
    attack: null,
    exposure,
    droppedKeeperTxs: loop.droppedKeeperTxs,
    setupSeconds,
    runSeconds,
  };
}
