/**
 * A run's world, agents and slices, whatever the scenario describes: a single-asset scenario's world
 * (`world/build.ts`, positions opened by `world/clock.ts`, agents of every registered kind: `setup.ts`) is one slice;
 * a system scenario's (`world/system.ts`, `world/system-clock.ts`, agents per slice: `system-setup.ts`) has one per
 * (market, collateral). Both start their blocks at `world.startTime`.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "../scenario";
import { generatePath } from "../paths";
import { multiAssetPaths } from "../multi-path";
import { assetPathFromSpec } from "../multi-path-spec";
import { borrowersFromScenario } from "../population";
import { normalizeTopology } from "../topology/normalize";
import { isSystemScenario } from "../topology/runnable";
import { adapterPhases } from "../../adapters/engine/world";
import { buildWorld } from "../world/build";
import { startClock } from "../world/clock";
import { buildSystemWorld } from "../world/system";
import { startSystemClock } from "../world/system-clock";
import type { World } from "../world/types";
import { setupAgents, type AgentLineup } from "./setup";
import { setupSystemAgents } from "./system-setup";
import { runSlices, type RunSlices } from "./slices";
import { FIXED_START, type RunOptions } from "./types";

export interface PreparedRun {
  world: World;
  shape: RunSlices;
  agents: AgentLineup;
}

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

/** Builds the world of `s`, opens its positions and sets up its agents. */
export async function prepareRun(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  opts: RunOptions = {},
): Promise<PreparedRun> {
  if (isSystemScenario(s)) {
    const topology = normalizeTopology(s);
    const paths = systemPaths(s, opts.readCsv);
    opts.onPhase?.("deploying contracts");
    const world = await buildSystemWorld(hre, s, topology, paths);
    opts.onPhase?.("opening positions");
    const t = await startSystemClock(world, FIXED_START);
    const agents = await setupSystemAgents(world, t + 1);
    world.startTime = t + 1;
    for (const sl of world.system!.slices) sl.world.startTime = t + 1;
    return { world, shape: runSlices(world), agents };
  }
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
  return { world, shape: runSlices(world, path), agents };
}
