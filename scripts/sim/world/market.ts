/**
 * The market builder: a LendingPool lending the debt asset, its listed collateral, and the Dutch auction liquidator
 * when the scenario's mechanism uses one. Risk controls are added by `risk-controls.ts`, lenders by `supplyLenders`.
 */
import type { DutchAuctionLiquidator, LendingPool, MockERC20 } from "../../../typechain-types";
import type { Scenario } from "../scenario";
import { toFixedUnits, toWad } from "../wad";
import type { Deployer } from "./deployer";
import type { Address, AssetWorld, MarketWorld } from "./types";

const RAY_DIGITS = 27;
const MECHANISMS = { "fixed-bonus": 1, "dutch-auction": 2, both: 3 } as const;

/** `cut` kept per `stepSeconds` → RAY factor kept per second. */
function perSecondCutRay(cutPerStep: number, stepSeconds: number): bigint {
  return toFixedUnits(Math.pow(cutPerStep, 1 / stepSeconds), RAY_DIGITS);
}

/** The LendingPool constructor's market config and rate model for a scenario (shared by every market it deploys). */
export function marketArgs(s: Scenario) {
  const m = s.market;
  const market = {
    closeFactor: toWad(m.closeFactor),
    fullCloseHealthFactor: toWad(m.fullCloseHealthFactor),
    dust: toFixedUnits(m.dust, s.tokens.debt.decimals),
    reserveFactorBps: m.reserveFactorBps,
    mechanisms: MECHANISMS[s.liquidation.mechanism],
  };
  const rates = {
    baseRatePerYear: toWad(m.rateModel.baseRatePerYear),
    slope1PerYear: toWad(m.rateModel.slope1PerYear),
    slope2PerYear: toWad(m.rateModel.slope2PerYear),
    kinkUtilization: toWad(m.rateModel.kinkUtilization),
  };
  return [market, rates] as const;
}

/** Lists `asset` on `pool` with the risk parameters of `risk` (a scenario's `market.collateral` block). */
export async function listCollateral(
  pool: LendingPool,
  asset: { token: MockERC20; decimals: number },
  feed: Address,
  risk: Pick<
    Scenario["market"]["collateral"],
    "maxPriceAgeSeconds" | "ltv" | "liquidationThreshold" | "liquidationBonusBps" | "supplyCap"
  >,
): Promise<void> {
  await pool.listCollateral(await asset.token.getAddress(), {
    feed,
    maxPriceAge: risk.maxPriceAgeSeconds,
    ltv: toWad(risk.ltv),
    liquidationThreshold: toWad(risk.liquidationThreshold),
    liquidationBonusBps: risk.liquidationBonusBps,
    supplyCap: toFixedUnits(risk.supplyCap, asset.decimals),
  });
}

/** Deploys the scenario's market lending `debt` against `asset`, with its auction liquidator when it has one. */
export async function buildMarket(
  d: Deployer,
  debt: MockERC20,
  asset: AssetWorld,
): Promise<{ pool: LendingPool; auctions: MarketWorld["auctions"] }> {
  const s = d.scenario;
  const admin = d.admin.address;
  const pool = await d.deploy<LendingPool>("LendingPool", [await debt.getAddress(), admin, ...marketArgs(s)]);
  await listCollateral(pool, asset, await asset.marketFeed.getAddress(), s.market.collateral);
  const auctions = s.liquidation.mechanism === "fixed-bonus" ? null : await buildAuctions(d, pool, asset);
  return { pool, auctions };
}

/** The Dutch auction liquidator of `pool` with the scenario's price curve, wired to the market. */
export async function buildAuctions(
  d: Deployer,
  pool: LendingPool,
  asset: AssetWorld,
): Promise<DutchAuctionLiquidator> {
  const s = d.scenario;
  const dd = (n: number) => toFixedUnits(n, s.tokens.debt.decimals);
  const a = s.liquidation.auction;
  const curve =
    a.curve.kind === "linear"
      ? await d.deploy<{ getAddress(): Promise<string> }>("LinearDecrease", [a.curve.durationSeconds])
      : a.curve.kind === "stairstep"
        ? await d.deploy<{ getAddress(): Promise<string> }>("StairstepExponentialDecrease", [
            a.curve.stepSeconds,
            toFixedUnits(a.curve.cutPerStep, RAY_DIGITS),
          ])
        : await d.deploy<{ getAddress(): Promise<string> }>("ExponentialDecrease", [
            perSecondCutRay(a.curve.cutPerStep, a.curve.stepSeconds),
          ]);
  const auctions = await d.deploy<DutchAuctionLiquidator>("DutchAuctionLiquidator", [
    d.admin.address,
    {
      curve: await curve.getAddress(),
      startPriceMultiplier: toWad(a.startPriceMultiplier),
      maxDuration: a.maxDurationSeconds,
      resetThreshold: toWad(a.resetThreshold),
      chipBps: a.chipBps,
      penaltyBps: a.penaltyBps,
    },
  ]);
  await pool.setAuctionLiquidator(await auctions.getAddress());
  await auctions.setMarketSettings(await pool.getAddress(), {
    enabled: true,
    tip: dd(a.tip),
    debtLimit: dd(a.maxDebtInAuction),
  });
  await auctions.setAssetDebtLimit(
    await pool.getAddress(),
    await asset.token.getAddress(),
    dd(a.maxDebtInAuctionPerAsset),
  );
  return auctions;
}

/** The lenders' supply: the admin mints and supplies `market.lenderSupply` (nothing is borrowed yet). */
export async function supplyLenders(d: Deployer, debt: MockERC20, pool: LendingPool): Promise<void> {
  const amount = toFixedUnits(d.scenario.market.lenderSupply, d.scenario.tokens.debt.decimals);
  await debt.mint(d.admin.address, amount);
  await debt.approve(await pool.getAddress(), d.hre.ethers.MaxUint256);
  await pool.supply(amount, d.admin.address);
}
