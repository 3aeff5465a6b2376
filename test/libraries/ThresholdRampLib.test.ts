import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { thresholdAt } from "../helpers/lendingMath";

const WAD = 10n ** 18n;
const harness = () => ethers.deployContract("ThresholdRampHarness");

/** Tiny seeded PRNG (mulberry32): the same cases on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("ThresholdRampLib.valueAt (issue 15, F1)", () => {
  it("is `from` at the ramp's first second, `target` at its end and after, and the straight line between", async () => {
    const h = await loadFixture(harness);
    const [target, from, duration, end] = [(WAD * 70n) / 100n, (WAD * 80n) / 100n, 3_600n, 1_000_000n];
    const start = end - duration;
    expect(await h.valueAt(target, from, end, duration, start)).to.equal(from);
    expect(await h.valueAt(target, from, end, duration, start + duration / 2n)).to.equal((WAD * 75n) / 100n);
    expect(await h.valueAt(target, from, end, duration, end)).to.equal(target);
    expect(await h.valueAt(target, from, end, duration, end + 10n ** 9n)).to.equal(target);
    // A threshold applied at once (no ramp: end 0, duration 0) is its target at any time.
    expect(await h.valueAt(target, target, 0n, 0n, 1n)).to.equal(target);
  });

  it("rounds down during a cut (the protocol's side): never above the line, less than one wei below", async () => {
    const h = await loadFixture(harness);
    // 1 wei over 3 s: the exact line is 2/3 and 1/3 of a wei above the target; the reads are the target.
    expect(await h.valueAt(5n, 6n, 3n, 3n, 1n)).to.equal(5n);
    expect(await h.valueAt(5n, 6n, 3n, 3n, 2n)).to.equal(5n);
    const rand = prng(15);
    for (let i = 0; i < 40; i++) {
      const target = BigInt(Math.floor(rand() * 9e17));
      const from = target + BigInt(Math.floor(rand() * 1e17)) + 1n;
      const duration = BigInt(1 + Math.floor(rand() * 365 * 86_400));
      const end = 2_000_000_000n;
      const t = end - duration + BigInt(Math.floor(rand() * Number(duration)));
      const got = await h.valueAt(target, from, end, duration, t);
      // exact line x duration = target x duration + (from - target) x (end - t)
      const exact = target * duration + (from - target) * (end - t);
      expect(got * duration).to.be.lte(exact);
      expect(got * duration).to.be.greaterThan(exact - duration);
      expect(got).to.equal(thresholdAt({ target, from, end, duration }, t)); // the reference, written apart
    }
  });

  it("never rises while the ramp runs, second by second", async () => {
    const h = await loadFixture(harness);
    const [target, from, duration, end] = [700_000_000_000_000_007n, 800_000_000_000_000_003n, 97n, 10_000n];
    let previous = from;
    for (let t = end - duration; t <= end + 1n; t++) {
      const v = await h.valueAt(target, from, end, duration, t);
      expect(v).to.be.lte(previous);
      previous = v;
    }
    expect(previous).to.equal(target);
  });
});
