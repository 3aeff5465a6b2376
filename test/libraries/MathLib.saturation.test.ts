import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

/**
 * MathLib.compoundGrowth at its edges (issue 15, F6): the step boundary, the cap reached exactly, and rates so high
 * that one step is a single second. The rates are chosen so that 1 + r is a whole number: every rpow and every
 * chained step is then exact, and the expected growth is (1 + r)^dt in integers, computed here independently.
 */
const WAD = 10n ** 18n;
const RAY = 10n ** 27n;
const UNCAPPED = 2n ** 256n - 1n;
const YEAR = 365n * 24n * 3600n;
/** MathLib.MAX_COMPOUND_EXPONENT: the largest r x dt (WAD) one rpow call compounds. */
const MAX_EXPONENT = 40n * WAD;
/** LendingPool.MAX_ACCRUAL_GROWTH: the cap the market passes. */
const MARKET_CAP = 10n ** 18n * RAY;

/** (1 + r)^dt as a RAY, for a whole-number 1 + r. */
const exactGrowth = (onePlusRate: bigint, dt: bigint) => onePlusRate ** dt * RAY;

const harness = () => ethers.deployContract("MathLibHarness");

describe("MathLib.compoundGrowth: saturation and step edges (issue 15, F6)", () => {
  describe("at 100% a second (1 + r = 2, one step = 40 s)", () => {
    const rate = WAD; // r = 1 per second
    const step = MAX_EXPONENT / rate;

    it("compounds exactly in one step up to the step length and in chained steps past it", async () => {
      const h = await loadFixture(harness);
      expect(step).to.equal(40n);
      expect(await h.compoundGrowth(rate, step, UNCAPPED)).to.equal(exactGrowth(2n, 40n));
      expect(await h.compoundGrowth(rate, step + 1n, UNCAPPED)).to.equal(exactGrowth(2n, 41n)); // 40 s then 1 s
      expect(await h.compoundGrowth(rate, 100n, UNCAPPED)).to.equal(exactGrowth(2n, 100n)); // 40 + 40 + 20 s
      expect(await h.compoundGrowth(rate, 0n, UNCAPPED)).to.equal(RAY);
    });

    it("returns the cap when one step lands exactly on it, and the growth when the cap is one unit above", async () => {
      const h = await loadFixture(harness);
      const at40 = exactGrowth(2n, 40n);
      expect(await h.compoundGrowth(rate, step, at40)).to.equal(at40);
      expect(await h.compoundGrowth(rate, step, at40 - 1n)).to.equal(at40 - 1n);
      expect(await h.compoundGrowth(rate, step, at40 + 1n)).to.equal(at40);
    });

    it("stops chaining at the first step that reaches the cap, never compounding past it", async () => {
      const h = await loadFixture(harness);
      const at40 = exactGrowth(2n, 40n);
      // The first 40 s step reaches the cap exactly: the 41st second is not compounded on top.
      expect(await h.compoundGrowth(rate, step + 1n, at40)).to.equal(at40);
      // A cap between 2^80 and 2^100: the third step crosses it and the result is the cap, not 2^100.
      const cap = exactGrowth(2n, 90n);
      expect(await h.compoundGrowth(rate, 100n, cap)).to.equal(cap);
      // One unit above the final growth: nothing saturates.
      expect(await h.compoundGrowth(rate, 100n, exactGrowth(2n, 100n) + 1n)).to.equal(exactGrowth(2n, 100n));
    });
  });

  describe("at 5,000% a second (r above 40: a step shorter than a second)", () => {
    const rate = 50n * WAD; // 1 + r = 51

    it("compounds one second per step, exactly (51^dt)", async () => {
      const h = await loadFixture(harness);
      expect(MAX_EXPONENT / rate).to.equal(0n); // the step rounds down to 0 and is raised to one second
      expect(await h.compoundGrowth(rate, 0n, UNCAPPED)).to.equal(RAY);
      expect(await h.compoundGrowth(rate, 1n, UNCAPPED)).to.equal(exactGrowth(51n, 1n));
      expect(await h.compoundGrowth(rate, 3n, UNCAPPED)).to.equal(exactGrowth(51n, 3n));
      expect(await h.compoundGrowth(rate, 20n, UNCAPPED)).to.equal(exactGrowth(51n, 20n));
    });

    it("saturates at the market's cap after a thousand idle years instead of overflowing", async () => {
      const h = await loadFixture(harness);
      // 51^11 ≈ 6e18 > the 1e18 cap: the loop stops at the 11th second whatever the gap.
      expect(exactGrowth(51n, 10n)).to.be.lt(MARKET_CAP);
      expect(exactGrowth(51n, 11n)).to.be.gt(MARKET_CAP);
      expect(await h.compoundGrowth(rate, 10n, MARKET_CAP)).to.equal(exactGrowth(51n, 10n));
      expect(await h.compoundGrowth(rate, 11n, MARKET_CAP)).to.equal(MARKET_CAP);
      expect(await h.compoundGrowth(rate, 1_000n * YEAR, MARKET_CAP)).to.equal(MARKET_CAP);
    });
  });
});
