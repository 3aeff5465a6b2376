/**
 * The asset builder: a token, its AMM against the debt asset (seeded at `depth` on each side at the initial price)
 * and the feeds that price it — the lagged feed the oracle updater submits to, and as the scenario asks an AMM TWAP,
 * a live AMM spot feed and a floor guard. The market reads `marketFeed`.
 */
import type {
  AmmSpotFeed,
  AmmTwapFeed,
  BoundedFeed,
  ConstantProductPool,
  LaggedPriceFeed,
  MockERC20,
} from "../../../typechain-types";
import type { Scenario } from "../scenario";
import { toFixedUnits } from "../wad";
import type { Deployer } from "./deployer";
import { FEED_DECIMALS, type Agent, type AssetWorld } from "./types";

/** Whether a feed of these rules reads the asset's AMM (spot, TWAP, a median of either, the floor guard's TWAP). */
export function oracleReadsAmm(o: Scenario["oracle"]): boolean {
  const sources = o.source === "median" ? o.medianOf : [o.source];
  return sources.some((x) => x !== "external") || (o.floorGuard.enabled && o.floorGuard.maxDeviationFromTwapBps > 0);
}

/** Deploys a mintable ERC-20 token. */
export function deployToken(d: Deployer, token: { symbol: string; decimals: number }): Promise<MockERC20> {
  return d.deploy<MockERC20>("MockERC20", [token.symbol, token.symbol, token.decimals]);
}

/** What an asset is built from (the scenario's single collateral, or one of a system's assets). */
export interface AssetSpec {
  symbol: string;
  decimals: number;
  /** Null: no AMM (the asset is priced by its feed only; its oracle must read the external path). */
  amm: Scenario["amm"] | null;
  oracle: Scenario["oracle"];
}

/** The scenario's collateral asset. */
export function collateralAssetSpec(s: Scenario): AssetSpec {
  return { ...s.tokens.collateral, amm: s.amm, oracle: s.oracle };
}

/**
 * Deploys the asset's token, its AMM against `debt` (seeded at the initial price; none when `spec.amm` is null) and
 * its feeds; `updater` is the account allowed to submit to the lagged feed.
 */
export async function buildAsset(
  d: Deployer,
  spec: AssetSpec,
  debt: { token: MockERC20; symbol: string; decimals: number },
  initialPrice: number,
  updater: Agent,
): Promise<AssetWorld> {
  const { ethers } = d.hre;
  const admin = d.admin.address;
  const token = await deployToken(d, spec);
  const tokenAddress = await token.getAddress();
  const amm = spec.amm ? await deployAmm(d, spec.amm, token, spec.decimals, debt, initialPrice) : null;

  const o = spec.oracle;
  const pair = `${spec.symbol} / ${debt.symbol}`;
  const feed = await d.deploy<LaggedPriceFeed>("LaggedPriceFeed", [
    FEED_DECIMALS,
    pair,
    admin,
    updater.address,
    o.latencySeconds,
    o.latencyBlocks,
  ]);
  const guard = o.floorGuard;
  const needsTwap =
    o.source === "amm-twap" ||
    (o.source === "median" && o.medianOf.includes("amm-twap")) ||
    (guard.enabled && guard.maxDeviationFromTwapBps > 0);
  if (!amm && oracleReadsAmm(o)) throw new Error(`asset ${spec.symbol}: its oracle reads an AMM, and it has none`);
  const twap = needsTwap
    ? await d.deploy<AmmTwapFeed>("AmmTwapFeed", [
        await amm!.getAddress(),
        tokenAddress,
        Math.max(60, o.twapWindowSeconds),
        FEED_DECIMALS,
        "AMM TWAP",
      ])
    : null;
  const spotFeed =
    o.source === "amm-spot-live"
      ? await d.deploy<AmmSpotFeed>("AmmSpotFeed", [await amm!.getAddress(), tokenAddress, FEED_DECIMALS])
      : null;
  const boundedFeed = guard.enabled
    ? await d.deploy<BoundedFeed>("BoundedFeed", [
        await feed.getAddress(),
        admin,
        {
          floorAnswer: toFixedUnits(guard.floorPrice, FEED_DECIMALS),
          referenceFeed: guard.maxDeviationFromTwapBps > 0 ? await twap!.getAddress() : ethers.ZeroAddress,
          maxDeviationBps: guard.maxDeviationFromTwapBps,
        },
        `bounded ${pair}`,
      ])
    : null;
  // The market reads the AMM spot live, or the lagged feed (through the floor guard when there is one).
  const marketFeed = spotFeed ?? boundedFeed ?? feed;
  return { token, decimals: spec.decimals, amm, feed, twap, spotFeed, boundedFeed, marketFeed };
}

/** Deploys the asset's constant-product pool against `debt`, seeded with `depth` on each side at `initialPrice`. */
async function deployAmm(
  d: Deployer,
  params: Scenario["amm"],
  token: MockERC20,
  decimals: number,
  debt: { token: MockERC20; decimals: number },
  initialPrice: number,
): Promise<ConstantProductPool> {
  const amm = await d.deploy<ConstantProductPool>("ConstantProductPool", [
    await token.getAddress(),
    await debt.token.getAddress(),
    params.feeBps,
    "Cascade AMM LP",
    "CLP",
  ]);
  await d.sharedRouter();
  await debt.token.mint(await amm.getAddress(), toFixedUnits(params.depth, debt.decimals));
  await token.mint(await amm.getAddress(), toFixedUnits(params.depth / initialPrice, decimals));
  await amm.mint(d.admin.address);
  return amm;
}
