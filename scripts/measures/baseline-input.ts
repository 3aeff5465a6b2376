/**
 * The frictionless baseline's input, read from the world as the block loop starts (positions just opened, AMM at
 * the initial price): positions, AMM and the market's risk parameters from the observer's view.
 */
import type { World } from "../sim/world/types";
import type { View } from "../sim/view";
import { toFixedUnits, toWad } from "../sim/wad";
import type { BaselineInput, BaselineOracle } from "./baseline";

/** The oracle the baseline's market reads: a live or lagged AMM spot follows the AMM; every other source the market. */
export function baselineOracle(source: string): BaselineOracle {
  return source === "amm-spot" || source === "amm-spot-live" ? "amm-spot" : "external";
}

export async function readBaselineInput(world: World, view: View, path: readonly number[]): Promise<BaselineInput> {
  const s = world.scenario;
  const positions = [...view.positions.entries()]
    .filter(([, p]) => p.debt > 0n)
    .map(([borrower, p]) => ({ borrower, collateral: p.collateral, debt: p.debt }));
  return {
    positions,
    market: await view.rules(),
    amm: { ...view.reserves, feeBps: s.amm.feeBps },
    oracle: baselineOracle(s.oracle.source),
    shockedPrice: toWad(path.reduce((a, b) => Math.min(a, b), Infinity)),
    arbitrage:
      s.arbitrage.count > 0
        ? {
            depth: toFixedUnits(s.externalMarket.depth, world.debtDecimals),
            impactModel: s.externalMarket.impactModel,
          }
        : null,
    minProfit: 0n,
  };
}
