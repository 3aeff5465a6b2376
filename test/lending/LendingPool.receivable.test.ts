import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld } from "../liquidation/fixtures";
import { FEED, USDC, ETH, expectConserved } from "./fixtures";

const SHARE_BPS = 10_000n;

/**
 * Issue 15's F3 shape: lenders of 1,000,000 and 100,000 USDC; a borrower with 10 ETH and 15,000 USDC of debt; ETH
 * falls to 1,000, the position is kicked with its collateral worth 10,000, the small lender leaves at once, and the
 * auction later sells at ~991 (19 steps of 1% from 1,200).
 */
async function underwaterKick() {
  const w = await auctionWorld();
  const [, lender] = w.signers;
  const leaver = w.signers[6];
  await w.usdc.mint(leaver.address, USDC(100_000));
  await w.usdc.connect(leaver).approve(w.poolAddress, ethers.MaxUint256);
  await w.pool.connect(leaver).supply(USDC(100_000), leaver.address);
  await w.ethFeed.setAnswer(FEED(1000));
  return { ...w, lender, leaver };
}

describe("LendingPool: the auction receivable is marked at the lot's oracle value (issue 15, F3)", () => {
  it("the kick writes off debt above the lot's value at once: debtInAuction holds only the marked receivable", async () => {
    const w = await loadFixture(underwaterKick);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, USDC(5_000), 0, USDC(5_000));
    expect(await w.pool.debtInAuction()).to.equal(USDC(10_000));
    expect(await w.pool.totalBadDebt()).to.equal(USDC(5_000));
    await expectConserved(w);
  });

  it("regression: a lender who leaves mid-auction bears its pro-rata share (old code: 0.2% of the loss, fair 9.1%)", async () => {
    const w = await loadFixture(underwaterKick);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const before = await w.usdc.balanceOf(w.leaver.address);
    await w.pool.connect(w.leaver).withdraw(ethers.MaxUint256, w.leaver.address, w.leaver.address);
    const leaverLoss = USDC(100_000) - ((await w.usdc.balanceOf(w.leaver.address)) - before);

    await time.increase(19 * 90);
    const price = (await w.auctions.auction(1)).price;
    await w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x");
    expect(await w.auctions.activeCount()).to.equal(0n);
    expect(await w.pool.debtInAuction()).to.equal(0n);
    const stayerLoss = USDC(1_000_000) - (await w.pool.suppliedOf(w.lender.address));
    const totalLoss = leaverLoss + stayerLoss;
    // The whole loss: 15,000 of debt - ~9,914 raised, plus the kick incentive (no reserves in this market).
    expect(totalLoss).to.be.gt(USDC(5_000));
    const share = (leaverLoss * SHARE_BPS) / totalLoss; // pro rata: 100,000 / 1,100,000 = 909 bps
    expect(share).to.be.gte(850n);
    expect(share).to.be.lte(930n);
    await expectConserved(w);
  });

  it("proceeds above the marked receivable go back to lenders; only what stays unpaid is recorded as more loss", async () => {
    const w = await loadFixture(underwaterKick);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const supplied = await w.pool.totalSupplyAssets();
    // Taken at once at the start price, 1,200: 12,000 raised, 2,000 above the 10,000 receivable.
    const price = (await w.auctions.auction(1)).price;
    await expect(w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x"))
      .to.emit(w.pool, "AuctionSettled")
      .withArgs(USDC(10_000), USDC(2_000), 0, 0)
      .and.to.emit(w.auctions, "AuctionEnded")
      .withArgs(1, 0, 0);
    expect(await w.pool.totalSupplyAssets()).to.equal(supplied + USDC(2_000));
    expect(await w.pool.totalBadDebt()).to.equal(USDC(5_000)); // gross write-offs never shrink
    expect(await w.pool.debtInAuction()).to.equal(0n);
    await expectConserved(w);
  });
});
