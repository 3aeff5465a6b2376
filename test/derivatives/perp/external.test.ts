import { expect } from "chai";
import { arbTrade, exogenousPrice, impactFactor, isqrt } from "../../../scripts/derivatives/perp/external";

const ETH = 10n ** 18n;
const USD = 10n ** 6n;

describe("perp driver: external market and arbitrage (pure)", () => {
  const shock = { startStep: 10, steps: 20, fallPct: 20 };

  it("holds the exogenous price before the shock, falls log-linearly during it, holds after", () => {
    expect(exogenousPrice(4_000, 0, shock)).to.equal(4_000);
    expect(exogenousPrice(4_000, 10, shock)).to.equal(4_000);
    expect(exogenousPrice(4_000, 20, shock)).to.be.closeTo(4_000 * Math.sqrt(0.8), 1e-9);
    expect(exogenousPrice(4_000, 30, shock)).to.be.closeTo(3_200, 1e-9);
    expect(exogenousPrice(4_000, 99, shock)).to.be.closeTo(3_200, 1e-9);
  });

  it("moves the external price down for net selling and up for net buying", () => {
    expect(impactFactor(0, 1e6)).to.equal(1);
    expect(impactFactor(1e6, 1e6)).to.be.closeTo(Math.exp(-1), 1e-12);
    expect(impactFactor(-1e6, 1e6)).to.be.gt(1);
  });

  it("trades the pool to the target, and not at all within the fee", () => {
    const rb = 1_000n * ETH;
    const rd = 2_000_000n * USD;
    expect(arbTrade(rb, rd, 2_000n * USD, ETH, 30n)).to.equal(null);
    expect(arbTrade(rb, rd, 2_005n * USD, ETH, 30n)).to.equal(null); // 0.25% < 0.30%
    const down = arbTrade(rb, rd, 1_800n * USD, ETH, 30n)!;
    expect(down.sellBase).to.equal(true);
    const after = rb + down.baseAmount;
    const price = (rd * rb * ETH) / after / after; // k / rb'^2, fee ignored
    expect(Number(price) / 1e6).to.be.closeTo(1_800, 0.01);
    const up = arbTrade(rb, rd, 2_200n * USD, ETH, 30n)!;
    expect(up.sellBase).to.equal(false);
    expect(up.baseAmount).to.be.gt(0n);
  });

  it("isqrt is the floor of the square root", () => {
    for (const x of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 36n + 1n]) {
      const r = isqrt(x);
      expect(r * r <= x && (r + 1n) * (r + 1n) > x).to.equal(true);
    }
  });
});
