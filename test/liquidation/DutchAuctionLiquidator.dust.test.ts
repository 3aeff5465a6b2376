import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, TIP, USDC, ETH } from "./fixtures";
import { FEED, MARKET } from "../lending/fixtures";

const BPS = 10_000n;
const PENALTY_FACTOR = BPS + BigInt(AUCTION.penaltyBps);

/**
 * A kick bounded to a room of 9.99 USDC at 1,700: principal 8.840707, tab 9.99 (below the 10 USDC dust) for a lot
 * worth about 10.02 USDC (above it).
 */
async function dustTab() {
  const w = await auctionWorld();
  await w.auctions.setMarketSettings(w.poolAddress, { enabled: true, tip: TIP, debtLimit: 9_990_000n });
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

/** The whole position (tab 16,950) kicked at 1,700 and aged past the limit, so that it must be reset. */
async function agedWholeAuction() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  await time.increase(AUCTION.maxDuration + 1);
  return w;
}

describe("DutchAuctionLiquidator: auctions at the dust", () => {
  it("pays no kick incentive when the tab is below the dust, even if the lot is worth more", async () => {
    const w = await loadFixture(dustTab);
    const principal = (9_990_000n * BPS) / PENALTY_FACTOR;
    const a = await w.auctions.auction(1n);
    expect(a.debtToRaise).to.equal((principal * PENALTY_FACTOR + BPS - 1n) / BPS);
    expect(a.debtToRaise).to.be.lessThan(MARKET.dust);
    const lotValue = (a.collateral * 1700n * 10n ** 18n) / 10n ** 30n;
    expect(lotValue).to.be.greaterThanOrEqual(MARKET.dust);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(0n);
  });

  it("refuses a take of zero collateral as such, even on an auction below the dust", async () => {
    const w = await loadFixture(dustTab);
    await expect(
      w.auctions.connect(w.taker).take(1n, 0n, 2040n * 10n ** 18n, w.taker.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAmount");
  });

  it("pays the reset incentive on a lot worth exactly the dust", async () => {
    const w = await loadFixture(agedWholeAuction);
    await w.ethFeed.setAnswer(100_000_000n); // 1.00 per ETH: 10 ETH are worth 10 USDC, the dust
    const tab = (USDC(15_000) * PENALTY_FACTOR) / BPS;
    await expect(w.auctions.redo(1n, w.keeper.address))
      .to.emit(w.auctions, "Redo")
      .withArgs(1n, 12n * 10n ** 17n, w.keeper.address, TIP + (tab * BigInt(AUCTION.chipBps)) / BPS);
  });

  it("pays nothing at a reset when the lot is worth a fraction of a unit less than the dust", async () => {
    const w = await loadFixture(agedWholeAuction);
    await w.ethFeed.setAnswer(99_999_999n); // 10 ETH worth 9.9999999 USDC: 9.999999 rounded down
    expect((ETH(10) * 99_999_999n * 10n ** 10n) / 10n ** 30n).to.equal(MARKET.dust - 1n);
    await expect(w.auctions.redo(1n, w.keeper.address))
      .to.emit(w.auctions, "Redo")
      .withArgs(1n, (99_999_999n * 10n ** 10n * 12n) / 10n, w.keeper.address, 0n);
  });
});
