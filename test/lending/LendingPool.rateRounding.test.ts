import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, USDC, ETH, WAD } from "./fixtures";
import { divUp } from "../helpers/lendingMath";

const YEAR = 365n * 86_400n;
interface Model {
  baseRatePerYear: bigint;
  slope1PerYear: bigint;
  slope2PerYear: bigint;
  kinkUtilization: bigint;
}

/** The kinked rate per year from the definition; `up` rounds the named step up instead of down. */
function perYear(borrowed: bigint, supplied: bigint, m: Model, up?: "utilization" | "slope") {
  const u = up === "utilization" ? divUp(borrowed * WAD, supplied) : (borrowed * WAD) / supplied;
  const div = (a: bigint, b: bigint) => (up === "slope" ? divUp(a, b) : a / b);
  return u <= m.kinkUtilization
    ? m.baseRatePerYear + div(m.slope1PerYear * u, m.kinkUtilization)
    : m.baseRatePerYear + m.slope1PerYear + div(m.slope2PerYear * (u - m.kinkUtilization), WAD - m.kinkUtilization);
}

/**
 * The no-interest market with 1,000,000.000007 USDC supplied (so utilization is not a whole number of WAD units) and
 * 300,000.000001 borrowed: utilization ~0.3.
 */
async function oddUtilization() {
  const m = await deployMarketNoInterest();
  const [, , borrower, extra] = m.signers;
  await m.usdc.mint(extra.address, 7n);
  await m.usdc.connect(extra).approve(await m.pool.getAddress(), ethers.MaxUint256);
  await m.pool.connect(extra).supply(7n, extra.address);
  await openPosition(m, borrower, { weth: ETH(1_000) }, USDC(300_000) + 1n);
  const supplied = await m.pool.totalSupplyAssets();
  const borrowed = await m.pool.totalBorrowAssets();
  return { ...m, supplied, borrowed };
}

/**
 * A base rate that puts the exact per-year rate one unit below a multiple of a year's seconds, so that any rounding
 * up of a step (each adds at least one unit) changes the per-second rate.
 */
function onTheEdge(w: { supplied: bigint; borrowed: bigint }, slopes: Omit<Model, "baseRatePerYear">): Model {
  const rest = perYear(w.borrowed, w.supplied, { ...slopes, baseRatePerYear: 0n });
  return { ...slopes, baseRatePerYear: YEAR - 1n - (rest % YEAR) };
}

describe("LendingPool: the borrow rate rounds down at every step", () => {
  it("below the kink: utilization and the slope-1 term round down", async () => {
    const w = await loadFixture(oddUtilization);
    const model = onTheEdge(w, { slope1PerYear: WAD, slope2PerYear: WAD, kinkUtilization: WAD / 2n + 1n });
    const exact = perYear(w.borrowed, w.supplied, model);
    expect(exact % YEAR).to.equal(YEAR - 1n);
    // Either step rounded up would cross into the next unit per second.
    expect(perYear(w.borrowed, w.supplied, model, "utilization") / YEAR).to.equal(exact / YEAR + 1n);
    expect(perYear(w.borrowed, w.supplied, model, "slope") / YEAR).to.equal(exact / YEAR + 1n);
    await w.pool.setRateModel(model);
    expect(await w.pool.borrowRatePerSecond()).to.equal(exact / YEAR);
  });

  it("above the kink: the slope-2 term rounds down", async () => {
    const w = await loadFixture(oddUtilization);
    const model = onTheEdge(w, {
      slope1PerYear: WAD / 10n,
      slope2PerYear: 3n * WAD + 7n,
      kinkUtilization: WAD / 5n + 1n,
    });
    const exact = perYear(w.borrowed, w.supplied, model);
    expect(exact % YEAR).to.equal(YEAR - 1n);
    expect(perYear(w.borrowed, w.supplied, model, "slope") / YEAR).to.equal(exact / YEAR + 1n);
    await w.pool.setRateModel(model);
    expect(await w.pool.borrowRatePerSecond()).to.equal(exact / YEAR);
  });
});
