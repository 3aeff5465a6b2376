import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { P, black76P, cdfP, expP, lnP, relErrWad } from "./reference";

/**
 * Black76 against the 70-digit off-chain reference (./reference.ts). Tolerance: 1e-9 relative, except where the
 * reference price is below 1e-12 of the forward (far out of the money) or below 1e9 wei (one wei of the WAD result is
 * then more than 1e-9 of it), where the absolute error must stay below 1e-15 of the forward plus one wei: the
 * subtraction F·Φ(d1) − K·Φ(d2) of two nearly equal tails leaves no relative precision there in any fixed-point or
 * floating-point implementation.
 */
const WAD = 10n ** 18n;
const HP = 10n ** 27n;
const HOUR = 3600n;
const DAY = 24n * HOUR;
const REL_TOL = 1e-9;

const harness = () => ethers.deployContract("Black76Harness");
const wad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;
const toHp = (xP: bigint) => xP / (P / HP);

describe("Black76 (issue 20): fixed-point Black-76 against a 70-digit reference", () => {
  it("ln, exp and Φ agree with the reference to 1e-24 absolute at 1e27", async () => {
    const h = await loadFixture(harness);
    for (const x of [
      1n,
      10n ** 9n,
      HP / 3n,
      HP - 1n,
      HP,
      HP + 1n,
      (HP * 14142n) / 10000n,
      2n * HP,
      12345n * HP,
      10n ** 45n,
    ]) {
      const got = await h.lnHp(x);
      const want = toHp(lnP((x * P) / HP));
      expect(got - want, `ln(${x})`).to.be.within(-(10n ** 3n), 10n ** 3n);
    }
    for (const x of [-63n * HP, -20n * HP, -(HP / 2n), -1n, 0n, 1n, HP / 3n, HP, 5n * HP, 50n * HP]) {
      const got = await h.expHp(x);
      const want = toHp(expP((x * P) / HP));
      const tol = want / 10n ** 24n + 10n;
      expect(got - want, `exp(${x})`).to.be.within(-tol, tol);
    }
    for (const x of [-30n, -9n, -6n, -4n, -3n, -1n, 0n, 1n, 3n, 4n, 6n, 9n]
      .map((k) => k * HP)
      .concat([HP / 7n, -(HP * 39n) / 10n, (HP * 41n) / 10n])) {
      const got = await h.normalCdfHp(x);
      const want = toHp(cdfP((x * P) / HP));
      // Tails: relative 1e-15; elsewhere absolute 1e-24.
      const tol = want / 10n ** 15n + 10n ** 3n;
      expect(got - want, `Φ(${x})`).to.be.within(-tol, tol);
    }
  });

  it("prices calls and puts, delta and gamma over a grid to 1e-9 relative (1,050 points: too slow instrumented) @gas-budget", async () => {
    const h = await loadFixture(harness);
    let worstPrice = 0;
    let worstDelta = 0;
    let worstGamma = 0;
    let points = 0;
    // Under the coverage gate (instrumented, ~30x slower) one forward of the three: every branch is still reached.
    const forwards = process.env.COVERAGE_RUN === "1" ? [wad(2000)] : [wad(2000), wad(0.37), wad(61_000)];
    for (const forward of forwards) {
      for (const m of [0.5, 0.8, 0.95, 1, 1.05, 1.25, 2]) {
        const strike = (forward * wad(m)) / WAD;
        for (const vol of [0.1, 0.5, 0.8, 1.5, 3].map(wad)) {
          for (const tau of [HOUR, DAY, 7n * DAY, 30n * DAY, 365n * DAY]) {
            for (const isCall of [true, false]) {
              const ref = black76P({ isCall, forward, strike, vol, tau });
              const price = await h.priceUp(isCall, forward, strike, vol, tau);
              const refForward = (forward * P) / WAD;
              if (ref.price * 10n ** 12n >= refForward && ref.price >= 10n ** 9n * (P / WAD)) {
                const e = relErrWad(price, ref.price);
                worstPrice = Math.max(worstPrice, e);
                expect(e, `price ${isCall ? "call" : "put"} F=${forward} K=${strike} σ=${vol} τ=${tau}`).to.be.below(
                  REL_TOL,
                );
              } else {
                const absErr = price * (P / WAD) - ref.price;
                expect(absErr < 0n ? -absErr : absErr).to.be.at.most(refForward / 10n ** 15n + P / WAD);
              }
              const delta = await h.delta(isCall, forward, strike, vol, tau);
              if ((ref.delta < 0n ? -ref.delta : ref.delta) * 10n ** 9n > P) {
                const e = relErrWad(delta, ref.delta);
                worstDelta = Math.max(worstDelta, e);
                expect(e, "delta").to.be.below(REL_TOL);
              }
              if (isCall) {
                const gamma = await h.gamma(forward, strike, vol, tau);
                // Gamma is a WAD per unit of forward: where it is below 1e10 wei one wei of rounding exceeds 1e-9
                // relative, so there it must be within one wei.
                if ((ref.gamma * WAD) / P >= 10n ** 10n) {
                  const e = relErrWad(gamma, ref.gamma);
                  worstGamma = Math.max(worstGamma, e);
                  expect(e, "gamma").to.be.below(REL_TOL);
                } else {
                  const d = gamma * (P / WAD) - ref.gamma;
                  expect(d < 0n ? -d : d).to.be.below(P / WAD);
                }
              }
              points++;
            }
          }
        }
      }
    }
    console.log(
      `      ${points} points; worst relative error: price ${worstPrice.toExponential(2)}, delta ${worstDelta.toExponential(2)}, gamma ${worstGamma.toExponential(2)}`,
    );
  });

  it("prices the intrinsic value at expiry and at zero vol; delta is the step and gamma zero", async () => {
    const h = await loadFixture(harness);
    const F = wad(2000);
    expect(await h.priceUp(true, F, wad(1900), wad(0.8), 0n)).to.equal(wad(100));
    expect(await h.priceUp(false, F, wad(1900), wad(0.8), 0n)).to.equal(0n);
    expect(await h.priceUp(false, F, wad(2100), 0n, DAY)).to.equal(wad(100));
    expect(await h.priceUp(true, F, wad(2100), 0n, DAY)).to.equal(0n);
    expect(await h.delta(true, F, wad(1900), wad(0.8), 0n)).to.equal(WAD);
    expect(await h.delta(false, F, wad(1900), wad(0.8), 0n)).to.equal(0n);
    expect(await h.delta(true, F, F, wad(0.8), 0n)).to.equal(WAD / 2n);
    expect(await h.delta(false, F, F, 0n, DAY)).to.equal(-WAD / 2n);
    expect(await h.delta(false, F, wad(2100), 0n, DAY)).to.equal(-WAD);
    expect(await h.gamma(F, F, wad(0.8), 0n)).to.equal(0n);
  });

  it("satisfies put-call parity C − P = F − K to the wei", async () => {
    const h = await loadFixture(harness);
    for (const [F, K] of [
      [wad(2000), wad(1800)],
      [wad(2000), wad(2300)],
    ]) {
      const c = await h.priceUp(true, F, K, wad(0.8), 7n * DAY);
      const p = await h.priceUp(false, F, K, wad(0.8), 7n * DAY);
      expect(c - p - (F - K)).to.be.within(-2n, 2n);
    }
  });

  it("reverts with the offending values out of range", async () => {
    const h = await loadFixture(harness);
    const lib = await ethers.getContractAt("Black76Harness", await h.getAddress());
    await expect(h.priceUp(true, 0n, wad(1), wad(1), DAY))
      .to.be.revertedWithCustomError(h, "Black76PriceOutOfRange")
      .withArgs(0n);
    await expect(h.priceUp(true, wad(1), 10n ** 36n + 1n, wad(1), DAY))
      .to.be.revertedWithCustomError(h, "Black76PriceOutOfRange")
      .withArgs(10n ** 36n + 1n);
    await expect(h.delta(true, wad(1), wad(1), wad(11), DAY))
      .to.be.revertedWithCustomError(lib, "Black76InputOutOfRange")
      .withArgs(wad(11), DAY);
    await expect(h.gamma(wad(1), wad(1), wad(1), 11n * 365n * DAY)).to.be.revertedWithCustomError(
      lib,
      "Black76InputOutOfRange",
    );
    await expect(h.lnHp(0n)).to.be.revertedWithCustomError(h, "Black76LnOutOfRange").withArgs(0n);
    await expect(h.expHp(101n * HP))
      .to.be.revertedWithCustomError(h, "Black76ExpOverflow")
      .withArgs(101n * HP);
    expect(await h.expHp(-65n * HP)).to.equal(0n);
    expect(await h.normalCdfHp(39n * HP)).to.equal(HP);
    expect(await h.normalCdfHp(-39n * HP)).to.equal(0n);
    expect(await h.sqrtHp(4n * HP)).to.equal(2n * HP);
  });

  it("reports the gas of one pricing @gas-budget", async () => {
    const h = await loadFixture(harness);
    const cases: [string, boolean, bigint, bigint][] = [
      ["ATM call, 1 day", true, wad(2000), wad(2000)],
      ["10% OTM put, 1 day", false, wad(2000), wad(1800)],
      ["25% OTM call, 1 day (CF tail)", true, wad(2000), wad(2500)],
    ];
    for (const [label, isCall, F, K] of cases) {
      const [, gasUsed] = await h.priceGas(isCall, F, K, wad(0.8), DAY);
      console.log(`      gas per pricing, ${label}: ${gasUsed}`);
      expect(gasUsed).to.be.below(40_000n);
    }
  });
});
