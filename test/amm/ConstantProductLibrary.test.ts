import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  BPS,
  Rng,
  UINT112_MAX,
  getAmountIn,
  getAmountOut,
  invariantHolds,
  uniswapV2GetAmountIn,
  uniswapV2GetAmountInChecked,
  uniswapV2GetAmountOut,
  uniswapV2GetAmountOutChecked,
  units,
} from "./reference";

const DECIMALS = [6, 8, 18] as const;
const FEES = [0n, 1n, 5n, 30n, 100n, 300n, 1_000n, 9_999n] as const;
const CASES = 120;

async function harnessFixture() {
  return { harness: await ethers.deployContract("ConstantProductLibraryHarness") };
}

/** Reserves between 1 and 10^9 whole tokens of the given decimals; an input from 1 wei to 10x the reserve. */
function randomCase(rng: Rng) {
  const [decimalsIn, decimalsOut] = [rng.pick(DECIMALS), rng.pick(DECIMALS)];
  const reserveIn = rng.logUniform(units(1n, decimalsIn), units(10n ** 9n, decimalsIn));
  const reserveOut = rng.logUniform(units(1n, decimalsOut), units(10n ** 9n, decimalsOut));
  const amountIn = rng.logUniform(1n, reserveIn * 10n);
  return { reserveIn, reserveOut, amountIn };
}

