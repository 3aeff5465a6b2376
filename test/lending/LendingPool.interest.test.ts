import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket, openPosition, expectConserved, USDC, ETH, RATES, MARKET } from "./fixtures";
import { compoundGrowthRay } from "../helpers/lendingMath";

const YEAR = 365n * 24n * 3600n;
const RAY = 10n ** 27n;
const WAD = 10n ** 18n;

/** Reference kinked rate, per second, from the definition. */
function ratePerSecond(borrowed: bigint, supplied: bigint): bigint {
  let u = supplied === 0n ? 0n : (borrowed * WAD) / supplied;
  if (u > WAD) u = WAD;
  const perYear =
    u <= RATES.kinkUtilization
      ? RATES.baseRatePerYear + (RATES.slope1PerYear * u) / RATES.kinkUtilization
      : RATES.baseRatePerYear +
        RATES.slope1PerYear +
        (RATES.slope2PerYear * (u - RATES.kinkUtilization)) / (WAD - RATES.kinkUtilization);
  return perYear / YEAR;
}

describe("LendingPool: interest", () => {
  it("charges base + slope1 at exactly the kink utilization", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(1000) }, USDC(800_000)); // 800k / 1M = 80% = the kink
    // the borrow's block accrued nothing (no debt before it), so utilization is exactly the kink
    expect(await m.pool.borrowRatePerSecond()).to.equal((RATES.baseRatePerYear + RATES.slope1PerYear) / YEAR);
    expect(await m.pool.borrowRatePerSecond()).to.equal(ratePerSecond(USDC(800_000), USDC(1_000_000)));
  });

  for (const gap of [1n, 3600n, 30n * 86_400n, YEAR]) {
    it(`compounds per second, equal to the closed form (1 + r)^t over a gap of ${gap} s`, async () => {
      const m = await loadFixture(deployMarket);
      const [, , borrower] = m.signers;
      await openPosition(m, borrower, { weth: ETH(1000) }, USDC(900_000)); // above the kink
      const borrowed = await m.pool.totalBorrowAssets();
      const supplied = await m.pool.totalSupplyAssets();
      const reservesBefore = await m.pool.reserves();
      const rate = ratePerSecond(borrowed, supplied);
      expect(await m.pool.borrowRatePerSecond()).to.equal(rate);
      await time.setNextBlockTimestamp((await m.pool.lastAccrual()) + gap);
      await m.pool.accrueInterest();
      const growth = compoundGrowthRay(rate, gap);
      const closedForm = (borrowed * growth + RAY - 1n) / RAY; // debt rounds up
      const total = await m.pool.totalBorrowAssets();
      // rpow rounds each squaring to the nearest RAY unit: at most a few units off the exact power
      expect(total).to.be.closeTo(closedForm, 1n);
      const interest = total - borrowed;
      const toReserves = (interest * BigInt(MARKET.reserveFactorBps)) / 10_000n;
      expect((await m.pool.reserves()) - reservesBefore).to.equal(toReserves);
      expect((await m.pool.totalSupplyAssets()) - supplied).to.equal(interest - toReserves);
      expect(await m.pool.debtOf(borrower.address)).to.be.closeTo(total, 1n);
      await expectConserved(m);
    });
  }

  it("views show interest accrued to now without a transaction", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender, borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(1000) }, USDC(500_000));
    await time.increase(86_400 * 10);
    const [supplied, borrowed, reserves] = await m.pool.totals();
    const debt = await m.pool.debtOf(borrower.address);
    const lent = await m.pool.suppliedOf(lender.address);
    await m.pool.accrueInterest(); // one more second passes in this block
    expect(await m.pool.totalBorrowAssets()).to.be.gte(borrowed);
    expect(debt).to.be.gt(USDC(500_000));
    expect(lent).to.be.gt(USDC(1_000_000));
    expect(supplied + reserves - borrowed).to.equal(USDC(500_000)); // cash unchanged by accrual
  });
});

describe("LendingPool: interest accrual cannot overflow (issue 15, F6)", () => {
  const MAX_RATES = {
    baseRatePerYear: 10n * WAD,
    slope1PerYear: 10n * WAD,
    slope2PerYear: 10n * WAD,
    kinkUtilization: RATES.kinkUtilization,
  };

  it("regression: after 30 idle years at the maximum rates, repay, withdraw and setRateModel still work (old code: panic 0x11)", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender, borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(1000) }, USDC(500_000));
    await m.pool.setRateModel(MAX_RATES);
    // no reserve share: otherwise the reserves' claim on the saturated interest would leave lenders no liquidity
    await m.pool.setMarketConfig({ ...MARKET, reserveFactorBps: 0 });
    const start = await m.pool.totalBorrowAssets();
    await time.increase(30n * YEAR); // r x dt >= 300: (1 + r)^dt is ~e^300, past 2^256
    await expect(m.pool.accrueInterest()).to.emit(m.pool, "InterestAccrued");
    const borrowed = await m.pool.totalBorrowAssets();
    expect(borrowed).to.be.gt(USDC(500_000));
    expect(borrowed).to.be.lte(await m.pool.MAX_TOTAL_BORROW());
    // saturated: one accrual grows the debt by at most MAX_ACCRUAL_GROWTH (x 1e9)
    expect(borrowed).to.be.lte((start * (await m.pool.MAX_ACCRUAL_GROWTH())) / RAY + 1n);

    await m.usdc.mint(borrower.address, USDC(1_000));
    await m.usdc.connect(borrower).approve(await m.pool.getAddress(), USDC(1_000));
    await expect(m.pool.connect(borrower).repay(USDC(1_000), borrower.address)).to.emit(m.pool, "Repay");
    await expect(m.pool.connect(lender).withdraw(USDC(100_000), lender.address, lender.address)).to.emit(
      m.pool,
      "Withdraw",
    );
    await time.increase(30n * YEAR);
    await expect(m.pool.setRateModel(RATES)).to.emit(m.pool, "RateModelUpdated");
    expect(await m.pool.debtOf(borrower.address)).to.be.lte(await m.pool.MAX_TOTAL_BORROW());
    await expectConserved(m);
  });

  it("below the saturation point it still compounds per second (half a year at 16.25/year: growth ~e^8)", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(1000) }, USDC(500_000));
    await m.pool.setRateModel(MAX_RATES);
    const t0 = BigInt(await time.latest());
    const rate = await m.pool.borrowRatePerSecond();
    await time.setNextBlockTimestamp(t0 + YEAR / 2n);
    await m.pool.accrueInterest();
    const expected = (USDC(500_000) * compoundGrowthRay(rate, YEAR / 2n)) / RAY;
    expect(expected).to.be.gt(USDC(500_000) * 1_000n);
    expect(await m.pool.totalBorrowAssets()).to.be.closeTo(expected, expected / 10n ** 8n); // rpow rounds at each squaring
  });
});
