import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { compoundGrowthRay } from "../helpers/lendingMath";

const WAD = 10n ** 18n;
const RAY = 10n ** 27n;
const YEAR = 365n * 24n * 3600n;
const UNCAPPED = 2n ** 256n - 1n;
/** The largest r x dt (WAD) one rpow call compounds (MathLib.MAX_COMPOUND_EXPONENT). */
const MAX_EXPONENT = 40n * WAD;

const harness = () => ethers.deployContract("MathLibHarness");

describe("MathLib.compoundGrowth (issue 15, F6)", () => {
  it("is exactly rpow while r x dt <= 40 (every ordinary accrual)", async () => {
    const h = await loadFixture(harness);
    for (const [perYear, dt] of [
      [WAD / 50n, 1n],
      [WAD / 50n, YEAR],
      [10n * WAD, 3600n],
      [30n * WAD, YEAR], // r x dt = 30
    ]) {
      const rate = perYear / YEAR;
      expect(await h.compoundGrowth(rate, dt, UNCAPPED)).to.equal(await h.rpow(RAY + rate * 10n ** 9n, dt));
    }
    expect(await h.compoundGrowth(0n, YEAR, UNCAPPED)).to.equal(RAY);
  });

  it("chains steps past r x dt = 40 where a single rpow overflows, matching the closed form", async () => {
    const h = await loadFixture(harness);
    const rate = (10n * WAD) / YEAR;
    const dt = 6n * YEAR; // r x dt = 60: growth ~e^60 ≈ 1.1e26, past rpow's ~1e23
    await expect(h.rpow(RAY + rate * 10n ** 9n, dt)).to.be.revertedWithPanic(0x11);
    const growth = await h.compoundGrowth(rate, dt, UNCAPPED);
    const expected = compoundGrowthRay(rate, dt);
    expect(growth).to.be.closeTo(expected, expected / 10n ** 6n);
    expect((rate * dt) / MAX_EXPONENT).to.equal(1n); // so two steps were chained
  });

  it("saturates at maxGrowth instead of overflowing, however long the gap", async () => {
    const h = await loadFixture(harness);
    const rate = (30n * WAD) / YEAR;
    const cap = 10n ** 9n * RAY;
    expect(await h.compoundGrowth(rate, YEAR, cap)).to.equal(cap); // e^30 > 1e9
    expect(await h.compoundGrowth(rate, 1_000n * YEAR, cap)).to.equal(cap);
    // a cap above one step's growth: the loop chains steps of e^40 and stops at the cap (e^80 > 1e30)
    const high = 10n ** 30n * RAY;
    expect(await h.compoundGrowth(rate, 1_000n * YEAR, high)).to.equal(high);
    expect(await h.compoundGrowth(rate, (MAX_EXPONENT * 3n) / 2n / rate, high)).to.be.lt(high); // r x dt = 60
  });
});
