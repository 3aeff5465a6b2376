import { ethers } from "hardhat";
import { deployMarketNoInterest, openPosition, USDC, ETH } from "../lending/fixtures";

export const RAY = 10n ** 27n;
export const WAD = 10n ** 18n;

/** Liquidations 2.0 defaults: start at 120% of the oracle, 1% off every 90 s, reset below 60% or after 2 h. */
export const AUCTION = {
  startPriceMultiplier: (WAD * 120n) / 100n,
  maxDuration: 7200,
  resetThreshold: (WAD * 60n) / 100n,
  chipBps: 10,
  penaltyBps: 1300,
};
export const TIP = USDC(100);

/**
 * The no-interest market (USDC debt, WETH at 2,000) with a Dutch-auction liquidator wired in, a borrower with
 * 10 ETH and 15,000 USDC of debt, and a funded taker.
 */
export async function auctionWorld() {
  const m = await deployMarketNoInterest();
  const [admin, , borrower, keeper, taker] = m.signers;
  const curve = await ethers.deployContract("StairstepExponentialDecrease", [90, (RAY * 99n) / 100n]);
  const auctions = await ethers.deployContract("DutchAuctionLiquidator", [
    admin.address,
    { curve: await curve.getAddress(), ...AUCTION },
  ]);
  const pool = await m.pool.getAddress();
  const weth = await m.weth.getAddress();
  await m.pool.setAuctionLiquidator(await auctions.getAddress());
  await auctions.setMarketSettings(pool, { enabled: true, tip: TIP, debtLimit: USDC(1_000_000) });
  await auctions.setAssetDebtLimit(pool, weth, USDC(1_000_000));
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  await m.usdc.mint(taker.address, USDC(1_000_000));
  await m.usdc.connect(taker).approve(await auctions.getAddress(), ethers.MaxUint256);
  return { ...m, auctions, curve, borrower, keeper, taker, poolAddress: pool, wethAddress: weth };
}

export type AuctionWorld = Awaited<ReturnType<typeof auctionWorld>>;
export { USDC, ETH };
