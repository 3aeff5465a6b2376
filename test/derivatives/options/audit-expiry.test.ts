import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { BPS, DEFAULT_MARGIN } from "../../../scripts/derivatives/options/params";
import { DAY, SPOT, WAD, answer, ceilDiv, expectConserved, venueFixture } from "./fixtures";

/** Audit OPT-01 (docs/derivatives-options-audit.md): the buffers must not vanish at expiry before settlement. */
const fixture = () => venueFixture();

describe("audit OPT-01: expired but unsettled shorts keep their buffers", () => {
  it("a writer cannot withdraw the buffer at expiry and leave the post-expiry move as bad debt", async () => {
    const f = await loadFixture(fixture);
    const expiry = f.now + DAY;
    await f.venue.createSeries(true, SPOT, expiry);
    const id = await f.venue.seriesCount();
    await f.venue.connect(f.writer).deposit(f.writer.address, 400n * WAD);
    await f.venue.connect(f.writer).write(id, WAD, f.buyer.address);
    await time.increaseTo(expiry);
    // The visible spot is still the strike (payoff 0); the next answer of the feed will set the settlement price.
    const m = await f.venue.marginState(f.writer.address);
    const buffer = ceilDiv(SPOT * DEFAULT_MARGIN.callSpotBps, BPS);
    expect(m.markValue).to.equal(0n);
    expect(m.maintenance).to.equal(buffer);
    expect(m.initial).to.equal(ceilDiv(buffer * DEFAULT_MARGIN.initialBufferBps, BPS));
    // On the old code initial was 0 and the writer could take all 400 out before the price was known.
    await expect(f.venue.connect(f.writer).withdraw(400n * WAD))
      .to.be.revertedWithCustomError(f.venue, "BelowInitialMargin")
      .withArgs(f.writer.address, 0n, m.initial);
    await f.venue.connect(f.writer).withdraw(400n * WAD - m.initial);
    // The post-expiry answer is +10%: the payoff (200) is covered by the retained margin, no bad debt.
    await f.feed.setAnswer(answer((SPOT * 110n) / 100n));
    await f.venue.settleSeries(id);
    await f.venue.settleShort(f.writer.address, id);
    expect(await f.venue.totalBadDebt()).to.equal(0n);
    await f.venue.connect(f.buyer).redeem(id);
    expect(await f.quote.balanceOf(f.buyer.address)).to.equal(10n ** 9n * WAD + 200n * WAD);
    await expectConserved(f);
  });

  it("the requirement does not fall off a cliff at the expiry block (before settlement)", async () => {
    const f = await loadFixture(fixture);
    const expiry = f.now + DAY;
    await f.venue.createSeries(false, SPOT, expiry);
    const id = await f.venue.seriesCount();
    await f.venue.connect(f.writer).deposit(f.writer.address, 400n * WAD);
    await f.venue.connect(f.writer).write(id, WAD, f.buyer.address);
    await f.feed.setAnswer(answer(SPOT - 100n * WAD));
    await time.increaseTo(expiry - 1n);
    const before = (await f.venue.marginState(f.writer.address)).maintenance;
    await time.increaseTo(expiry);
    const after = (await f.venue.marginState(f.writer.address)).maintenance;
    // put 100 ITM: payoff 100 + min(9% x 1900, 9% x 100) = 109 at expiry; just before, mark >= 100 plus its buffer.
    expect(after).to.equal(100n * WAD + 9n * WAD);
    expect(before).to.be.at.least(after);
    await f.feed.setAnswer(answer(SPOT - 100n * WAD)); // the first answer at or after expiry
    await f.venue.settleSeries(id);
    expect((await f.venue.marginState(f.writer.address)).maintenance).to.equal(100n * WAD); // settled: fixed payoff
  });
});