describe("ConstantProductLibrary", () => {
  it("getAmountOut is the largest output the invariant accepts, for random reserves, decimals and fees", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const rng = new Rng(0xa11ce);
    for (let i = 0; i < CASES; i++) {
      const { reserveIn, reserveOut, amountIn } = randomCase(rng);
      const fee = rng.pick(FEES);
      const out = await harness.getAmountOut(amountIn, reserveIn, reserveOut, fee);
      expect(out, `case ${i}`).to.equal(getAmountOut(amountIn, reserveIn, reserveOut, fee));
      expect(out < reserveOut).to.equal(true);
      expect(invariantHolds(amountIn, out, reserveIn, reserveOut, fee), `case ${i}`).to.equal(true);
      expect(invariantHolds(amountIn, out + 1n, reserveIn, reserveOut, fee), `case ${i}`).to.equal(false);
    }
  });

  it("getAmountIn rounds up as V2 (floor + 1): enough input, at most one wei above the exact minimum", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const rng = new Rng(0xb0b);
    for (let i = 0; i < CASES; i++) {
      const { reserveIn, reserveOut } = randomCase(rng);
      const fee = rng.pick(FEES);
      const amountOut = rng.logUniform(1n, reserveOut - 1n);
      const amountIn = await harness.getAmountIn(amountOut, reserveIn, reserveOut, fee);
      expect(amountIn, `case ${i}`).to.equal(getAmountIn(amountOut, reserveIn, reserveOut, fee));
      expect(invariantHolds(amountIn, amountOut, reserveIn, reserveOut, fee), `case ${i}`).to.equal(true);
      // The exact minimum is ceil(n / d); V2's floor(n / d) + 1 exceeds it by one wei only when d divides n.
      const divides = (reserveIn * amountOut * BPS) % ((reserveOut - amountOut) * (BPS - fee)) === 0n;
      expect(invariantHolds(amountIn - 1n, amountOut, reserveIn, reserveOut, fee), `case ${i}`).to.equal(divides);
      if (amountIn >= 2n) expect(invariantHolds(amountIn - 2n, amountOut, reserveIn, reserveOut, fee)).to.equal(false);
    }
  });

  it("getAmountIn overpays by one wei when the division is exact, as V2", async () => {
    const { harness } = await loadFixture(harnessFixture);
    // reserveIn * amountOut * 10_000 / ((reserveOut - amountOut) * 9_970) = 997 * 10_000 / (10 * 9_970) = 100 exactly.
    expect(await harness.getAmountIn(1n, 997n, 11n, 30n)).to.equal(101n);
    expect(invariantHolds(100n, 1n, 997n, 11n, 30n)).to.equal(true);
  });

  it("equals UniswapV2Library's getAmountOut and getAmountIn to the wei at 30 bps", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const rng = new Rng(30);
    for (let i = 0; i < CASES; i++) {
      const { reserveIn, reserveOut, amountIn } = randomCase(rng);
      expect(await harness.getAmountOut(amountIn, reserveIn, reserveOut, 30n)).to.equal(
        uniswapV2GetAmountOut(amountIn, reserveIn, reserveOut),
      );
      const amountOut = rng.logUniform(1n, reserveOut - 1n);
      expect(await harness.getAmountIn(amountOut, reserveIn, reserveOut, 30n)).to.equal(
        uniswapV2GetAmountIn(amountOut, reserveIn, reserveOut),
      );
    }
  });

  it("handles reserves at the uint112 limit without overflow", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const out = await harness.getAmountOut(UINT112_MAX, UINT112_MAX, UINT112_MAX, 0n);
    expect(out).to.equal(getAmountOut(UINT112_MAX, UINT112_MAX, UINT112_MAX, 0n));
    const amountIn = await harness.getAmountIn(UINT112_MAX - 1n, UINT112_MAX, UINT112_MAX, 9_999n);
    expect(amountIn).to.equal(getAmountIn(UINT112_MAX - 1n, UINT112_MAX, UINT112_MAX, 9_999n));
  });

  it("at 30 bps overflows exactly where Uniswap V2 does: the same quote at V2's largest input, a revert past it", async () => {
    const { harness } = await loadFixture(harnessFixture);
    const MAX = (1n << 256n) - 1n;
    // getAmountOut: V2's largest input is the one where amountIn x 997 x reserveOut still fits 256 bits. The old
    // 9970/10000 scaling overflowed for every input above a tenth of it.
    for (const reserveOut of [UINT112_MAX, 10n ** 24n, 3n]) {
      const reserveIn = UINT112_MAX;
      const largest = MAX / (997n * reserveOut);
      for (const amountIn of [MAX / (9_970n * reserveOut) + 1n, largest]) {
        const v2 = uniswapV2GetAmountOutChecked(amountIn, reserveIn, reserveOut);
        expect(v2, "V2 returns").to.not.be.undefined;
        expect(await harness.getAmountOut(amountIn, reserveIn, reserveOut, 30n)).to.equal(v2);
      }
      expect(uniswapV2GetAmountOutChecked(largest + 1n, reserveIn, reserveOut)).to.be.undefined;
      await expect(harness.getAmountOut(largest + 1n, reserveIn, reserveOut, 30n)).to.be.revertedWithPanic(0x11);
    }
    // getAmountIn: reserveIn x amountOut x 1000 must fit.
    const amountOut = 10n ** 20n;
    const reserveOut = 10n ** 21n;
    const largestReserveIn = MAX / (1_000n * amountOut);
    for (const reserveIn of [MAX / (10_000n * amountOut) + 1n, largestReserveIn]) {
      const v2 = uniswapV2GetAmountInChecked(amountOut, reserveIn, reserveOut);
      expect(v2, "V2 returns").to.not.be.undefined;
      expect(await harness.getAmountIn(amountOut, reserveIn, reserveOut, 30n)).to.equal(v2);
    }
    expect(uniswapV2GetAmountInChecked(amountOut, largestReserveIn + 1n, reserveOut)).to.be.undefined;
    await expect(harness.getAmountIn(amountOut, largestReserveIn + 1n, reserveOut, 30n)).to.be.revertedWithPanic(0x11);
  });

  it("quote scales by the reserve ratio, rounding down", async () => {
    const { harness } = await loadFixture(harnessFixture);
    expect(await harness.quote(10n, 3n, 2n)).to.equal(6n); // 6.67 → 6
    expect(await harness.quote(units(1n, 18), units(1_000n, 18), units(2_000_000n, 6))).to.equal(units(2_000n, 6));
  });

  describe("errors", () => {
    it("ZeroAmount for a zero input, output or quoted amount", async () => {
      const { harness } = await loadFixture(harnessFixture);
      await expect(harness.getAmountOut(0, 1, 1, 30)).to.be.revertedWithCustomError(harness, "ZeroAmount");
      await expect(harness.getAmountIn(0, 1, 1, 30)).to.be.revertedWithCustomError(harness, "ZeroAmount");
      await expect(harness.quote(0, 1, 1)).to.be.revertedWithCustomError(harness, "ZeroAmount");
    });

    it("ZeroReserves for an empty side", async () => {
      const { harness } = await loadFixture(harnessFixture);
      await expect(harness.getAmountOut(1, 0, 5, 30))
        .to.be.revertedWithCustomError(harness, "ZeroReserves")
        .withArgs(0n, 5n);
      await expect(harness.getAmountIn(1, 5, 0, 30))
        .to.be.revertedWithCustomError(harness, "ZeroReserves")
        .withArgs(5n, 0n);
      await expect(harness.quote(1, 5, 0))
        .to.be.revertedWithCustomError(harness, "ZeroReserves")
        .withArgs(5n, 0n);
    });

    it("AmountOutExceedsReserve when the output would empty the reserve", async () => {
      const { harness } = await loadFixture(harnessFixture);
      await expect(harness.getAmountIn(100, 50, 100, 30))
        .to.be.revertedWithCustomError(harness, "AmountOutExceedsReserve")
        .withArgs(100n, 100n);
    });

    it("FeeTooHigh for a fee of 100% or more", async () => {
      const { harness } = await loadFixture(harnessFixture);
      await expect(harness.getAmountOut(1, 1, 1, 10_000))
        .to.be.revertedWithCustomError(harness, "FeeTooHigh")
        .withArgs(10_000n);
      await expect(harness.getAmountIn(1, 10, 10, 10_001))
        .to.be.revertedWithCustomError(harness, "FeeTooHigh")
        .withArgs(10_001n);
    });
  });
});
