import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket, openPosition, expectConserved, USDC, ETH, FEED, WAD } from "./fixtures";
import { divUp } from "../helpers/lendingMath";

/** SharesMathLib's virtual shares and assets (Morpho Blue's), from its definition. */
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;
const sharesDown = (a: bigint, A: bigint, S: bigint) => (a * (S + VIRTUAL_SHARES)) / (A + VIRTUAL_ASSETS);
const sharesUp = (a: bigint, A: bigint, S: bigint) => divUp(a * (S + VIRTUAL_SHARES), A + VIRTUAL_ASSETS);
const assetsDown = (s: bigint, A: bigint, S: bigint) => (s * (A + VIRTUAL_ASSETS)) / (S + VIRTUAL_SHARES);
const assetsUp = (s: bigint, A: bigint, S: bigint) => divUp(s * (A + VIRTUAL_ASSETS), S + VIRTUAL_SHARES);

const ZERO_RATES = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n };
/** 10^(18 + 18 - 6): WETH amount x WAD price / UNIT = USDC base units. */
const WETH_UNIT = 10n ** 30n;

/**
 * The interest-bearing market after 37 days of interest on two borrowers, then frozen (rates set to zero, which
 * accrues first): supply and borrow share prices are odd and stay put to the wei, so every rounding direction shows.
 */
async function oddSharePrices() {
  const m = await deployMarket();
  const [, lender, borrower, other, newcomer] = m.signers;
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(12_000));
  await openPosition(m, other, { weth: ETH(1_000) }, USDC(500_000));
  await time.increase(37 * 86_400 + 11);
  await m.pool.setRateModel(ZERO_RATES);
  await m.ethFeed.setAnswer(FEED(2_000)); // fresh again after the 37 days
  await m.btcFeed.setAnswer(FEED(30_000));
  await m.usdc.mint(newcomer.address, USDC(100_000));
  await m.usdc.connect(newcomer).approve(await m.pool.getAddress(), ethers.MaxUint256);
  await m.usdc.connect(borrower).approve(await m.pool.getAddress(), ethers.MaxUint256);
  await m.usdc.mint(borrower.address, USDC(1_000));
  return { ...m, lender, borrower, other, newcomer };
}
type World = Awaited<ReturnType<typeof oddSharePrices>>;

async function supplyTotals(w: World) {
  return { A: await w.pool.totalSupplyAssets(), S: await w.pool.totalSupplyShares() };
}
async function borrowTotals(w: World) {
  return { A: await w.pool.totalBorrowAssets(), S: await w.pool.totalBorrowShares() };
}

