import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { breakerWorld, BreakerWorld, BREAKER, EFFECT, REASON, USDC, FEED } from "./fixtures";

const WINDOW = BigInt(BREAKER.volumeWindow);

/** Price and volume triggers off (volume is still counted); the borrower liquidatable at 1,700. */
async function quietWorld() {
  const w = await breakerWorld({ maxPriceMoveBps: 0, maxLiquidationVolume: 0n, effects: EFFECT.PAUSE_BORROW });
  await w.ethFeed.setAnswer(FEED(1700));
  return w;
}

/** The block time the breaker was deployed at: its first fixed volume window starts there. */
async function windowStart(w: BreakerWorld) {
  const receipt = await w.breaker.deploymentTransaction()!.wait();
  return BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
}

async function liquidate(w: BreakerWorld, amount: bigint) {
  await w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, amount, w.liquidator.address, 0);
}

describe("CircuitBreaker: the sliding liquidation-volume window", () => {
  it("fades the previous window's volume linearly: 3/4 of it a quarter into the next window, 1/2 at half, 0 after", async () => {
    const w = await loadFixture(quietWorld);
    const start = await windowStart(w);
    await liquidate(w, USDC(4_000));
    expect(await w.breaker.liquidationVolume()).to.equal(USDC(4_000));
    await time.increaseTo(start + WINDOW + WINDOW / 4n);
    expect(await w.breaker.liquidationVolume()).to.equal((USDC(4_000) * 3n) / 4n);
    await time.increaseTo(start + WINDOW + WINDOW / 2n);
    expect(await w.breaker.liquidationVolume()).to.equal(USDC(4_000) / 2n);
    // A liquidation now adds in full on top of the fading remainder.
    await w.ethFeed.setAnswer(FEED(1700)); // a fresh round: the market refuses a price older than an hour
    await liquidate(w, USDC(1_000));
    const elapsed = BigInt(await time.latest()) - (start + WINDOW);
    expect(await w.breaker.liquidationVolume()).to.equal((USDC(4_000) * (WINDOW - elapsed)) / WINDOW + USDC(1_000));
    await time.increaseTo(start + 3n * WINDOW);
    expect(await w.breaker.liquidationVolume()).to.equal(0n); // two windows after the last liquidation's: none
  });

  it("switching the volume trigger on mid-surge trips at the next poke, with the volume and the new limit", async () => {
    const w = await loadFixture(quietWorld);
    await liquidate(w, USDC(4_000));
    expect(await w.breaker.isTripped()).to.equal(false); // the trigger was off
    await w.breaker.setConfig({ ...BREAKER, maxPriceMoveBps: 0, maxLiquidationVolume: USDC(3_000) });
    await expect(w.breaker.poke())
      .to.emit(w.breaker, "Tripped")
      .withArgs(REASON.VOLUME, BREAKER.effects, USDC(4_000), USDC(3_000), anyValue);
  });
});
