import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FEE_BPS, poolFixture } from "./fixtures";

const BPS = 10_000n;
const flashData = (repay0: bigint, repay1: bigint) =>
  ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256", "bool"], [repay0, repay1, false]);

describe("ConstantProductPool: token1 out, and transfers of nothing", () => {
  it("accepts a flash loan of token1 repaid in token1 with the fee, counting the repayment as input", async () => {
    const { pool, token1, callee, reserve0, reserve1 } = await loadFixture(poolFixture);
    const borrowed = reserve1 / 4n;
    const repay = (borrowed * BPS + (BPS - FEE_BPS) - 1n) / (BPS - FEE_BPS);
    await token1.mint(callee, repay - borrowed);
    await pool.swap(0n, borrowed, callee, flashData(0n, repay));
    expect(await pool.getReserves()).to.deep.equal([
      reserve0,
      reserve1 - borrowed + repay,
      (await pool.getReserves())[2],
    ]);
  });

  it("moves no token1 on a swap that only takes token0 out, and none of either on a skim with nothing to skim", async () => {
    const { pool, token0, token1, reserve0, reserve1, alice } = await loadFixture(poolFixture);
    const out0 = reserve0 / 100n;
    const in1 = (reserve1 * out0 * BPS) / ((reserve0 - out0) * (BPS - FEE_BPS)) + 1n;
    await token1.mint(pool, in1);
    await expect(pool.swap(out0, 0n, alice.address, "0x"))
      .to.emit(token0, "Transfer")
      .and.not.to.emit(token1, "Transfer");
    await expect(pool.skim(alice.address)).not.to.emit(token0, "Transfer").and.not.to.emit(token1, "Transfer");
  });
});