describe("LendingPool: rounding directions at odd share prices (to the wei)", () => {
  it("supply mints shares rounded down", async () => {
    const w = await loadFixture(oddSharePrices);
    const { A, S } = await supplyTotals(w);
    const assets = USDC(1_000) + 1n;
    expect(sharesUp(assets, A, S)).to.not.equal(sharesDown(assets, A, S)); // the prices are odd enough to tell
    await expect(w.pool.connect(w.newcomer).supply(assets, w.newcomer.address))
      .to.emit(w.pool, "Supply")
      .withArgs(w.newcomer.address, w.newcomer.address, assets, sharesDown(assets, A, S));
    expect(await w.pool.supplyShares(w.newcomer.address)).to.equal(sharesDown(assets, A, S));
  });

  it("suppliedOf, accountState.supplied and withdraw(max) value supply shares rounded down", async () => {
    const w = await loadFixture(oddSharePrices);
    await w.pool.connect(w.newcomer).supply(USDC(1_000) + 1n, w.newcomer.address);
    const owned = await w.pool.supplyShares(w.newcomer.address);
    const { A, S } = await supplyTotals(w);
    const down = assetsDown(owned, A, S);
    expect(assetsUp(owned, A, S)).to.equal(down + 1n);
    expect(await w.pool.suppliedOf(w.newcomer.address)).to.equal(down);
    expect((await w.pool.accountState(w.newcomer.address)).supplied).to.equal(down);
    const before = await w.usdc.balanceOf(w.newcomer.address);
    await expect(w.pool.connect(w.newcomer).withdraw(ethers.MaxUint256, w.newcomer.address, w.newcomer.address))
      .to.emit(w.pool, "Withdraw")
      .withArgs(w.newcomer.address, w.newcomer.address, w.newcomer.address, down, owned);
    expect(await w.usdc.balanceOf(w.newcomer.address)).to.equal(before + down);
    await expectConserved(w);
  });

  it("withdrawing more than owned reverts InsufficientSupply(requested, owned value rounded down)", async () => {
    const w = await loadFixture(oddSharePrices);
    await w.pool.connect(w.newcomer).supply(USDC(1_000) + 1n, w.newcomer.address);
    const owned = await w.pool.supplyShares(w.newcomer.address);
    const { A, S } = await supplyTotals(w);
    const down = assetsDown(owned, A, S);
    expect(assetsUp(owned, A, S)).to.equal(down + 1n);
    await expect(w.pool.connect(w.newcomer).withdraw(down + 1n, w.newcomer.address, w.newcomer.address))
      .to.be.revertedWithCustomError(w.pool, "InsufficientSupply")
      .withArgs(down + 1n, down);
  });

  it("withdraw(max) of shares worth less than one unit reverts ZeroAmount instead of burning them for nothing", async () => {
    const w = await loadFixture(oddSharePrices);
    await w.pool.connect(w.newcomer).supply(2n, w.newcomer.address);
    await w.pool.connect(w.newcomer).withdraw(1n, w.newcomer.address, w.newcomer.address);
    const owned = await w.pool.supplyShares(w.newcomer.address);
    expect(owned).to.be.greaterThan(0n);
    expect(await w.pool.suppliedOf(w.newcomer.address)).to.equal(0n);
    await expect(
      w.pool.connect(w.newcomer).withdraw(ethers.MaxUint256, w.newcomer.address, w.newcomer.address),
    ).to.be.revertedWithCustomError(w.pool, "ZeroAmount");
    expect(await w.pool.supplyShares(w.newcomer.address)).to.equal(owned);
  });

  it("borrow mints debt shares rounded up; debtOf values them rounded up", async () => {
    const w = await loadFixture(oddSharePrices);
    const [, , , , , second] = w.signers;
    const { A, S } = await borrowTotals(w);
    const assets = USDC(5_000) + 3n;
    expect(sharesUp(assets, A, S)).to.not.equal(sharesDown(assets, A, S));
    await openPosition(w, second, { weth: ETH(10) }, 0n);
    await expect(w.pool.connect(second).borrow(assets, second.address, second.address))
      .to.emit(w.pool, "Borrow")
      .withArgs(second.address, second.address, second.address, assets, sharesUp(assets, A, S));
    const shares = await w.pool.borrowShares(second.address);
    const after = await borrowTotals(w);
    expect(assetsUp(shares, after.A, after.S)).to.not.equal(assetsDown(shares, after.A, after.S));
    expect(await w.pool.debtOf(second.address)).to.equal(assetsUp(shares, after.A, after.S));
  });

  it("repaying the whole debt charges its value rounded up and burns every share", async () => {
    const w = await loadFixture(oddSharePrices);
    const shares = await w.pool.borrowShares(w.borrower.address);
    const { A, S } = await borrowTotals(w);
    const debt = assetsUp(shares, A, S);
    expect(assetsDown(shares, A, S)).to.equal(debt - 1n);
    const before = await w.usdc.balanceOf(w.borrower.address);
    await expect(w.pool.connect(w.borrower).repay(ethers.MaxUint256, w.borrower.address))
      .to.emit(w.pool, "Repay")
      .withArgs(w.borrower.address, w.borrower.address, debt, shares);
    expect(await w.usdc.balanceOf(w.borrower.address)).to.equal(before - debt);
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(0n);
    await expectConserved(w);
  });

  it("repaying exactly the debt (not more) also closes the position", async () => {
    const w = await loadFixture(oddSharePrices);
    const debt = await w.pool.debtOf(w.borrower.address);
    const shares = await w.pool.borrowShares(w.borrower.address);
    await expect(w.pool.connect(w.borrower).repay(debt, w.borrower.address))
      .to.emit(w.pool, "Repay")
      .withArgs(w.borrower.address, w.borrower.address, debt, shares);
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(0n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
  });

  it("a partial repayment burns shares rounded down", async () => {
    const w = await loadFixture(oddSharePrices);
    const sharesBefore = await w.pool.borrowShares(w.borrower.address);
    const { A, S } = await borrowTotals(w);
    const assets = USDC(3_000) + 7n;
    const burned = sharesDown(assets, A, S);
    expect(sharesUp(assets, A, S)).to.not.equal(burned);
    await expect(w.pool.connect(w.borrower).repay(assets, w.borrower.address))
      .to.emit(w.pool, "Repay")
      .withArgs(w.borrower.address, w.borrower.address, assets, burned);
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(sharesBefore - burned);
  });

  it("a partial liquidation burns shares rounded down and reports the health after as the view computes it", async () => {
    const w = await loadFixture(oddSharePrices);
    const [, , , , , liquidator] = w.signers;
    await w.ethFeed.setAnswer(FEED(1_400) + 7n); // limit ~11,200 against ~12,100 of debt: health ~0.93
    const weth = await w.weth.getAddress();
    const price = (FEED(1_400) + 7n) * 10n ** 10n;
    const sharesBefore = await w.pool.borrowShares(w.borrower.address);
    const { A, S } = await borrowTotals(w);
    const requested = USDC(3_000) + 1n;
    const burned = sharesDown(requested, A, S);
    expect(sharesUp(requested, A, S)).to.not.equal(burned);
    // Seized rounds down; the health after values what is left as `_position` does.
    const seized = (requested * 10_500n * WETH_UNIT) / (price * 10_000n);
    const left = ETH(10) - seized;
    const threshold = (WAD * 80n) / 100n;
    const leftValue = (left * price) / WETH_UNIT;
    const limit = (leftValue * threshold) / WAD;
    expect(divUp(leftValue * threshold, WAD)).to.not.equal(limit);
    const debtAfter = assetsUp(sharesBefore - burned, A - requested, S - burned);
    expect(assetsDown(sharesBefore - burned, A - requested, S - burned)).to.not.equal(debtAfter);
    const healthAfter = (limit * WAD) / debtAfter;
    expect((limit * WAD) / (debtAfter - 1n)).to.not.equal(healthAfter);

    await w.usdc.mint(liquidator.address, USDC(10_000));
    await w.usdc.connect(liquidator).approve(await w.pool.getAddress(), ethers.MaxUint256);
    const tx = w.pool.connect(liquidator).liquidate(w.borrower.address, weth, requested, liquidator.address, 0n);
    await expect(tx)
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        liquidator.address,
        w.borrower.address,
        weth,
        liquidator.address,
        requested,
        seized,
        price,
        (v: bigint) => v < WAD,
        healthAfter,
      );
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(sharesBefore - burned);
    expect(await w.pool.healthFactor(w.borrower.address)).to.equal(healthAfter);
    await expectConserved(w);
  });

  it("a partial kick burns debt shares rounded down", async () => {
    const w = await loadFixture(oddSharePrices);
    const [, , , , , door] = w.signers;
    await w.pool.setAuctionLiquidator(door.address);
    await w.ethFeed.setAnswer(FEED(1_400));
    const sharesBefore = await w.pool.borrowShares(w.borrower.address);
    const { A, S } = await borrowTotals(w);
    const maxDebt = USDC(4_000) + 9n;
    const burned = sharesDown(maxDebt, A, S);
    expect(sharesUp(maxDebt, A, S)).to.not.equal(burned);
    await expect(w.pool.connect(door).seizeForAuction(w.borrower.address, await w.weth.getAddress(), maxDebt))
      .to.emit(w.pool, "SeizedForAuction")
      .withArgs(w.borrower.address, await w.weth.getAddress(), door.address, (v: bigint) => v > 0n, maxDebt);
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(sharesBefore - burned);
    expect(await w.pool.totalBorrowAssets()).to.equal(A - maxDebt);
  });

  it("bad debt left after the last collateral is seized is the remaining shares' value rounded up", async () => {
    const w = await loadFixture(oddSharePrices);
    const [, , , , , liquidator] = w.signers;
    await w.ethFeed.setAnswer(FEED(1_000)); // 10 ETH worth 10,000 against ~12,100 of debt: toxic
    const weth = await w.weth.getAddress();
    const shares = await w.pool.borrowShares(w.borrower.address);
    const { A, S } = await borrowTotals(w);
    // The whole balance is worth less than the debt plus bonus: it all goes, for its value less the bonus.
    const repaid = divUp(ETH(10) * FEED(1_000) * 10n ** 10n * 10_000n, WETH_UNIT * 10_500n);
    const burned = sharesDown(repaid, A, S);
    const left = shares - burned;
    const badDebt = assetsUp(left, A - repaid, S - burned);
    expect(assetsDown(left, A - repaid, S - burned)).to.not.equal(badDebt);
    await w.usdc.mint(liquidator.address, USDC(20_000));
    await w.usdc.connect(liquidator).approve(await w.pool.getAddress(), ethers.MaxUint256);
    await expect(w.pool.connect(liquidator).liquidate(w.borrower.address, weth, USDC(20_000), liquidator.address, 0n))
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(
        w.borrower.address,
        badDebt,
        (v: bigint) => v >= 0n,
        (v: bigint) => v >= 0n,
      )
      .and.to.emit(w.pool, "Liquidation")
      .withArgs(
        liquidator.address,
        w.borrower.address,
        weth,
        liquidator.address,
        repaid,
        ETH(10),
        FEED(1_000) * 10n ** 10n,
        (v: bigint) => v < WAD,
        ethers.MaxUint256,
      );
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(0n);
    expect(await w.pool.totalBorrowAssets()).to.equal(A - repaid - badDebt);
    await expectConserved(w);
  });
});

describe("LendingPool: interest rounds up (debt up)", () => {
  it("one second on a one-unit debt accrues one unit, not zero", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(1) }, 1n);
    const rate = await m.pool.borrowRatePerSecond();
    expect(rate).to.be.greaterThan(0n);
    await time.setNextBlockTimestamp((await m.pool.lastAccrual()) + 1n);
    await expect(m.pool.accrueInterest()).to.emit(m.pool, "InterestAccrued").withArgs(rate, 1n, 0n);
    expect(await m.pool.totalBorrowAssets()).to.equal(2n);
    expect(await m.pool.debtOf(borrower.address)).to.equal(2n);
  });
});
