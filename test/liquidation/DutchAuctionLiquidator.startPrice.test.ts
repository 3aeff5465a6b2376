import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, WAD } from "./fixtures";

/** A multiplier one wei above 1.2 and an oracle price of 1,700.00000001: their product is not a whole wei. */
const MULTIPLIER = AUCTION.startPriceMultiplier + 1n;
const ANSWER = 170_000_000_001n;

async function oddPrices() {
  const w = await auctionWorld();
  await w.auctions.setParams({ curve: await w.curve.getAddress(), ...AUCTION, startPriceMultiplier: MULTIPLIER });
  await w.ethFeed.setAnswer(ANSWER);
  return w;
}

describe("DutchAuctionLiquidator: the start price", () => {
  it("is the oracle price x the start multiplier, rounded up", async () => {
    const w = await loadFixture(oddPrices);
    const oracle = ANSWER * 10n ** 10n;
    expect((oracle * MULTIPLIER) % WAD).to.not.equal(0n);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    expect((await w.auctions.auction(1n)).startPrice).to.equal((oracle * MULTIPLIER + WAD - 1n) / WAD);
  });
});
