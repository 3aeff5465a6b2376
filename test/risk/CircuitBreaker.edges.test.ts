import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { inOneBlock, minedAt } from "../helpers/blocks";
import { BREAKER, EFFECT, REASON, PAUSE, GUARDIAN_ROLE, USDC, bareBreaker, breakerWorld } from "./fixtures";
import type { BareBreaker } from "./fixtures";

const LIMIT = USDC(5_000);
const COOLDOWN = BigInt(BREAKER.cooldown);
const WINDOW = BigInt(BREAKER.volumeWindow);

/** Volume trigger at 5,000 USDC (price trigger off). */
async function volumeBreaker() {
  return bareBreaker({ maxPriceMoveBps: 0, maxLiquidationVolume: LIMIT });
}

/** The market reports a liquidation of `debt`. */
function liquidation(b: BareBreaker, debt: bigint) {
  return b.breaker.connect(b.market).onLiquidation(b.admin.address, b.admin.address, debt, 0);
}

describe("CircuitBreaker: boundaries of the volume trigger, the cooldown and the throttle", () => {
  it("volume exactly at the limit trips neither a liquidation nor a poke; one unit more trips", async () => {
    const b = await loadFixture(volumeBreaker);
    await expect(liquidation(b, LIMIT)).not.to.emit(b.breaker, "Tripped");
    expect(await b.breaker.liquidationVolume()).to.equal(LIMIT);
    await expect(b.breaker.poke()).not.to.emit(b.breaker, "Tripped");
    expect(await b.breaker.isTripped()).to.equal(false);
    const tx = liquidation(b, 1n);
    const until = (await minedAt(tx)) + COOLDOWN;
    await expect(tx)
      .to.emit(b.breaker, "Tripped")
      .withArgs(REASON.VOLUME, 0, LIMIT + 1n, LIMIT, until);
  });

  it("a liquidation exactly one window after the window's start counts the whole previous window", async () => {
    const b = await loadFixture(volumeBreaker);
    await liquidation(b, LIMIT);
    // At start + window the fixed window rolls: the previous one (5,000) still weighs in full, plus the new 1.
    await time.setNextBlockTimestamp(b.deployedAt + WINDOW);
    await expect(liquidation(b, 1n))
      .to.emit(b.breaker, "Tripped")
      .withArgs(REASON.VOLUME, 0, LIMIT + 1n, LIMIT, b.deployedAt + WINDOW + COOLDOWN);
  });

  it("a liquidation at exactly trippedUntil lifts the trip first", async () => {
    const b = await loadFixture(volumeBreaker);
    const at = await minedAt(b.breaker.trip());
    expect(await b.breaker.trippedAt()).to.equal(at);
    const until = await b.breaker.trippedUntil();
    expect(until).to.equal(at + COOLDOWN);
    await time.setNextBlockTimestamp(until - 1n);
    await expect(liquidation(b, 1n)).not.to.emit(b.breaker, "Reset");
    expect(await b.breaker.isTripped()).to.equal(true);
    await time.setNextBlockTimestamp(until);
    await expect(liquidation(b, 1n)).to.emit(b.breaker, "Reset").withArgs(false, b.market.address);
    expect(await b.breaker.isTripped()).to.equal(false);
    expect(await b.breaker.trippedAt()).to.equal(0n);
  });

  it("a report too large for the volume counter saturates it instead of reverting", async () => {
    const b = await loadFixture(throttleOff);
    const max = 2n ** 112n - 1n; // the counter is a uint112
    await liquidation(b, max + 5n);
    expect(await b.breaker.liquidationVolume()).to.equal(max);
    await liquidation(b, 1n);
    expect(await b.breaker.liquidationVolume()).to.equal(max);
  });

  it("a trip throttles liquidations only with the throttle effect", async () => {
    for (const effects of [0, EFFECT.THROTTLE]) {
      const b = await loadFixture(effects === 0 ? throttleOff : throttleOn);
      await b.breaker.trip();
      const status = await inOneBlock([
        (o) => b.breaker.connect(b.market).onLiquidation(b.admin.address, b.admin.address, USDC(800), 0, o),
        (o) => b.breaker.connect(b.market).onLiquidation(b.admin.address, b.admin.address, USDC(800), 0, o),
      ]);
      // The block's first liquidation always passes; 800 + 800 is over the 1,000 cap.
      expect(status).to.deep.equal(effects === 0 ? [1, 1] : [1, 0]);
    }
  });
});

