/**
 * The shared ground of the side-by-side comparison (issue 17): one debt token, one collateral token and one lab
 * LaggedPriceFeed (Chainlink-compatible, the price of one collateral token in debt tokens), deployed once and handed
 * to every protocol's `DeployMarket` as the same `MarketSetup`.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import type { LaggedPriceFeed, MockERC20 } from "../../../typechain-types";
import type { MarketSetup } from "../market-adapter";

export const FEED_DECIMALS = 8;
export const DEBT_DECIMALS = 6;
export const COLLATERAL_DECIMALS = 18;

export interface CompareWorld {
  debt: MockERC20;
  collateral: MockERC20;
  feed: LaggedPriceFeed;
  setup: MarketSetup;
  /** Submits a new answer (FEED_DECIMALS) to the lab feed; with zero latency it is visible at once. */
  setPrice(answer: bigint): Promise<void>;
}

export interface WorldOptions {
  market?: string;
  /** Opening price of one collateral token in debt tokens, FEED_DECIMALS (default 2,000). */
  priceAnswer?: bigint;
  /** WAD; defaults 0.75 and 0.80, Aave v3's WETH figures of 2022 rounded. */
  ltvWad?: bigint;
  liquidationThresholdWad?: bigint;
  /** Basis points (default 500). */
  liquidationBonusBps?: number;
  /** Feed latency, seconds and blocks (default 0: the comparison isolates the liquidation rules). */
  latencySeconds?: number;
  latencyBlocks?: number;
}

const WAD = 10n ** 18n;

/** USDC-like debt (6 decimals), WETH-like collateral (18) and a lagged feed answering `priceAnswer`. */
export async function deployCompareWorld(
  hre: HardhatRuntimeEnvironment,
  admin: Signer,
  options: WorldOptions = {},
): Promise<CompareWorld> {
  const adminAddress = await admin.getAddress();
  const debt = (await hre.ethers.deployContract(
    "MockERC20",
    ["USD Coin", "USDC", DEBT_DECIMALS],
    admin,
  )) as unknown as MockERC20;
  const collateral = (await hre.ethers.deployContract(
    "MockERC20",
    ["Wrapped Ether", "WETH", COLLATERAL_DECIMALS],
    admin,
  )) as unknown as MockERC20;
  const feed = (await hre.ethers.deployContract(
    "LaggedPriceFeed",
    [FEED_DECIMALS, "WETH / USDC", adminAddress, adminAddress, options.latencySeconds ?? 0, options.latencyBlocks ?? 0],
    admin,
  )) as unknown as LaggedPriceFeed;
  const setPrice = async (answer: bigint) => {
    const block = await hre.ethers.provider.getBlock("latest");
    await (await feed.submit(answer, block!.timestamp)).wait();
  };
  await setPrice(options.priceAnswer ?? 2000n * 10n ** BigInt(FEED_DECIMALS));
  return {
    debt,
    collateral,
    feed,
    setPrice,
    setup: {
      market: options.market ?? "main",
      admin,
      debtToken: await debt.getAddress(),
      collateralToken: await collateral.getAddress(),
      collateralFeed: await feed.getAddress(),
      ltvWad: options.ltvWad ?? (WAD * 75n) / 100n,
      liquidationThresholdWad: options.liquidationThresholdWad ?? (WAD * 80n) / 100n,
      liquidationBonusBps: options.liquidationBonusBps ?? 500,
    },
  };
}
