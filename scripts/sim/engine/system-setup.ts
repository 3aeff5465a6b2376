/**
 * The agents of a system world, each acting in one slice (`SystemSlice`: a market and one of its collaterals): per
 * asset an oracle updater and, if it has an AMM, its arbitrageurs (in the asset's first slice); per market a risk
 * poker; per keeper of a group, one account per (market it watches, collateral of that market with an AMM), named
 * `keeper/<strategy>/<group>.<k>/<market>/<asset>`, pricing its seizures and sales in that asset's AMM; background
 * traffic once; with any `exitOnLossBps`, a lender-exit agent per lender group (in its market's first slice); and a
 * guard in every listed slice no keeper acts in (agents/unwatched-guard.ts).
 */
import { OracleUpdater } from "../../agents/oracle-updater";
import { RiskPoker } from "../../agents/risk-poker";
import { createArbitrageurs } from "../../agents/arbitrageur";
import { createKeepers } from "../../agents/keeper-setup";
import { congestionSetup } from "../../agents/congestion";
import { createLenderExits } from "../../agents/lender-exit";
import { createUnwatchedGuards } from "../../agents/unwatched-guard";
import type { AgentSetup, SimAgent } from "../../agents/types";
import { mineChecked } from "../world/open-positions";
import type { World } from "../world/types";
import type { AgentLineup } from "./setup";

/** A system run's agents and the slice each acts in (index into `world.system.slices`). */
export interface SystemLineup extends AgentLineup {
  sliceOf: Map<SimAgent, number>;
}

export async function setupSystemAgents(world: World, timestamp: number): Promise<SystemLineup> {
  const sys = world.system!;
  const hashes: string[] = [];
  const balances: [string, bigint][] = [];
  const sliceOf = new Map<SimAgent, number>();
  const put = (agents: SimAgent[], slice: number) => {
    for (const a of agents) sliceOf.set(a, slice);
    return agents;
  };
  const setup = (slice: number, initialPrice = 0): AgentSetup => ({
    world: sys.slices[slice].world,
    initialPrice,
    hashes,
    balances,
  });
  const background = put(await congestionSetup.create(setup(0)), 0);
  const updaters: SimAgent[] = [];
  const arbitrageurs: SimAgent[] = [];
  for (const [k, a] of sys.topology.assets.entries()) {
    const slice = sys.assetSlice[k];
    const name = k === 0 ? "oracle-updater" : `oracle-updater/${a.id}`;
    updaters.push(...put([new OracleUpdater(sys.paths[k][0], 0, name)], slice));
    const label = k === 0 ? "arbitrageur" : `arbitrageur/${a.id}`;
    if (a.amm) arbitrageurs.push(...put(await createArbitrageurs(setup(slice, sys.paths[k][0]), label), slice));
  }
  const pokers: SimAgent[] = [];
  const keepers: SimAgent[] = [];
  sys.topology.markets.forEach((m, j) => {
    const first = sys.slices.findIndex((s) => s.marketIndex === j && s.listed);
    pokers.push(...put([new RiskPoker(j === 0 ? "risk-poker" : `risk-poker/${m.id}`)], first));
  });
  for (const [i, s] of sys.slices.entries()) {
    if (!s.listed || !sys.topology.assets[s.assetIndex].amm) continue;
    keepers.push(...put(await createKeepers(setup(i), `/${s.market}/${s.asset}`), i));
  }
  const lenders: SimAgent[] = [];
  for (const agent of await createLenderExits(setup(0))) {
    lenders.push(
      ...put(
        [agent],
        sys.slices.findIndex((s) => s.market === agent.market && s.listed),
      ),
    );
  }
  const guards: SimAgent[] = [];
  for (const guard of await createUnwatchedGuards(setup(0)))
    guards.push(...put([guard], sys.slices.indexOf(guard.slice)));
  await mineChecked(world.chain, timestamp, hashes, "agents");
  for (const [address, wei] of balances) await world.chain.setBalance(address, wei);
  const fixed = [...background, ...updaters, ...pokers, ...arbitrageurs, ...lenders, ...guards];
  return { fixed, shuffled: keepers, all: [...fixed, ...keepers], sliceOf };
}
