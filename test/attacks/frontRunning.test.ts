import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH, WAD } from "../liquidation/fixtures";
import { FEED } from "../lending/fixtures";

/** The no-interest auction world with the borrower kicked at 1,700 (start price 2,040) and a second funded taker. */
async function kickedWithTwoTakers() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  const victim = w.signers[6];
  await w.usdc.mint(victim.address, USDC(1_000_000));
  await w.usdc.connect(victim).approve(w.auctions, ethers.MaxUint256);
  return { ...w, victim };
}

describe("Attack: front-running kicks, takes, resets and liquidations", () => {
  it("a front-run take leaves the second taker paying no more than its maxPrice, only for what is left", async () => {
    const w = await loadFixture(kickedWithTwoTakers);
    const price = 2_040n * WAD;
    const tab = (USDC(15_000) * 11_300n) / 10_000n;
    // The front-runner buys 8 ETH first (16,320 USDC) ...
    await w.auctions.connect(w.taker).take(1n, ETH(8), price, w.taker.address, "0x");
    // ... the victim asked for all 10 ETH at up to 2,040 and gets only what covers the remaining debt.
    const left = tab - USDC(16_320);
    const sold = (left * 10n ** 30n) / price;
    const before = await w.usdc.balanceOf(w.victim.address);
    await expect(w.auctions.connect(w.victim).take(1n, ETH(10), price, w.victim.address, "0x"))
      .to.emit(w.auctions, "Take")
      .withArgs(1n, w.victim.address, w.victim.address, price, left, sold, 0n, ETH(2) - sold)
      .and.to.emit(w.auctions, "AuctionEnded")
      .withArgs(1n, 0n, ETH(2) - sold); // the unsold rest goes back to the borrower
    expect(before - (await w.usdc.balanceOf(w.victim.address))).to.equal(left);
  });

  it("a taker whose maxPrice is below the price (e.g. after a reset by a front-runner) is refused", async () => {
    const w = await loadFixture(kickedWithTwoTakers);
    await time.increase(7_201); // too old: needs a reset
    await w.ethFeed.setAnswer(FEED(1900));
    await w.auctions.connect(w.keeper).redo(1n, w.keeper.address); // restarts at 1,900 x 1.2 = 2,280
    await expect(w.auctions.connect(w.victim).take(1n, ETH(10), 2_040n * WAD, w.victim.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "PriceTooHigh")
      .withArgs(2_280n * WAD, 2_040n * WAD);
  });

  it("a front-run kick leaves nothing to kick; a front-run reset leaves nothing to reset", async () => {
    const w = await loadFixture(kickedWithTwoTakers);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.victim.address))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, ethers.MaxUint256);
    await time.increase(7_201);
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.connect(w.keeper).redo(1n, w.keeper.address);
    await expect(w.auctions.connect(w.victim).redo(1n, w.victim.address))
      .to.be.revertedWithCustomError(w.auctions, "CannotReset")
      .withArgs(1n, 2_040n * WAD, 1n);
  });

  it("a liquidator front-run by an oracle update is protected by minCollateralOut", async () => {
    const w = await loadFixture(auctionWorld);
    await w.usdc.connect(w.taker).approve(w.poolAddress, ethers.MaxUint256);
    await w.ethFeed.setAnswer(FEED(1750));
    const expected = (USDC(1_000) * 10_500n * 10n ** 30n) / (1_750n * WAD * 10_000n); // 0.6 ETH
    await w.ethFeed.setAnswer(FEED(1850)); // lands first: the same repayment now buys less collateral
    const seized = (USDC(1_000) * 10_500n * 10n ** 30n) / (1_850n * WAD * 10_000n);
    await expect(
      w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, USDC(1_000), w.taker.address, expected),
    )
      .to.be.revertedWithCustomError(w.pool, "CollateralOutTooLow")
      .withArgs(seized, expected);
  });
});
