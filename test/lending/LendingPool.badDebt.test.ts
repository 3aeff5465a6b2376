import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket, openPosition, expectConserved, USDC, ETH, FEED } from "./fixtures";

describe("LendingPool: bad debt", () => {
  async function crashedWorld() {
    const m = await deployMarket();
    const [, lender, borrower, liquidator] = m.signers;
    await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
    await openPosition(m, m.signers[4], { weth: ETH(1000) }, USDC(500_000));
    await time.increase(30 * 86_400); // reserves build up from interest
    await m.pool.accrueInterest();
    await m.usdc.mint(liquidator.address, USDC(100_000));
    await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
    await m.ethFeed.setAnswer(FEED(1000)); // 10 ETH now worth 10,000 against 15,000+ of debt
    return { ...m, lender, borrower, liquidator };
  }

  it("writes the remainder off against reserves first, then lenders, and records it", async () => {
    const w = await loadFixture(crashedWorld);
    const weth = await w.weth.getAddress();
    const reservesBefore = await w.pool.reserves();
    expect(reservesBefore).to.be.gt(0n);
    const lenderBefore = await w.pool.suppliedOf(w.lender.address);
    const tx = await w.pool.connect(w.liquidator).liquidate(w.borrower.address, weth, USDC(100_000), w.liquidator, 0);
    const receipt = await tx.wait();
    const parsed = receipt!.logs.map((l) => w.pool.interface.parseLog(l)).filter((e) => e?.name === "BadDebtRealized");
    expect(parsed).to.have.length(1);
    const [borrower, amount, fromReserves, fromLenders] = parsed[0]!.args;
    expect(borrower).to.equal(w.borrower.address);
    const liq = receipt!.logs.map((l) => w.pool.interface.parseLog(l)).find((e) => e?.name === "Liquidation")!;
    const debtAtLiquidation = liq.args.repaid + amount;
    expect(debtAtLiquidation).to.be.gt(USDC(15_000));
    expect(fromReserves + fromLenders).to.equal(amount);
    // reserves (plus this block's accrual) are used up before lenders pay, all but their last wei (RESERVE_FLOOR)
    expect(fromReserves).to.be.gte(reservesBefore - 1n);
    expect(await w.pool.reserves()).to.equal(await w.pool.RESERVE_FLOOR());
    expect(fromLenders).to.be.gt(0n);
    expect(await w.pool.totalBadDebt()).to.equal(amount);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    // the lender's claim fell by (about) the lenders' share of the loss, rather than the loss disappearing
    const lenderAfter = await w.pool.suppliedOf(w.lender.address);
    expect(lenderBefore - lenderAfter).to.be.closeTo(fromLenders, USDC(1));
    await expectConserved(w);
  });

  it("realizes the debt of a borrower with no collateral left, and only then", async () => {
    const w = await loadFixture(crashedWorld);
    const weth = await w.weth.getAddress();
    const debt = await w.pool.debtOf(w.borrower.address);
    await expect(w.pool.realizeBadDebt(w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "NoBadDebt")
      .withArgs(w.borrower.address, (d: bigint) => d >= debt, USDC(10_000));
    await expect(w.pool.realizeBadDebt(w.liquidator.address))
      .to.be.revertedWithCustomError(w.pool, "NoBadDebt")
      .withArgs(w.liquidator.address, 0, 0);
    // A liquidation that takes all collateral realizes the rest at once; nothing is left to realize after.
    await w.pool.connect(w.liquidator).liquidate(w.borrower.address, weth, USDC(100_000), w.liquidator, 0);
    await expect(w.pool.realizeBadDebt(w.borrower.address)).to.be.revertedWithCustomError(w.pool, "NoBadDebt");
    await expectConserved(w);
  });
});
