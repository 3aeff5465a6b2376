import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC, ETH } from "./fixtures";
import { FEED } from "../lending/fixtures";

/** 10 ETH backing 15,000 USDC kicked at 1,700 (lot worth 17,000: no markdown), then left to age past the limit. */
async function kickedAndAged() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  await time.increase(AUCTION.maxDuration + 1);
  return w;
}

describe("DutchAuctionLiquidator: a reset marks the receivable down to the lot's value", () => {
  it("writes off principal minus the lot value rounded down, to the base unit", async () => {
    const w = await loadFixture(kickedAndAged);
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
    // 1,399.99999999 per ETH: the lot is worth 13,999.9999999 USDC, 13,999.999999 in base units rounded down.
    const answer = 139_999_999_999n;
    await w.ethFeed.setAnswer(answer);
    const lotValue = (ETH(10) * answer * 10n ** 10n) / 10n ** 30n;
    expect(lotValue).to.equal(13_999_999_999n);
    const extra = USDC(15_000) - lotValue;
    await expect(w.auctions.redo(1n, w.keeper.address)).to.emit(w.pool, "AuctionSettled").withArgs(0n, 0n, 0n, extra);
    expect(await w.pool.debtInAuction()).to.equal(lotValue);
  });

  it("writes nothing off when the lot still covers the principal", async () => {
    const w = await loadFixture(kickedAndAged);
    await w.ethFeed.setAnswer(FEED(1500)); // 15,000: exactly the principal
    await expect(w.auctions.redo(1n, w.keeper.address)).not.to.emit(w.pool, "AuctionSettled");
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
  });
});
