import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { DAY, SPOT, WAD, answer, expectConserved, venueFixture } from "./fixtures";

/** Guards no other test reaches: writing during one's own auction, empty or unpaid bids, redeeming before settlement. */
const fixture = () => venueFixture();

/** A writer short one 1-day ATM call with cash 310, pushed under maintenance by spot +10%, its auction started. */
async function inAuction() {
  const f = await loadFixture(fixture);
  await f.venue.createSeries(true, SPOT, f.now + DAY);
  const id = await f.venue.seriesCount();
  await f.venue.connect(f.writer).deposit(f.writer.address, 310n * WAD);
  await f.venue.connect(f.writer).write(id, WAD, f.buyer.address);
  await f.feed.setAnswer(answer((SPOT * 110n) / 100n));
  await f.venue.connect(f.keeper).startAuction(f.writer.address);
  return { f, id };
}

describe("OptionsVenue guards (issue 20)", () => {
  it("refuses a new short from an account under auction, whatever its cash", async () => {
    const { f, id } = await inAuction();
    await f.venue.connect(f.writer).deposit(f.writer.address, 1n);
    expect(await f.venue.auctionStart(f.writer.address)).to.be.greaterThan(0n); // 1 wei does not cure it
    await expect(f.venue.connect(f.writer).write(id, WAD, f.buyer.address))
      .to.be.revertedWithCustomError(f.venue, "AuctionActive")
      .withArgs(f.writer.address);
    await expectConserved(f);
  });

  it("refuses a bid for no share of the portfolio, and one its bidder's cash cannot pay", async () => {
    const { f } = await inAuction();
    await expect(f.venue.connect(f.keeper).bid(f.writer.address, 0n, 0n))
      .to.be.revertedWithCustomError(f.venue, "InvalidFraction")
      .withArgs(0n);
    // `other` has no cash on the venue: the price of the whole portfolio (any price accepted) is more than its 0.
    await expect(f.venue.connect(f.other).bid(f.writer.address, WAD, ethers.MaxUint256)).to.be.revertedWithCustomError(
      f.venue,
      "InsufficientCash",
    );
    expect(await f.venue.cashOf(f.other.address)).to.equal(0n);
    await expectConserved(f);
  });

  it("refuses to redeem a long before its series is settled, even past expiry", async () => {
    const { f, id } = await inAuction();
    await expect(f.venue.connect(f.buyer).redeem(id))
      .to.be.revertedWithCustomError(f.venue, "SeriesNotSettled")
      .withArgs(id);
    await time.increaseTo(f.now + 2n * DAY);
    await expect(f.venue.connect(f.buyer).redeem(id))
      .to.be.revertedWithCustomError(f.venue, "SeriesNotSettled")
      .withArgs(id);
    expect(await f.venue.longOf(f.buyer.address, id)).to.equal(WAD);
  });
});
