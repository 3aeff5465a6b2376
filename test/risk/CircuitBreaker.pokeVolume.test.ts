import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { breakerWorld, BREAKER, EFFECT, REASON, USDC, FEED } from "./fixtures";

const WINDOW = BigInt(BREAKER.volumeWindow);

/** Price and volume triggers off (volume is still counted); the borrower liquidatable at 1,700. */
async function quietWorld() {
  const w = await breakerWorld({ maxPriceMoveBps: 0, maxLiquidationVolume: 0n, effects: EFFECT.PAUSE_BORROW });
  await w.ethFeed.setAnswer(FEED(1700));
  const receipt = await w.breaker.deploymentTransaction()!.wait();
  const windowStart = BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
  return { ...w, windowStart };
}

/**
 * Regression: `poke` read the volume state without moving the fixed windows forward, so past a window's boundary it
 * saw 0 (a "stale" state) while the sliding window — what `liquidationVolume()` reports and what the docs define —
 * still held most of the surge; a volume trigger switched on (or lowered) during a surge then did not trip.
 */
describe("CircuitBreaker: poke measures the sliding volume after a fixed window's boundary", () => {
  it("trips on the 90% of a surge still inside the sliding window a tenth into the next fixed window", async () => {
    const w = await loadFixture(quietWorld);
    await w.pool
      .connect(w.liquidator)
      .liquidate(w.borrower.address, w.wethAddress, USDC(4_000), w.liquidator.address, 0);
    await w.breaker.setConfig({ ...BREAKER, maxPriceMoveBps: 0, maxLiquidationVolume: USDC(3_000) });
    await time.setNextBlockTimestamp(w.windowStart + WINDOW + WINDOW / 10n);
    const slidingVolume = (USDC(4_000) * 9n) / 10n;
    await expect(w.breaker.poke())
      .to.emit(w.breaker, "Tripped")
      .withArgs(REASON.VOLUME, BREAKER.effects, slidingVolume, USDC(3_000), anyValue);
    expect(await w.breaker.liquidationVolume()).to.equal(slidingVolume); // the same figure, same block
  });

  it("does not trip once the surge has faded below the limit (seven tenths into the next window: 1,200)", async () => {
    const w = await loadFixture(quietWorld);
    await w.pool
      .connect(w.liquidator)
      .liquidate(w.borrower.address, w.wethAddress, USDC(4_000), w.liquidator.address, 0);
    await w.breaker.setConfig({ ...BREAKER, maxPriceMoveBps: 0, maxLiquidationVolume: USDC(3_000) });
    await time.setNextBlockTimestamp(w.windowStart + WINDOW + (WINDOW * 7n) / 10n);
    await expect(w.breaker.poke()).not.to.emit(w.breaker, "Tripped");
    expect(await w.breaker.liquidationVolume()).to.equal((USDC(4_000) * 3n) / 10n);
  });
});
