import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC, ETH, WAD } from "./fixtures";
import { FEED } from "../lending/fixtures";

const UNIT_SCALE = 10n ** 30n; // WETH (18 decimals) priced in USDC (6 decimals) at a WAD price
const START_PRICE = 2040n * WAD; // 1,700 x 1.2
const TAB = (USDC(15_000) * 11_300n) / 10_000n; // 16,950: principal x (1 + 13% penalty), exact

/** 10 ETH backing 15,000 USDC kicked at 1,700, reset threshold lowered to 40% so that only age forces a reset. */
async function kickedLowThreshold() {
  const w = await auctionWorld();
  await w.auctions.setParams({ curve: await w.curve.getAddress(), ...AUCTION, resetThreshold: (WAD * 40n) / 100n });
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

describe("DutchAuctionLiquidator: takes at the edges", () => {
  it("takes exactly the collateral asked for when its cost rounds up to the whole debt", async () => {
    const w = await loadFixture(kickedLowThreshold);
    // Below the largest amount whose cost rounds up to 16,950: the price of one USDC unit is ~4.9e8 wei.
    const asked = (TAB * UNIT_SCALE) / START_PRICE - 100_000_000n;
    const cost = (asked * START_PRICE + UNIT_SCALE - 1n) / UNIT_SCALE;
    expect(cost).to.equal(TAB);
    expect((asked * START_PRICE) % UNIT_SCALE).to.not.equal(0n);
    await w.auctions.connect(w.taker).take(1n, asked, START_PRICE, w.taker.address, "0x");
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(asked);
    expect(await w.weth.balanceOf(w.borrower.address)).to.equal(ETH(10) - asked);
    expect(await w.auctions.activeCount()).to.equal(0n);
  });

  it("can still be taken at exactly the maximum age, and needs a reset one second later", async () => {
    const w = await loadFixture(kickedLowThreshold);
    const start = (await w.auctions.auction(1n)).startTime;
    await time.setNextBlockTimestamp(start + BigInt(AUCTION.maxDuration));
    await expect(w.auctions.connect(w.taker).take(1n, ETH(1), START_PRICE, w.taker.address, "0x")).to.emit(
      w.auctions,
      "Take",
    );
    const elapsed = BigInt(AUCTION.maxDuration) + 1n;
    await time.setNextBlockTimestamp(start + elapsed);
    const price = await w.curve.price(START_PRICE, elapsed);
    await expect(w.auctions.connect(w.taker).take(1n, ETH(1), START_PRICE, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "AuctionNeedsReset")
      .withArgs(1n, price, elapsed);
  });

  it("restarts a reset auction at the fresh oracle price x the multiplier, rounded up", async () => {
    const w = await loadFixture(kickedLowThreshold);
    const multiplier = AUCTION.startPriceMultiplier + 1n;
    await w.auctions.setParams({
      curve: await w.curve.getAddress(),
      ...AUCTION,
      resetThreshold: (WAD * 40n) / 100n,
      startPriceMultiplier: multiplier,
    });
    await time.increase(AUCTION.maxDuration + 1);
    const answer = 170_000_000_001n; // 1,700.00000001
    await w.ethFeed.setAnswer(answer);
    const oracle = answer * 10n ** 10n;
    expect((oracle * multiplier) % WAD).to.not.equal(0n);
    await w.auctions.redo(1n, w.keeper.address);
    expect((await w.auctions.auction(1n)).startPrice).to.equal((oracle * multiplier + WAD - 1n) / WAD);
  });
});
