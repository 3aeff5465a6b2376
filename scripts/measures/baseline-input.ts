/**
 * The frictionless baseline's input, read from the world as the block loop starts (positions just opened, AMM at
 * the initial price): positions and AMM from the observer's view, risk parameters from the market.
 */
import type { World } from "../sim/world";
import { FEED_DECIMALS } from "../sim/world";
import type { View } from "../agents/types";
import { toFixedUnits, toWad } from "../sim/wad";
import type { BaselineInput, BaselineOracle } from "./baseline";

/** The oracle the baseline's market reads: a live or lagged AMM spot follows the AMM; every other source the market. */
export function baselineOracle(source: string): BaselineOracle {
  return source === "amm-spot" || source === "amm-spot-live" ? "amm-spot" : "external";
}

export async function readBaselineInput(world: World, view: View, path: readonly number[]): Promise<BaselineInput> {
  const s = world.scenario;
  const config = await world.pool.collateralConfig(world.addresses.collateral);
  const m = await world.pool.marketConfig();
  const positions = [...view.positions.entries()]
    .filter(([, p]) => p.debt > 0n)
    .map(([borrower, p]) => ({ borrower, collateral: p.collateral, debt: p.debt }));
  return {
    positions,
    market: {
      liquidationThreshold: config.liquidationThreshold,
      closeFactor: m.closeFactor,
      fullCloseHealthFactor: m.fullCloseHealthFactor,
      liquidationBonusBps: config.liquidationBonusBps,
      dust: m.dust,
      unitScale: 10n ** BigInt(world.collateralDecimals + 18 - world.debtDecimals),
      feedDecimals: FEED_DECIMALS,
    },
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
