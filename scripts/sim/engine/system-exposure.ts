/**
 * What the open book of a system world is worth after the last block: for every (market, account) with debt, its
 * collateral in every asset valued at that asset's external price; shortfall = debt − that value where positive.
 * `marketPrice` is the first asset's. Bad debt is every market's, gross (as `exposure.ts` reads one market's).
 */
import type { Exposure } from "../exposure";
import type { View } from "../view";
import type { World } from "../world/types";

export async function systemExposureAtEnd(
  world: World,
  views: readonly View[],
  external: readonly number[],
): Promise<Exposure> {
  const sys = world.system!;
  const book = new Map<string, { debt: bigint; value: bigint }>();
  sys.slices.forEach((sl, i) => {
    if (!sl.listed) return;
    const priceE18 = BigInt(Math.floor(external[sl.assetIndex] * 1e18));
    const unit = 10n ** BigInt(sl.world.collateralDecimals) * 10n ** 18n;
    for (const [account, p] of views[i].positions) {
      const key = `${sl.market}:${account}`;
      const row = book.get(key) ?? { debt: p.debt, value: 0n };
      row.value += (p.collateral * priceE18 * 10n ** BigInt(world.debtDecimals)) / unit;
      book.set(key, row);
    }
  });
  let shortfall = 0n;
  let underwaterPositions = 0;
  for (const { debt, value } of book.values()) {
    if (debt <= value) continue;
    shortfall += debt - value;
    underwaterPositions += 1;
  }
  let badDebt = 0n;
  for (const m of world.markets) badDebt += (await m.lab.totals()).badDebt;
  return {
    marketPrice: external[0],
    badDebt,
    shortfallAtMarket: shortfall,
    underwaterPositions,
    lendersLoss: badDebt + shortfall,
    exploiter: null,
  };
}