async function throttleOff() {
  return bareBreaker({ maxPriceMoveBps: 0, maxLiquidationVolume: 0n, liquidationCapPerBlock: USDC(1_000) });
}
async function throttleOn() {
  return bareBreaker({
    maxPriceMoveBps: 0,
    maxLiquidationVolume: 0n,
    liquidationCapPerBlock: USDC(1_000),
    effects: EFFECT.THROTTLE,
  });
}

/** The auction world with a second breaker that has no auction, on full halt, allowed to pause the market. */
async function noAuctionWorld() {
  const w = await breakerWorld();
  const bare = await ethers.deployContract("CircuitBreaker", [
    w.admin.address,
    w.poolAddress,
    ethers.ZeroAddress,
    [await w.ethFeed.getAddress()],
    { ...BREAKER, effects: EFFECT.FULL_HALT },
  ]);
  await w.pool.grantRole(GUARDIAN_ROLE, await bare.getAddress());
  return { ...w, bare };
}

describe("CircuitBreaker: what a trip switches on, and what a reset lifts", () => {
  it("without an auction, a full halt pauses the market only, and the reset lifts all three switches", async () => {
    const w = await loadFixture(noAuctionWorld);
    await expect(w.bare.trip()).to.emit(w.bare, "Tripped");
    for (const action of [PAUSE.BORROW, PAUSE.WITHDRAW_COLLATERAL, PAUSE.LIQUIDATE]) {
      expect(await w.pool.paused(action)).to.equal(true);
    }
    expect(await w.bare.switchesSet()).to.deep.equal([7n, 0n]);
    expect(await w.auctions.stopLevel()).to.equal(0n);
    await expect(w.bare.reset()).to.emit(w.bare, "Reset").withArgs(true, w.admin.address);
    for (const action of [PAUSE.BORROW, PAUSE.WITHDRAW_COLLATERAL, PAUSE.LIQUIDATE]) {
      expect(await w.pool.paused(action)).to.equal(false);
    }
  });

  it("a reset leaves a pause someone else switched on", async () => {
    const w = await loadFixture(breakerWorld); // effects: pause borrowing
    await w.pool.setPaused(PAUSE.WITHDRAW_COLLATERAL, true);
    await w.breaker.connect(w.guardian).trip();
    expect(await w.breaker.switchesSet()).to.deep.equal([1n, 0n]);
    await w.breaker.connect(w.guardian).reset();
    expect(await w.pool.paused(PAUSE.BORROW)).to.equal(false);
    expect(await w.pool.paused(PAUSE.WITHDRAW_COLLATERAL)).to.equal(true);
  });

  it("halting kicks when the auction already stops kicks: the breaker sets nothing and its reset lifts nothing", async () => {
    const w = await loadFixture(breakerWorld);
    await w.breaker.setConfig({ ...BREAKER, effects: EFFECT.HALT_KICKS });
    await w.auctions.setStopLevel(1);
    await expect(w.breaker.connect(w.guardian).trip()).not.to.emit(w.auctions, "StopLevelSet");
    expect(await w.breaker.switchesSet()).to.deep.equal([0n, 0n]);
    await expect(w.breaker.connect(w.guardian).reset()).not.to.emit(w.auctions, "StopLevelSet");
    expect(await w.auctions.stopLevel()).to.equal(1n);
  });
});
