import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { minedAt } from "../helpers/blocks";
import { BREAKER, REASON, FEED, bareBreaker, breakerWorld, moved } from "./fixtures";
import type { BareBreaker, BreakerConfigInput } from "./fixtures";

const BPS = 10_000;
const MAX_COOLDOWN = 7 * 86_400;
const MAX_EFFECTS = 15;
const MAX_FEEDS = 8;
const RING_SIZE = 16;
const MAX_ANSWER = 2n ** 192n - 1n; // the ring stores answers as uint192

/** ceil(|a - b| x 10,000 / b): the breaker's move in bps. */
const moveBps = (a: bigint, b: bigint) => ((a > b ? a - b : b - a) * 10_000n + b - 1n) / b;

async function priceOff() {
  return bareBreaker({ maxPriceMoveBps: 0, maxLiquidationVolume: 0n });
}

/** A new round at `answer` (stamped now), recorded by a poke. */
async function record(b: BareBreaker, answer: bigint) {
  await b.feed.setAnswer(answer);
  await b.breaker.poke();
}

/** Each bound of the configuration and the feed list at the bound (accepted) and one past it (refused). */
describe("CircuitBreaker: configuration bounds and the price ring's edges", () => {
  it("config bounds: move <= 10,000 bps, cooldown <= 7 days, effects <= 15, each on its own", async () => {
    const w = await loadFixture(breakerWorld);
    expect(await w.breaker.MAX_COOLDOWN()).to.equal(MAX_COOLDOWN);
    expect(await w.breaker.MAX_EFFECTS()).to.equal(MAX_EFFECTS);
    const cases: Array<[Partial<BreakerConfigInput>, Partial<BreakerConfigInput>]> = [
      [{ maxPriceMoveBps: BPS }, { maxPriceMoveBps: BPS + 1 }],
      [{ cooldown: MAX_COOLDOWN }, { cooldown: MAX_COOLDOWN + 1 }],
      [{ effects: MAX_EFFECTS }, { effects: MAX_EFFECTS + 1 }],
    ];
    for (const [ok, bad] of cases) {
      const good = { ...BREAKER, ...ok };
      await expect(w.breaker.setConfig(good)).to.emit(w.breaker, "ConfigUpdated");
      const stored = await w.breaker.config();
      expect([stored.maxPriceMoveBps, stored.cooldown, stored.effects]).to.deep.equal(
        [good.maxPriceMoveBps, good.cooldown, good.effects].map(BigInt),
      );
      const c = { ...BREAKER, ...bad };
      await expect(w.breaker.setConfig(c))
        .to.be.revertedWithCustomError(w.breaker, "InvalidConfig")
        .withArgs(c.maxPriceMoveBps, c.priceWindow, c.volumeWindow, c.cooldown, c.effects);
    }
  });

  it("watches at most 8 feeds, and lists the ones it watches", async () => {
    const b = await loadFixture(bareBreaker);
    expect(await b.breaker.MAX_FEEDS()).to.equal(MAX_FEEDS);
    expect(await b.breaker.feeds()).to.deep.equal([await b.feed.getAddress()]);
    const feeds: string[] = [];
    for (let i = 0; i <= MAX_FEEDS; i++) {
      const f = await ethers.deployContract("MockPriceFeed", [8, FEED(100 + i)]);
      feeds.push(await f.getAddress());
    }
    await expect(b.breaker.setFeeds(feeds))
      .to.be.revertedWithCustomError(b.breaker, "TooManyFeeds")
      .withArgs(MAX_FEEDS + 1, MAX_FEEDS);
    const eight = feeds.slice(0, MAX_FEEDS);
    await expect(b.breaker.setFeeds(eight)).to.emit(b.breaker, "FeedsUpdated");
    expect(await b.breaker.feeds()).to.deep.equal(eight);
    await expect(b.breaker.setFeeds([])).to.emit(b.breaker, "FeedsUpdated");
    expect(await b.breaker.feeds()).to.deep.equal([]);
  });

  it("records an answer up to 2^192 - 1 and refuses 2^192", async () => {
    const b = await loadFixture(bareBreaker);
    await b.feed.setAnswer(MAX_ANSWER + 1n);
    await expect(b.breaker.poke())
      .to.be.revertedWithCustomError(b.breaker, "InvalidPrice")
      .withArgs(await b.feed.getAddress(), MAX_ANSWER + 1n);
    await record(b, MAX_ANSWER);
    // Recorded: halving it is a 50% move against it (rounded up), which trips the 10% trigger.
    const half = 2n ** 191n;
    await b.feed.setAnswer(half);
    const tx = b.breaker.poke();
    const until = (await minedAt(tx)) + BigInt(BREAKER.cooldown);
    await expect(tx)
      .to.emit(b.breaker, "Tripped")
      .withArgs(REASON.PRICE, 0, moveBps(half, MAX_ANSWER), BREAKER.maxPriceMoveBps, until);
    expect(moveBps(half, MAX_ANSWER)).to.equal(5_000n);
  });

  it("records a round once: pokes without a new round do not push older answers out of the ring", async () => {
    const b = await loadFixture(priceOff);
    await record(b, FEED(2000));
    await record(b, FEED(2100));
    expect(await b.breaker.priceMoveBps()).to.equal(500n);
    for (let i = 0; i < RING_SIZE; i++) await b.breaker.poke();
    expect(await b.breaker.priceMoveBps()).to.equal(500n); // 2,000 is still recorded
    // The ring holds two answers, not sixteen: a third round is compared with both (+10% against 2,000).
    await record(b, FEED(2200));
    expect(await b.breaker.priceMoveBps()).to.equal(1_000n);
  });

  it("keeps RING_SIZE answers through two full turns of the ring", async () => {
    const b = await loadFixture(priceOff);
    const answer = (i: number) => FEED(2000) + FEED(i);
    for (let i = 0; i < 2 * RING_SIZE; i++) await record(b, answer(i));
    // Back at slot 0: the ring holds rounds 16..31; the newest against the other 15, the largest move from 16.
    const newest = answer(2 * RING_SIZE - 1);
    expect(await b.breaker.priceMoveBps()).to.equal(moveBps(newest, answer(RING_SIZE)));
    expect(await b.breaker.poke.staticCall()).to.equal(false);
    await record(b, answer(2 * RING_SIZE));
    expect(await b.breaker.priceMoveBps()).to.equal(moveBps(answer(2 * RING_SIZE), answer(RING_SIZE + 1)));
  });

  it("compares with an answer exactly priceWindow older, not with one a second older than that", async () => {
    for (const age of [BREAKER.priceWindow, BREAKER.priceWindow + 1]) {
      const b = await loadFixture(bareBreaker);
      await record(b, FEED(2000));
      const t0 = await b.feed.updatedAt();
      await time.setNextBlockTimestamp(t0 + BigInt(age));
      await b.feed.setAnswer(moved(FEED(2000), 1_100n)); // +11%: over the 10% trigger
      expect(await b.feed.updatedAt()).to.equal(t0 + BigInt(age));
      const tripped = age === BREAKER.priceWindow;
      if (tripped) {
        const tx = b.breaker.poke();
        const until = (await minedAt(tx)) + BigInt(BREAKER.cooldown);
        await expect(tx)
          .to.emit(b.breaker, "Tripped")
          .withArgs(REASON.PRICE, 0, 1_100n, BREAKER.maxPriceMoveBps, until);
      } else {
        await expect(b.breaker.poke()).not.to.emit(b.breaker, "Tripped");
      }
      expect(await b.breaker.isTripped()).to.equal(tripped);
    }
  });
});
