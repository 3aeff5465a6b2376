import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

const RAY = 10n ** 27n;
const WAD = 10n ** 18n;

/** Closed form of x^n in RAY with 60 guard digits (independent of the contract's rpow). */
function powRay(x: bigint, n: bigint): bigint {
  const S = 10n ** 60n;
  let base = (x * S) / RAY;
  let r = S;
  while (n > 0n) {
    if (n & 1n) r = (r * base) / S;
    base = (base * base) / S;
    n >>= 1n;
  }
  return (r * RAY) / S;
}

describe("Auction price curves", () => {
  async function curves() {
    const linear = await ethers.deployContract("LinearDecrease", [3600]);
    const stairs = await ethers.deployContract("StairstepExponentialDecrease", [90, (RAY * 99n) / 100n]);
    const expo = await ethers.deployContract("ExponentialDecrease", [(RAY * 9999n) / 10_000n]);
    return { linear, stairs, expo };
  }
  const start = 2_400n * WAD;
  const times = [0n, 1n, 59n, 89n, 90n, 91n, 600n, 1799n, 3599n, 3600n, 3601n, 86_400n, 10n ** 7n];

  it("linear: start x (duration - t) / duration, zero from the duration on", async () => {
    const { linear } = await loadFixture(curves);
    for (const t of times) {
      const want = t >= 3600n ? 0n : (start * (3600n - t)) / 3600n;
      expect(await linear.price(start, t)).to.equal(want);
    }
  });

  it("stairstep: start x cut^floor(t / step), equal to the closed form", async () => {
    const { stairs } = await loadFixture(curves);
    for (const t of times) {
      const want = (start * powRay((RAY * 99n) / 100n, t / 90n)) / RAY;
      expect(await stairs.price(start, t)).to.be.closeTo(want, 10n ** 3n); // rpow rounds per squaring
      expect(await stairs.price(start, t)).to.equal(await stairs.price(start, (t / 90n) * 90n)); // flat on a step
    }
  });

  it("exponential: start x cut^t, equal to the closed form", async () => {
    const { expo } = await loadFixture(curves);
    for (const t of times) {
      const want = (start * powRay((RAY * 9999n) / 10_000n, t)) / RAY;
      expect(await expo.price(start, t)).to.be.closeTo(want, 10n ** 3n);
    }
  });

  it("every curve is monotone non-increasing and never below zero", async () => {
    const c = await loadFixture(curves);
    for (const curve of [c.linear, c.stairs, c.expo]) {
      let last = await curve.price(start, 0);
      expect(last).to.equal(start);
      for (let t = 1n; t < 5000n; t += 37n) {
        const p = await curve.price(start, t);
        expect(p).to.be.lte(last);
        expect(p).to.be.gte(0n);
        last = p;
      }
    }
  });

  it("rejects parameters that make no curve", async () => {
    const L = await ethers.getContractFactory("LinearDecrease");
    await expect(L.deploy(0)).to.be.revertedWithCustomError(L, "InvalidDuration").withArgs(0);
    const S = await ethers.getContractFactory("StairstepExponentialDecrease");
    await expect(S.deploy(0, RAY / 2n))
      .to.be.revertedWithCustomError(S, "InvalidCurve")
      .withArgs(0, RAY / 2n);
    await expect(S.deploy(90, RAY)).to.be.revertedWithCustomError(S, "InvalidCurve").withArgs(90, RAY);
    const E = await ethers.getContractFactory("ExponentialDecrease");
    await expect(E.deploy(RAY)).to.be.revertedWithCustomError(E, "InvalidCut").withArgs(RAY);
    await expect(E.deploy(0)).to.be.revertedWithCustomError(E, "InvalidCut").withArgs(0);
  });
});
