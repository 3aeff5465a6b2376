import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { breakerWorld, moved, FEED } from "./fixtures";

const P0 = FEED(2000);
const BTC0 = FEED(30_000);

describe("CircuitBreaker: several watched feeds", () => {
  it("reports the largest move over its feeds, and forgets every recorded answer when the feeds are replaced", async () => {
    const w = await loadFixture(breakerWorld); // watches the ETH feed, 10% limit, P0 recorded
    await w.ethFeed.setAnswer(moved(P0, -800n));
    await w.breaker.poke();
    expect(await w.breaker.priceMoveBps()).to.equal(800n);

    await w.breaker.setFeeds([await w.ethFeed.getAddress(), await w.btcFeed.getAddress()]);
    expect(await w.breaker.priceMoveBps()).to.equal(0n); // nothing recorded for either feed yet
    await w.breaker.poke(); // first answers: nothing to compare with
    expect(await w.breaker.priceMoveBps()).to.equal(0n);

    // ETH (the first feed) 8% further down, BTC (the second) 5% down: the larger move is reported, no trip.
    await w.ethFeed.setAnswer(moved(moved(P0, -800n), -800n));
    await w.btcFeed.setAnswer(moved(BTC0, -500n));
    await expect(w.breaker.poke()).not.to.emit(w.breaker, "Tripped");
    expect(await w.breaker.priceMoveBps()).to.equal(800n);
    expect(await w.breaker.isTripped()).to.equal(false);
  });

  it("refuses an answer too large to record (above 2^192 - 1) with the feed and the answer", async () => {
    const w = await loadFixture(breakerWorld);
    const huge = 2n ** 192n;
    await w.ethFeed.setAnswer(huge);
    await expect(w.breaker.poke())
      .to.be.revertedWithCustomError(w.breaker, "InvalidPrice")
      .withArgs(await w.ethFeed.getAddress(), huge);
    expect(await w.breaker.priceMoveBps()).to.equal(0n); // only P0 recorded
  });
});
