import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FEE_BPS, poolFixture, provide } from "./fixtures";

// Named to run after ConstantProductPool.random.test.ts: that test's seeded draws depend on the token order, which
// depends on the deployer's nonce when its fixture first runs, i.e. on the files before it.

describe("ConstantProductPool: minting into a pool with liquidity", () => {
  it("mints by the scarcer side: token1 short of the pool's ratio", async () => {
    const { pool, token0, token1, reserve0, reserve1, alice } = await loadFixture(poolFixture);
    const supply = await pool.totalSupply();
    // 1% of reserve0 but only 0.5% of reserve1: token1 binds.
    const amount0 = reserve0 / 100n;
    const amount1 = reserve1 / 200n;
    const expected = (amount1 * supply) / reserve1;
    expect(expected).to.be.lessThan((amount0 * supply) / reserve0);
    await provide(pool, token0, token1, amount0, amount1, alice.address);
    expect(await pool.balanceOf(alice.address)).to.equal(expected);
  });

  it("mints by the scarcer side: token0 short of the pool's ratio", async () => {
    const { pool, token0, token1, reserve0, reserve1, alice } = await loadFixture(poolFixture);
    const supply = await pool.totalSupply();
    const amount0 = reserve0 / 200n;
    const amount1 = reserve1 / 100n;
    const expected = (amount0 * supply) / reserve0;
    await provide(pool, token0, token1, amount0, amount1, alice.address);
    expect(await pool.balanceOf(alice.address)).to.equal(expected);
  });
});

describe("ConstantProductPool: burning a crumb of liquidity", () => {
  it("refuses a burn that would pay one side nothing, even if the other side gets something", async () => {
    const { pool, owner } = await loadFixture(poolFixture);
    const supply = await pool.totalSupply();
    const poolAddress = await pool.getAddress();
    await pool.connect(owner).transfer(poolAddress, 1n);
    const [reserve0, reserve1] = await pool.getReserves();
    // 1 x reserve / supply: some wei of the 18-decimal token and none of the 6-decimal one (whichever sorts first).
    const amount0 = reserve0 / supply;
    const amount1 = reserve1 / supply;
    expect([amount0 === 0n, amount1 === 0n].filter(Boolean)).to.have.length(1);
    await expect(pool.burn(owner.address))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidityBurned")
      .withArgs(amount0, amount1);
  });
});

describe("ConstantProductPool: a swap cannot take a whole reserve", () => {
  it("refuses an output of exactly the reserve, on either side, as InsufficientLiquidity", async () => {
    const { pool, alice } = await loadFixture(poolFixture);
    const [reserve0, reserve1] = await pool.getReserves();
    await expect(pool.swap(reserve0, 0n, alice.address, "0x"))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(reserve0, reserve0);
    await expect(pool.swap(0n, reserve1, alice.address, "0x"))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(reserve1, reserve1);
  });
});

const BPS = 10_000n;
const flashData = (repay0: bigint, repay1: bigint) =>
  ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256", "bool"], [repay0, repay1, false]);

describe("ConstantProductPool: token1 out, and transfers of nothing", () => {
  it("accepts a flash loan of token1 repaid in token1 with the fee, counting the repayment as input", async () => {
    const { pool, token0, token1, callee, reserve0, reserve1 } = await loadFixture(poolFixture);
    const borrowed = reserve1 / 4n;
    const repay = (borrowed * BPS + (BPS - FEE_BPS) - 1n) / (BPS - FEE_BPS);
    await token1.mint(callee, repay - borrowed);
    // Only token1 moves: no transfer of nothing in token0.
    await expect(pool.swap(0n, borrowed, callee, flashData(0n, repay))).not.to.emit(token0, "Transfer");
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
