import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { P, lnP } from "./reference";

/**
 * Black76's domain edges that the reference grid (Black76.test.ts, left out of the instrumented run) does not reach
 * through the coverage gate: each bound of the input checks, the deep-out-of-the-money zeros of price, delta and gamma,
 * and the density's symmetry and far tail.
 */
const WAD = 10n ** 18n;
const HP = 10n ** 27n;
const DAY = 86_400n;
const YEAR = 365n * DAY;
const MAX_PRICE = 10n ** 36n;
const harness = () => ethers.deployContract("Black76Harness");

describe("Black76 (issue 20): domain edges", () => {
  it("rejects each out-of-range input with its value, and accepts the bounds themselves", async () => {
    const h = await loadFixture(harness);
    await expect(h.priceUp(true, MAX_PRICE + 1n, WAD, WAD, DAY))
      .to.be.revertedWithCustomError(h, "Black76PriceOutOfRange")
      .withArgs(MAX_PRICE + 1n);
    await expect(h.priceUp(false, WAD, 0n, WAD, DAY))
      .to.be.revertedWithCustomError(h, "Black76PriceOutOfRange")
      .withArgs(0n);
    // At the bounds: a price of 1e36, 1000% vol, 10 years.
    expect(await h.priceUp(true, MAX_PRICE, MAX_PRICE, 10n * WAD, 10n * YEAR)).to.be.within(1n, MAX_PRICE);
    await expect(h.lnHp(2n ** 255n))
      .to.be.revertedWithCustomError(h, "Black76LnOutOfRange")
      .withArgs(2n ** 255n);
    // The largest accepted argument, 2^255 − 1 (≈ 5.8e76 at 1e27): ln = 115.48… to 1e-24.
    const top = 2n ** 255n - 1n;
    const want = lnP((top * P) / HP) / (P / HP);
    expect((await h.lnHp(top)) - want).to.be.within(-(10n ** 3n), 10n ** 3n);
  });

  it("prices a put a strike of 1 wei cannot reach at zero, and the matching call at its intrinsic value", async () => {
    const h = await loadFixture(harness);
    // F = 1e36, K = 1 wei: F·Φ(−d1) >= K·Φ(−d2), so the put is worth nothing (not a negative wrapped to 2^256).
    expect(await h.priceUp(false, MAX_PRICE, 1n, WAD, YEAR)).to.equal(0n);
    expect(await h.priceUp(true, MAX_PRICE, 1n, WAD, YEAR)).to.be.within(MAX_PRICE - 1n, MAX_PRICE);
  });

  it("gives delta 0 / −1 and gamma 0 where the density underflows (|d1| beyond 38)", async () => {
    const h = await loadFixture(harness);
    // F = 1 wei, K = 1e36, σ = 1%, one day: d1 ≈ −82.9 / 0.00052 ≈ −1.6e5.
    expect(await h.gamma(1n, MAX_PRICE, WAD / 100n, DAY)).to.equal(0n);
    expect(await h.delta(true, 1n, MAX_PRICE, WAD / 100n, DAY)).to.equal(0n);
    expect(await h.delta(false, 1n, MAX_PRICE, WAD / 100n, DAY)).to.equal(-WAD);
  });

  it("has a symmetric density, exactly 1/√(2π) at zero and zero beyond 38", async () => {
    const h = await loadFixture(harness);
    expect(await h.normalPdfHp(0n)).to.equal(398_942_280_401_432_677_939_946_060n);
    const x = (3n * HP) / 2n;
    expect(await h.normalPdfHp(-x)).to.equal(await h.normalPdfHp(x));
    expect(await h.normalPdfHp(39n * HP)).to.equal(0n);
    expect(await h.normalPdfHp(-39n * HP)).to.equal(0n);
  });
});
