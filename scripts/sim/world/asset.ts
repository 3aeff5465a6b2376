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

/** Deploys a mintable ERC-20 token. */
export function deployToken(d: Deployer, token: { symbol: string; decimals: number }): Promise<MockERC20> {
  return d.deploy<MockERC20>("MockERC20", [token.symbol, token.symbol, token.decimals]);
}

/** What an asset is built from (today the scenario's single collateral). */
export interface AssetSpec {
  symbol: string;
  decimals: number;
  amm: Scenario["amm"];
  oracle: Scenario["oracle"];
}

/** The scenario's collateral asset. */
export function collateralAssetSpec(s: Scenario): AssetSpec {
  return { ...s.tokens.collateral, amm: s.amm, oracle: s.oracle };
}

/**
 * Deploys the asset's token, its AMM against `debt` (seeded at the initial price) and its feeds; `updater` is the
 * account allowed to submit to the lagged feed.
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
  const amm = await d.deploy<ConstantProductPool>("ConstantProductPool", [
    tokenAddress,
    await debt.token.getAddress(),
    spec.amm.feeBps,
    "Cascade AMM LP",
    "CLP",
  ]);
  await d.sharedRouter();
  await debt.token.mint(await amm.getAddress(), toFixedUnits(spec.amm.depth, debt.decimals));
  await token.mint(await amm.getAddress(), toFixedUnits(spec.amm.depth / initialPrice, spec.decimals));
  await amm.mint(admin);

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
  const twap = needsTwap
    ? await d.deploy<AmmTwapFeed>("AmmTwapFeed", [
        await amm.getAddress(),
        tokenAddress,
        Math.max(60, o.twapWindowSeconds),
        FEED_DECIMALS,
        "AMM TWAP",
      ])
    : null;
  const spotFeed =
    o.source === "amm-spot-live"
      ? await d.deploy<AmmSpotFeed>("AmmSpotFeed", [await amm.getAddress(), tokenAddress, FEED_DECIMALS])
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
