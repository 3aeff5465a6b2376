import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { BREAKER, EFFECT, PAUSE, breakerWorld, FEED } from "./fixtures";

/** Bounds and edge paths of the CircuitBreaker that the behaviour tests do not reach (found by the coverage gate). */
describe("CircuitBreaker: bounds and edges", () => {
  const MAX_WINDOW = 7 * 86_400;

  it("refuses a zero admin or market at construction", async () => {
    const w = await loadFixture(breakerWorld);
    const feeds = [await w.ethFeed.getAddress()];
    const auction = await w.auctions.getAddress();
    for (const [admin, market] of [
      [ethers.ZeroAddress, w.poolAddress],
      [w.admin.address, ethers.ZeroAddress],
    ]) {
      await expect(
        ethers.deployContract("CircuitBreaker", [admin, market, auction, feeds, BREAKER]),
      ).to.be.revertedWithCustomError(w.breaker, "ZeroAddress");
    }
  });

  it("checks each window bound on its own", async () => {
    const w = await loadFixture(breakerWorld);
    const bad = [
      { ...BREAKER, priceWindow: MAX_WINDOW + 1 },
      { ...BREAKER, volumeWindow: 0 },
      { ...BREAKER, volumeWindow: MAX_WINDOW + 1 },
    ];
    for (const c of bad) {
      await expect(w.breaker.setConfig(c))
        .to.be.revertedWithCustomError(w.breaker, "InvalidConfig")
        .withArgs(c.maxPriceMoveBps, c.priceWindow, c.volumeWindow, c.cooldown, c.effects);
    }
    // The widest windows are accepted.
    await w.breaker.setConfig({ ...BREAKER, priceWindow: MAX_WINDOW, volumeWindow: MAX_WINDOW });
  });

  it("refuses to record a non-positive answer", async () => {
    const w = await loadFixture(breakerWorld);
    await w.ethFeed.setAnswer(0);
    await expect(w.breaker.poke())
      .to.be.revertedWithCustomError(w.breaker, "InvalidPrice")
      .withArgs(await w.ethFeed.getAddress(), 0);
  });

  it("keeps only the last RING_SIZE answers and still trips on a move within the window", async () => {
    const w = await loadFixture(breakerWorld);
    const ring = Number(await w.breaker.RING_SIZE());
    for (let i = 0; i < ring + 2; i++) {
      await time.increase(60);
      await w.ethFeed.setAnswer(FEED(2000) + BigInt(i)); // tiny moves: a new distinct answer each time
      expect(await w.breaker.poke.staticCall()).to.equal(false);
      await w.breaker.poke();
    }
    await time.increase(60);
    await w.ethFeed.setAnswer(FEED(1700)); // -15% > 10%
    await w.breaker.poke();
    expect(await w.breaker.isTripped()).to.equal(true);
  });

  it("forgets old liquidation volume after two windows, and a manual reset leaves a lifted pause alone", async () => {
    const w = await loadFixture(breakerWorld);
    await w.breaker.setConfig({ ...BREAKER, effects: EFFECT.PAUSE_BORROW });
    await w.breaker.connect(w.guardian).trip();
    expect(await w.pool.paused(PAUSE.BORROW)).to.equal(true);
    await w.pool.setPaused(PAUSE.BORROW, false); // a person lifted it first
    await w.breaker.connect(w.guardian).reset();
    expect(await w.pool.paused(PAUSE.BORROW)).to.equal(false);
    await time.increase(3 * BREAKER.volumeWindow);
    expect(await w.breaker.liquidationVolume()).to.equal(0n);
  });
});
