import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

/**
 * PerpMath's formulas to the wei, through PerpMathHarness: each clamp, each guard and each rounding direction. The
 * market calls these only with a positive mark, margin and equity, so the guards are reached here.
 */
const WAD = 10n ** 18n;
const USD = 10n ** 6n;
const HOUR = 3600n;
const harness = () => ethers.deployContract("PerpMathHarness");

describe("PerpMath (issue 20): funding rate, maintenance ratio, ADL score, funding owed", () => {
  it("funding rate: the premium over the index per second of the period, towards zero, clamped to ±max", async () => {
    const h = await loadFixture(harness);
    const noCap = 10n ** 16n;
    // +0.5% premium over one hour: 5e15 / 3600 = 1,388,888,888,888.9 -> 1,388,888,888,888 (towards zero).
    expect(await h.fundingRatePerSecond(2010n * USD, 2000n * USD, HOUR, noCap)).to.equal(1_388_888_888_888n);
    expect(await h.fundingRatePerSecond(1990n * USD, 2000n * USD, HOUR, noCap)).to.equal(-1_388_888_888_888n);
    expect(await h.fundingRatePerSecond(2000n * USD, 2000n * USD, HOUR, noCap)).to.equal(0n);
    // Clamped at ±1e12 per second, both sides; exactly at the cap is returned as is.
    expect(await h.fundingRatePerSecond(2010n * USD, 2000n * USD, HOUR, 10n ** 12n)).to.equal(10n ** 12n);
    expect(await h.fundingRatePerSecond(1990n * USD, 2000n * USD, HOUR, 10n ** 12n)).to.equal(-(10n ** 12n));
    expect(await h.fundingRatePerSecond(2010n * USD, 2000n * USD, HOUR, 1_388_888_888_888n)).to.equal(
      1_388_888_888_888n,
    );
    // No price on either side (an empty pool's TWAP, or no mark): no funding.
    expect(await h.fundingRatePerSecond(0n, 2000n * USD, HOUR, noCap)).to.equal(0n);
    expect(await h.fundingRatePerSecond(2000n * USD, 0n, HOUR, noCap)).to.equal(0n);
  });

  it("maintenance ratio: the fraction of the initial ratio plus the open-interest term, each rounded up", async () => {
    const h = await loadFixture(harness);
    // Hyperliquid: ½ of 10% = 5% exactly; no open-interest term.
    expect(await h.maintenanceRatioUp(WAD / 10n, WAD / 2n, 0n, 5_000_000n * USD, USD)).to.equal(WAD / 20n);
    // ½ of 1/3 = 0.1666…5 -> ...667 (up).
    expect(await h.maintenanceRatioUp(WAD / 3n, WAD / 2n, 0n, 0n, USD)).to.equal(166_666_666_666_666_667n);
    // GMX v2 term: 1e9 per whole debt token x 1.5M tokens = 1.5e15, plus 5e16.
    expect(await h.maintenanceRatioUp(WAD / 10n, WAD / 2n, 10n ** 9n, 1_500_000n * USD, USD)).to.equal(
      WAD / 20n + 15n * 10n ** 14n,
    );
    // 3 x 1 unit / 1e6 = 3e-6 -> 1 (up).
    expect(await h.maintenanceRatioUp(WAD / 10n, WAD / 2n, 3n, 1n, USD)).to.equal(WAD / 20n + 1n);
  });

  it("ADL score: profit/margin x notional/equity, rounded down; zero without profit, margin or equity", async () => {
    const h = await loadFixture(harness);
    // 100/50 = 2 and 1000/150 = 6.666… -> 2 x 6,666,666,666,666,666,666 / 1e18.
    expect(await h.adlScore(100n * USD, 50n * USD, 1000n * USD, 150n * USD)).to.equal(13_333_333_333_333_333_332n);
    expect(await h.adlScore(0n, 50n * USD, 1000n * USD, 150n * USD)).to.equal(0n);
    expect(await h.adlScore(100n * USD, 0n, 1000n * USD, 150n * USD)).to.equal(0n);
    expect(await h.adlScore(100n * USD, 50n * USD, 1000n * USD, 0n)).to.equal(0n);
  });

  it("funding owed: signed by side, rounded up when owed and down when received", async () => {
    const h = await loadFixture(harness);
    const ETH = 10n ** 18n;
    // 1 ETH x (1e18 + 1) / (1e18 x 1e18) = 1.000…001 debt units: a payer owes 2, a receiver gets 1.
    const d = WAD + 1n;
    expect(await h.fundingOwedUp(true, ETH, d, ETH)).to.equal(2n);
    expect(await h.fundingOwedUp(false, ETH, d, ETH)).to.equal(-1n);
    expect(await h.fundingOwedUp(true, ETH, -d, ETH)).to.equal(-1n);
    expect(await h.fundingOwedUp(false, ETH, -d, ETH)).to.equal(2n);
    expect(await h.fundingOwedUp(true, ETH, 0n, ETH)).to.equal(0n);
    // 2.5 ETH at 4e18 per whole ETH: exactly 10 units either way.
    expect(await h.fundingOwedUp(true, (5n * ETH) / 2n, 4n * WAD, ETH)).to.equal(10n);
    expect(await h.fundingOwedUp(false, (5n * ETH) / 2n, 4n * WAD, ETH)).to.equal(-10n);
  });
});
