/**
 * The borrower population: per borrower a collateral amount drawn from the size distribution and a debt chosen
 * so the position starts at a health factor drawn from the health distribution, capped at the LTV limit.
 * Amounts are bigint base units computed exactly as the lending market values them (oracle price as WAD).
 */
import type { Scenario } from "./scenario";
import { Rng } from "./random";
import { WAD, fromFixedUnits, toFixedUnits, toWad } from "./wad";

export type SizeDistribution = Scenario["borrowers"]["size"];
export type HealthDistribution = Scenario["borrowers"]["health"];

export interface PopulationParams {
  count: number;
  size: SizeDistribution;
  health: HealthDistribution;
  /** Starting oracle price, debt tokens per collateral token. */
  price: number;
  ltv: number;
  liquidationThreshold: number;
  collateralDecimals: number;
  debtDecimals: number;
}

export interface Borrower {
  index: number;
  /** Collateral in collateral base units. */
  collateral: bigint;
  /** Debt in debt base units. */
  debt: bigint;
  /** Health factor drawn from the distribution. */
  targetHealth: number;
  /** Health factor the amounts give at the starting price (>= target, up to rounding; higher if capped). */
  health: number;
  /** True when the target needed more than the LTV allows, so debt was cut to the borrow limit. */
  cappedAtLtv: boolean;
}

/** Draws one collateral size in whole tokens. */
export function drawSize(dist: SizeDistribution, rng: Rng): number {
  return dist.kind === "lognormal"
    ? rng.lognormal(Math.log(dist.median), dist.sigma)
    : rng.uniformIn(dist.min, dist.max);
}

/** Draws one target health factor; a leverage L maps to threshold ÷ (1 − 1/L). */
export function drawHealth(dist: HealthDistribution, liquidationThreshold: number, rng: Rng): number {
  switch (dist.kind) {
    case "uniform":
      return rng.uniformIn(dist.min, dist.max);
    case "normal":
      return Math.min(dist.max, Math.max(dist.min, rng.normal(dist.mean, dist.stdDev)));
    case "leverage": {
      const leverage = rng.uniformIn(dist.min, dist.max);
      return leverage <= 1 ? Infinity : liquidationThreshold / (1 - 1 / leverage);
    }
  }
}

/** Value of `collateral` base units in debt base units at `priceWad`, rounded down (as the market does). */
export function collateralValue(
  collateral: bigint,
  priceWad: bigint,
  collateralDecimals: number,
  debtDecimals: number,
) {
  return (collateral * priceWad * 10n ** BigInt(debtDecimals)) / (10n ** BigInt(collateralDecimals) * WAD);
}

/** Health factor (WAD) of a single-collateral position: value × threshold ÷ debt. */
export function healthFactorWad(value: bigint, thresholdWad: bigint, debt: bigint): bigint {
  return debt === 0n ? 2n ** 256n - 1n : (((value * thresholdWad) / WAD) * WAD) / debt;
}

/** Debt that puts a position at `targetHealth`, rounded down (so health ends at or above target), capped at LTV. */
export function debtForHealth(
  value: bigint,
  targetHealth: number,
  ltvWad: bigint,
  thresholdWad: bigint,
): { debt: bigint; capped: boolean } {
  const liquidationLimit = (value * thresholdWad) / WAD;
  const borrowLimit = (value * ltvWad) / WAD;
  const target = Number.isFinite(targetHealth) ? (liquidationLimit * WAD) / toWad(targetHealth) : 0n;
  return target > borrowLimit ? { debt: borrowLimit, capped: true } : { debt: target, capped: false };
}

export function generateBorrowers(params: PopulationParams, seed: string): Borrower[] {
  const sizeRng = new Rng(`${seed}/size`);
  const healthRng = new Rng(`${seed}/health`);
  const priceWad = toWad(params.price);
  const ltvWad = toWad(params.ltv);
  const thresholdWad = toWad(params.liquidationThreshold);
  const out: Borrower[] = [];
  for (let index = 0; index < params.count; index++) {
    // Round sizes to 6 significant digits: amounts read like a person's, and stay exact in every decimals.
    const size = Number(drawSize(params.size, sizeRng).toPrecision(6));
    const targetHealth = drawHealth(params.health, params.liquidationThreshold, healthRng);
    const collateral = toFixedUnits(size, params.collateralDecimals);
    const value = collateralValue(collateral, priceWad, params.collateralDecimals, params.debtDecimals);
    const { debt, capped } = debtForHealth(value, targetHealth, ltvWad, thresholdWad);
    const health = debt === 0n ? Infinity : fromFixedUnits(healthFactorWad(value, thresholdWad, debt), 18);
    out.push({ index, collateral, debt, targetHealth, health, cappedAtLtv: capped });
  }
  return out;
}

/** The population a scenario describes (seed: `borrowers.seed`, else `<scenario seed>/borrowers`). */
export function borrowersFromScenario(s: Scenario, startPrice: number): Borrower[] {
  return generateBorrowers(
    {
      count: s.borrowers.count,
      size: s.borrowers.size,
      health: s.borrowers.health,
      price: startPrice,
      ltv: s.market.collateral.ltv,
      liquidationThreshold: s.market.collateral.liquidationThreshold,
      collateralDecimals: s.tokens.collateral.decimals,
      debtDecimals: s.tokens.debt.decimals,
    },
    s.borrowers.seed ?? `${s.seed}/borrowers`,
  );
}
