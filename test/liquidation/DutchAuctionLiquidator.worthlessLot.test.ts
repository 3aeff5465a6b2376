import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, TIP, WAD, USDC } from "./fixtures";
import { FEED } from "../lending/fixtures";

/** The auction world with the borrower (10 ETH, 15,000 USDC) kicked at 1,700. */
async function kicked() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

describe("DutchAuctionLiquidator: resetting an auction whose lot is worth less than dust", () => {
  it("redo restarts it at the crashed price but pays no incentive: a lot below dust is not worth a keeper's fee", async () => {
    const w = await loadFixture(kicked);
    await time.increase(AUCTION.maxDuration + 1);
    // ETH at 0.50: the 10 ETH lot is worth 5 USDC, below the market's 10 USDC dust, while the tab is still ~17,000.
    await w.ethFeed.setAnswer(FEED(1) / 2n);
    const a = await w.auctions.auction(1);
    expect(a.needsReset).to.equal(true);
    expect(a.debtToRaise).to.be.greaterThan(USDC(10));
    const before = await w.usdc.balanceOf(w.keeper.address);
    const startPrice = ((WAD / 2n) * 12n) / 10n; // 0.50 x the 120% start multiplier
    await expect(w.auctions.redo(1, w.keeper.address))
      .to.emit(w.auctions, "Redo")
      .withArgs(1n, startPrice, w.keeper.address, 0n);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(before);
    expect((await w.auctions.auction(1)).startPrice).to.equal(startPrice);
  });

  it("the same reset with the lot worth more than dust pays tip + chip x tab (the contrast)", async () => {
    const w = await loadFixture(kicked);
    await time.increase(AUCTION.maxDuration + 1);
    await w.ethFeed.setAnswer(FEED(2)); // 10 ETH worth 20 USDC, above dust
    const tab = (await w.auctions.auction(1)).debtToRaise;
    const before = await w.usdc.balanceOf(w.keeper.address);
    await w.auctions.redo(1, w.keeper.address);
    const paid = (await w.usdc.balanceOf(w.keeper.address)) - before;
    // Well within the budget the kick left (penalty 13% of 15,000 less the kick's incentive): tip + chip x tab.
    expect(paid).to.equal(TIP + (tab * BigInt(AUCTION.chipBps)) / 10_000n);
  });
});
