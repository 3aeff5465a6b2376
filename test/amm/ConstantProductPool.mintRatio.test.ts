import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { poolFixture, provide } from "./fixtures";

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
