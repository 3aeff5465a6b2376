import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH, WAD } from "../liquidation/fixtures";
import { FEED, MARKET } from "../lending/fixtures";

const DUST = MARKET.dust;

describe("Attack: dust griefing (leaving unliquidatable crumbs)", () => {
  it("a liquidation that would leave one wei of debt repays the whole debt", async () => {
    const w = await loadFixture(auctionWorld);
    await w.usdc.connect(w.taker).approve(w.poolAddress, ethers.MaxUint256);
    await w.ethFeed.setAnswer(FEED(1750)); // health 0.933 < 0.95: the whole debt may be repaid
    await expect(
      w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, USDC(15_000) - 1n, w.taker.address, 0n),
    )
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.taker.address,
        w.borrower.address,
        w.wethAddress,
        w.taker.address,
        USDC(15_000),
        ETH(9), // 15,000 x 1.05 / 1,750
        1_750n * WAD,
        (14_000n * WAD) / 15_000n,
        ethers.MaxUint256,
      );
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
  });

  it("a liquidation that would leave collateral worth less than dust takes all of it and books the rest as bad debt", async () => {
    const w = await loadFixture(auctionWorld);
    await w.usdc.connect(w.taker).approve(w.poolAddress, ethers.MaxUint256);
    await w.ethFeed.setAnswer(FEED(1500)); // toxic: 15,000 of collateral < 15,000 x 1.05
    // Repaying 14,280 would seize 9.996 ETH and leave 0.004 ETH (6 USDC < dust) behind.
    const repayForAll = (ETH(10) * 1_500n * 10_000n + 10n ** 12n * 10_500n - 1n) / (10n ** 12n * 10_500n);
    await expect(
      w.pool.connect(w.taker).liquidate(w.borrower.address, w.wethAddress, USDC(14_280), w.taker.address, 0n),
    )
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, USDC(15_000) - repayForAll, 0n, USDC(15_000) - repayForAll);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(0n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(ETH(10));
  });

  it("a partial take that would leave less than dust to raise is cut to leave exactly dust", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const tab = (USDC(15_000) * 11_300n) / 10_000n;
    const price = 2_040n * WAD;
    // Ask for the collateral that would leave 1 USDC to raise.
    const greedy = ((tab - USDC(1)) * 10n ** 30n) / price;
    const owe = tab - DUST;
    const collateral = (owe * 10n ** 30n) / price;
    await expect(w.auctions.connect(w.taker).take(1n, greedy, price, w.taker.address, "0x"))
      .to.emit(w.auctions, "Take")
      .withArgs(1n, w.taker.address, w.taker.address, price, owe, collateral, DUST, ETH(10) - collateral);
    // With only dust left, a partial purchase is refused: the rest must be bought in one piece.
    await expect(w.auctions.connect(w.taker).take(1n, 1n, price, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "NoPartialPurchase")
      .withArgs(DUST, 1n, DUST);
  });
});
