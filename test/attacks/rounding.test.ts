import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, expectConserved, USDC, ETH } from "../lending/fixtures";

const LOOPS = 40;

describe("Attack: rounding exploitation by repeated one-wei actions", () => {
  it("supplying and withdrawing one wei at a time never pays out more than was put in", async () => {
    const m = await loadFixture(deployMarketNoInterest);
    const attacker = m.signers[7];
    await m.usdc.mint(attacker.address, 1_000n);
    await m.usdc.connect(attacker).approve(m.pool, ethers_max);
    for (let i = 0; i < LOOPS; i++) {
      await m.pool.connect(attacker).supply(1n, attacker.address);
      await m.pool.connect(attacker).withdraw(1n, attacker.address, attacker.address);
      expect(await m.usdc.balanceOf(attacker.address)).to.equal(1_000n);
    }
    // Now supply 3 wei and pull them out one wei at a time: each withdrawal burns shares rounded up.
    await m.pool.connect(attacker).supply(3n, attacker.address);
    for (let i = 0; i < 3; i++) {
      await m.pool
        .connect(attacker)
        .withdraw(1n, attacker.address, attacker.address)
        .catch(() => undefined);
    }
    expect(await m.usdc.balanceOf(attacker.address)).to.be.lessThanOrEqual(1_000n);
    expect(await m.pool.suppliedOf(attacker.address)).to.equal(0n);
    await expectConserved(m);
  });

  it("borrowing one wei and repaying one wei never lowers the debt below what was borrowed", async () => {
    const m = await loadFixture(deployMarketNoInterest);
    const attacker = m.signers[7];
    await openPosition(m, attacker, { weth: ETH(1) }, USDC(1_000));
    await m.usdc.connect(attacker).approve(m.pool, ethers_max);
    const debtBefore = await m.pool.debtOf(attacker.address);
    for (let i = 0; i < LOOPS; i++) {
      await m.pool.connect(attacker).borrow(1n, attacker.address, attacker.address);
      await m.pool.connect(attacker).repay(1n, attacker.address);
    }
    // Borrowing rounds shares up and repaying burns them rounded down: the debt can only drift up.
    expect(await m.pool.debtOf(attacker.address)).to.be.greaterThanOrEqual(debtBefore);
    await expectConserved(m);
  });

  it("repaying one wei at a time clears no more than one wei of debt each time", async () => {
    const m = await loadFixture(deployMarketNoInterest);
    const attacker = m.signers[7];
    await openPosition(m, attacker, { weth: ETH(1) }, USDC(1_000));
    await m.usdc.connect(attacker).approve(m.pool, ethers_max);
    const debtBefore = await m.pool.debtOf(attacker.address);
    for (let i = 0; i < LOOPS; i++) await m.pool.connect(attacker).repay(1n, attacker.address);
    expect(await m.pool.debtOf(attacker.address)).to.be.greaterThanOrEqual(debtBefore - BigInt(LOOPS));
    await expectConserved(m);
  });

  it("depositing one wei of collateral buys no borrowing power at all", async () => {
    const m = await loadFixture(deployMarketNoInterest);
    const attacker = m.signers[7];
    await m.weth.mint(attacker.address, 100n);
    await m.weth.connect(attacker).approve(m.pool, ethers_max);
    for (let i = 0; i < 5; i++) await m.pool.connect(attacker).depositCollateral(m.weth, 1n, attacker.address);
    // 5 wei of WETH at 2,000 is worth 0 USDC base units (rounded down).
    await expect(m.pool.connect(attacker).borrow(1n, attacker.address, attacker.address))
      .to.be.revertedWithCustomError(m.pool, "BorrowLimitExceeded")
      .withArgs(1n, 0n);
  });
});

const ethers_max = 2n ** 256n - 1n;
