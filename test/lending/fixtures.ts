import { ethers } from "hardhat";
import type { LendingPool, MockERC20, MockPriceFeed } from "../../typechain-types";

export const WAD = 10n ** 18n;
export const USDC = (n: number | bigint) => BigInt(n) * 10n ** 6n;
export const ETH = (n: number | bigint) => BigInt(n) * 10n ** 18n;
export const BTC = (n: number | bigint) => BigInt(n) * 10n ** 8n;
export const FEED = (n: number | bigint) => BigInt(n) * 10n ** 8n;

export const MARKET = {
  closeFactor: WAD / 2n,
  fullCloseHealthFactor: (WAD * 95n) / 100n,
  dust: USDC(10),
  reserveFactorBps: 1000,
  mechanisms: 3,
};

/** A `marketConfig()` result as the input struct `setMarketConfig` takes. */
export const marketConfigInput = (c: {
  closeFactor: bigint;
  fullCloseHealthFactor: bigint;
  dust: bigint;
  reserveFactorBps: bigint;
  mechanisms: bigint;
}) => ({
  closeFactor: c.closeFactor,
  fullCloseHealthFactor: c.fullCloseHealthFactor,
  dust: c.dust,
  reserveFactorBps: c.reserveFactorBps,
  mechanisms: c.mechanisms,
});

export const RATES = {
  baseRatePerYear: (WAD * 2n) / 100n,
  slope1PerYear: (WAD * 10n) / 100n,
  slope2PerYear: WAD,
  kinkUtilization: (WAD * 80n) / 100n,
};

export const ETH_PARAMS = {
  ltv: (WAD * 75n) / 100n,
  liquidationThreshold: (WAD * 80n) / 100n,
  liquidationBonusBps: 500,
};
export const BTC_PARAMS = {
  ltv: (WAD * 70n) / 100n,
  liquidationThreshold: (WAD * 75n) / 100n,
  liquidationBonusBps: 750,
};

export interface Market {
  pool: LendingPool;
  usdc: MockERC20;
  weth: MockERC20;
  wbtc: MockERC20;
  ethFeed: MockPriceFeed;
  btcFeed: MockPriceFeed;
}

/** A market with USDC (6 decimals) debt, WETH (18) at 2,000 and WBTC (8) at 30,000, one lender with 1M USDC. */
export async function deployMarket(): Promise<Market & { signers: Awaited<ReturnType<typeof ethers.getSigners>> }> {
  const signers = await ethers.getSigners();
  const [admin, lender] = signers;
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const wbtc = await ethers.deployContract("MockERC20", ["Wrapped Bitcoin", "WBTC", 8]);
  const ethFeed = await ethers.deployContract("MockPriceFeed", [8, FEED(2000)]);
  const btcFeed = await ethers.deployContract("MockPriceFeed", [8, FEED(30000)]);
  const pool = await ethers.deployContract("LendingPool", [await usdc.getAddress(), admin.address, MARKET, RATES]);
  await pool.listCollateral(await weth.getAddress(), {
    feed: await ethFeed.getAddress(),
    maxPriceAge: 3600,
    supplyCap: ETH(1_000_000),
    ...ETH_PARAMS,
  });
  await pool.listCollateral(await wbtc.getAddress(), {
    feed: await btcFeed.getAddress(),
    maxPriceAge: 3600,
    supplyCap: BTC(100_000),
    ...BTC_PARAMS,
  });
  await usdc.mint(lender.address, USDC(1_000_000));
  await usdc.connect(lender).approve(await pool.getAddress(), ethers.MaxUint256);
  await pool.connect(lender).supply(USDC(1_000_000), lender.address);
  return { pool, usdc, weth, wbtc, ethFeed, btcFeed, signers };
}

/** Mints collateral to `who`, deposits it and borrows `debt` USDC. */
export async function openPosition(
  m: Market,
  who: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  collateral: { weth?: bigint; wbtc?: bigint },
  debt: bigint,
) {
  const poolAddress = await m.pool.getAddress();
  for (const [token, amount] of [
    [m.weth, collateral.weth ?? 0n],
    [m.wbtc, collateral.wbtc ?? 0n],
  ] as const) {
    if (amount === 0n) continue;
    await token.mint(who.address, amount);
    await token.connect(who).approve(poolAddress, amount);
    await m.pool.connect(who).depositCollateral(await token.getAddress(), amount, who.address);
  }
  if (debt > 0n) await m.pool.connect(who).borrow(debt, who.address, who.address);
}

/** debtAsset held by the pool must cover what it owes lenders plus reserves, minus what is lent or in auction. */
export async function expectConserved(m: Market) {
  const balance = await m.usdc.balanceOf(await m.pool.getAddress());
  const supplied = await m.pool.totalSupplyAssets();
  const reserves = await m.pool.reserves();
  const borrowed = await m.pool.totalBorrowAssets();
  const inAuction = await m.pool.debtInAuction();
  const owed = supplied + reserves - borrowed - inAuction;
  if (balance < owed) throw new Error(`pool holds ${balance} but owes ${owed}`);
  // Rounding may leave the pool a few wei richer, never poorer.
  if (balance - owed > 10n) throw new Error(`pool holds ${balance}, accounting says ${owed}: unaccounted tokens`);
}

/** The same market with a zero interest rate, so that debts stay put to the wei between blocks. */
export async function deployMarketNoInterest() {
  const m = await deployMarket();
  await m.pool.setRateModel({ baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n });
  return m;
}
