/**
 * Positions of a system world, in base units (pure): a population's positions holding a basket of collaterals, and
 * an entity's position in one market. Amounts are rounded down and debt is capped at the position's borrow limit,
 * so every position opens within its market's ltv.
 */
import { generateBorrowers } from "../population";
import { WAD, toFixedUnits, toWad } from "../wad";
import type { AssetSpec, CollateralSpec, EntityPositionSpec, PopulationSpec } from "../topology/types";

/** One position: collateral per asset id (base units) and debt (debt base units). */
export interface BasketPosition {
  collateral: Map<string, bigint>;
  debt: bigint;
}

/** What the basket maths needs of the world at block 0. */
export interface BasketContext {
  assets: readonly AssetSpec[];
  collaterals: readonly CollateralSpec[];
  /** Block-0 price per asset id, debt tokens per token. */
  prices: ReadonlyMap<string, number>;
  debtDecimals: number;
}

const valueOf = (amount: bigint, priceWad: bigint, decimals: number, debtDecimals: number) =>
  (amount * priceWad * 10n ** BigInt(debtDecimals)) / (10n ** BigInt(decimals) * WAD);

function spec(ctx: BasketContext, id: string) {
  const asset = ctx.assets.find((a) => a.id === id);
  const risk = ctx.collaterals.find((c) => c.asset === id);
  if (!asset || !risk) throw new RangeError(`asset "${id}" is not a collateral of the market`);
  return { asset, risk, priceWad: toWad(ctx.prices.get(id)!) };
}

/**
 * Σ value × ltv over a position's collateral (debt base units), less a margin of one part in a million and 2 base
 * units: the most it may borrow (the market rounds debt up and values each collateral with its own rounding).
 */
export function borrowLimit(collateral: ReadonlyMap<string, bigint>, ctx: BasketContext): bigint {
  let limit = 0n;
  for (const [id, amount] of collateral) {
    const { asset, risk, priceWad } = spec(ctx, id);
    limit += (valueOf(amount, priceWad, asset.decimals, ctx.debtDecimals) * toWad(risk.ltv)) / WAD;
  }
  const margin = limit / BORROW_MARGIN + 2n;
  return limit > margin ? limit - margin : 0n;
}

/** One part in this much of a borrow limit is left unused (`borrowLimit`). */
const BORROW_MARGIN = 1_000_000n;

/** Σ value × liquidation threshold (debt base units): health = this ÷ debt. */
export function liquidationLimit(collateral: ReadonlyMap<string, bigint>, ctx: BasketContext): bigint {
  let limit = 0n;
  for (const [id, amount] of collateral) {
    const { asset, risk, priceWad } = spec(ctx, id);
    limit += (valueOf(amount, priceWad, asset.decimals, ctx.debtDecimals) * toWad(risk.liquidationThreshold)) / WAD;
  }
  return limit;
}

/**
 * A population's positions: sizes in tokens of the basket's first asset and health drawn at the basket's
 * value-weighted threshold (`population.ts`), the value split across the basket by share at block-0 prices.
 */
export function basketPositions(p: PopulationSpec, ctx: BasketContext): BasketPosition[] {
  const first = spec(ctx, p.basket[0].asset);
  const weighted = (f: (r: CollateralSpec) => number) =>
    p.basket.reduce((acc, b) => acc + b.share * f(spec(ctx, b.asset).risk), 0);
  const drawn = generateBorrowers(
    {
      count: p.count,
      size: p.size,
      health: p.health,
      price: ctx.prices.get(first.asset.id)!,
      ltv: weighted((r) => r.ltv),
      liquidationThreshold: weighted((r) => r.liquidationThreshold),
      collateralDecimals: first.asset.decimals,
      debtDecimals: ctx.debtDecimals,
    },
    p.seed,
  );
  return drawn.map((b) => {
    const value = valueOf(b.collateral, first.priceWad, first.asset.decimals, ctx.debtDecimals);
    const collateral = new Map<string, bigint>();
    for (const { asset: id, share } of p.basket) {
      const { asset, priceWad } = spec(ctx, id);
      const part = (value * toWad(share)) / WAD;
      collateral.set(id, (part * 10n ** BigInt(asset.decimals) * WAD) / (priceWad * 10n ** BigInt(ctx.debtDecimals)));
    }
    const limit = borrowLimit(collateral, ctx);
    return { collateral, debt: b.debt < limit ? b.debt : limit };
  });
}

/** An entity's position: its amounts, and the debt that puts it at `health` at block-0 prices (within ltv). */
export function entityPosition(p: EntityPositionSpec, ctx: BasketContext): BasketPosition {
  const collateral = new Map<string, bigint>();
  for (const c of p.collateral) collateral.set(c.asset, toFixedUnits(c.amount, spec(ctx, c.asset).asset.decimals));
  const target = (liquidationLimit(collateral, ctx) * WAD) / toWad(p.health);
  const limit = borrowLimit(collateral, ctx);
  return { collateral, debt: target < limit ? target : limit };
}
