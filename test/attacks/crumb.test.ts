import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH } from "../liquidation/fixtures";
import { FEED, BTC, expectConserved } from "../lending/fixtures";

const MAX_PRICE_AGE = 3600;

/**
 * Issue 15, F5: a stranger deposits `amount` of WBTC into the borrower's position (10 ETH, 15,000 USDC of debt), then
 * the WBTC feed goes late while ETH keeps a fresh price.
 */
async function crumbed(amount: bigint) {
  const w = await auctionWorld();
  const stranger = w.signers[6];
  const wbtc = await w.wbtc.getAddress();
  await w.wbtc.mint(stranger.address, amount);
  await w.wbtc.connect(stranger).approve(w.poolAddress, amount);
  await w.pool.connect(stranger).depositCollateral(wbtc, amount, w.borrower.address);
  await time.increase(MAX_PRICE_AGE + 1);
  await w.ethFeed.setAnswer(FEED(2000)); // ETH fresh, WBTC stale
  await w.usdc.connect(w.taker).approve(w.poolAddress, ethers.MaxUint256);
  return { ...w, stranger, wbtcAddress: wbtc };
}
const satoshi = () => crumbed(1n); // 0.0003 USDC at 30,000: far below the 10 USDC dust
const thirtyDollars = () => crumbed(BTC(1) / 1000n); // 30 USDC: above dust

describe("Attack: a crumb of a late-priced collateral (issue 15, F5)", () => {
  it("regression: 1 satoshi of stale WBTC no longer blocks liquidating a position at health 0.907", async () => {
    const w = await loadFixture(satoshi);
    await w.ethFeed.setAnswer(FEED(1700)); // health 13,600 / 15,000 = 0.907
    await expect(
      w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, USDC(5_000), w.taker.address, 0n),
    ).to.emit(w.pool, "Liquidation"); // old code: StalePrice(WBTC)
    await expectConserved(w);
  });

  it("regression: nor kicking it, nor its owner withdrawing ETH while healthy", async () => {
    const w = await loadFixture(satoshi);
    await w.usdc.mint(w.borrower.address, USDC(3_000));
    await w.usdc.connect(w.borrower).approve(w.poolAddress, USDC(3_000));
    await w.pool.connect(w.borrower).repay(USDC(3_000), w.borrower.address);
    await expect(
      w.pool.connect(w.borrower).withdrawCollateral(w.wethAddress, ETH(1), w.borrower.address, w.borrower.address),
    ).to.emit(w.pool, "CollateralWithdrawn"); // old code: StalePrice(WBTC)
    await w.ethFeed.setAnswer(FEED(1500));
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address)).to.emit(
      w.auctions,
      "Kick",
    );
  });

  it("a stale holding worth at least dust still refuses the action (StalePrice): only crumbs count as zero", async () => {
    const w = await loadFixture(thirtyDollars);
    await w.ethFeed.setAnswer(FEED(1700));
    const [, , , updatedAt] = await w.btcFeed.latestRoundData();
    await expect(w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, USDC(5_000), w.taker.address, 0n))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wbtcAddress, updatedAt, MAX_PRICE_AGE);
  });

  it("realizeBadDebt is reachable: the debt left beside a stale crumb is written off, the crumb stays", async () => {
    const w = await loadFixture(satoshi);
    await expect(w.pool.realizeBadDebt(w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "NoBadDebt")
      .withArgs(w.borrower.address, USDC(15_000), USDC(20_000));
    await w.ethFeed.setAnswer(FEED(1000)); // toxic: the whole ETH balance goes, 10,000 / 1.05 repaid
    await w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, ethers.MaxUint256, w.taker.address, 0n);
    const left = await w.pool.debtOf(w.borrower.address);
    expect(left).to.be.gt(USDC(5_000)); // the crumb kept the liquidation from booking it (old code: stuck for good)
    await expect(w.pool.realizeBadDebt(w.borrower.address))
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, left, 0, left);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    expect(await w.pool.collateralOf(w.borrower.address, w.wbtcAddress)).to.equal(1n);
    expect(await w.pool.totalBadDebt()).to.equal(left);
    await expectConserved(w);
  });
});
