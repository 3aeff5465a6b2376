import { ethers } from "hardhat";
import { MARKET, RATES, FEED, USDC, ETH } from "../lending/fixtures";

/** A market whose only collateral is a hostile token that calls back on every transfer, with auctions wired. */
export async function hostileMarket() {
  const [admin, lender, attacker, keeper] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const token = await ethers.deployContract("ReentrantERC20");
  const feed = await ethers.deployContract("MockPriceFeed", [8, FEED(2000)]);
  const pool = await ethers.deployContract("LendingPool", [usdc, admin.address, MARKET, RATES]);
  await pool.listCollateral(token, {
    feed,
    maxPriceAge: 3600,
    supplyCap: ETH(1_000_000),
    ltv: (10n ** 18n * 75n) / 100n,
    liquidationThreshold: (10n ** 18n * 80n) / 100n,
    liquidationBonusBps: 500,
  });
  const curve = await ethers.deployContract("StairstepExponentialDecrease", [90, (10n ** 27n * 99n) / 100n]);
  const auctions = await ethers.deployContract("DutchAuctionLiquidator", [
    admin.address,
    {
      curve,
      startPriceMultiplier: 12n * 10n ** 17n,
      maxDuration: 7200,
      resetThreshold: 6n * 10n ** 17n,
      chipBps: 10,
      penaltyBps: 1300,
    },
  ]);
  await pool.setAuctionLiquidator(auctions);
  await auctions.setMarketSettings(pool, { enabled: true, tip: USDC(100), debtLimit: USDC(1_000_000) });
  await auctions.setAssetDebtLimit(pool, token, USDC(1_000_000));
  for (const s of [lender, attacker, keeper]) {
    await usdc.mint(s.address, USDC(1_000_000));
    await usdc.connect(s).approve(pool, ethers.MaxUint256);
    await usdc.connect(s).approve(auctions, ethers.MaxUint256);
  }
  await pool.connect(lender).supply(USDC(500_000), lender.address);
  await token.mint(attacker.address, ETH(10));
  await token.connect(attacker).approve(pool, ethers.MaxUint256);
  await pool.connect(attacker).depositCollateral(token, ETH(10), attacker.address);
  await pool.connect(attacker).borrow(USDC(15_000), attacker.address, attacker.address);
  return { admin, lender, attacker, keeper, usdc, token, feed, pool, auctions, m: { pool, usdc } };
}
