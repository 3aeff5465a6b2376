/**
 * What the system measures read beside the records (scripts/measures/system-run.ts, `SystemInput`): every market's
 * valuation rules and, at a block, every market's book (each position's debt and basket, from the slices' views)
 * priced at the market's own oracle prices (`priceOf`, read from the pool) with the thresholds in force
 * (`collateralConfig`, a ramp applied). Collateral at risk per % drop is computed from these snapshots.
 */
import type { MarketRules } from "../../measures/contagion";
import type { PricedBook } from "../../measures/system-risk";
import type { SystemInput } from "../../measures/system-run";
import type { View } from "../view";
import type { World } from "../world/types";

type Snapshot = NonNullable<SystemInput["books"]>[number];

/** The listed slices of each market, in the market's listing order. */
function marketSlices(world: World) {
  const sys = world.system!;
  return sys.topology.markets.map((m, j) => ({
    id: m.id,
    slices: sys.slices.map((s, k) => ({ s, k })).filter(({ s }) => s.listed && s.marketIndex === j),
  }));
}

/** Every market's rules at the current block (thresholds in force). */
export async function systemRules(world: World): Promise<MarketRules[]> {
  const rules: MarketRules[] = [];
  for (const m of marketSlices(world)) {
    const collaterals = [];
    for (const { s } of m.slices) {
      const config = await s.world.lab.collateralConfig(s.world.addresses.collateral);
      collaterals.push({
        asset: s.asset,
        decimals: s.world.collateralDecimals,
        liquidationThreshold: config.liquidationThreshold,
      });
    }
    rules.push({ id: m.id, debtDecimals: world.debtDecimals, collaterals });
  }
  return rules;
}

/** Every market's book before block `block`, from the slices' views, at the market's oracle prices. */
export async function systemSnapshot(world: World, views: readonly View[], block: number): Promise<Snapshot> {
  const rules = await systemRules(world);
  const markets: PricedBook[] = [];
  for (const [j, m] of marketSlices(world).entries()) {
    const prices: Record<string, bigint> = {};
    const baskets = new Map<string, { debt: bigint; collateral: Record<string, bigint> }>();
    for (const { s, k } of m.slices) {
      prices[s.asset] = await s.world.lab.priceOf(s.world.addresses.collateral);
      for (const [account, p] of views[k].positions) {
        const entry = baskets.get(account) ?? { debt: p.debt, collateral: {} };
        if (p.collateral > 0n) entry.collateral[s.asset] = p.collateral;
        baskets.set(account, entry);
      }
    }
    const positions = [...baskets.entries()]
      .filter(([, p]) => p.debt > 0n)
      .map(([account, p]) => ({ account, debt: p.debt, collateral: p.collateral }));
    markets.push({ book: { ...rules[j], positions }, prices });
  }
  return { block, markets };
}
