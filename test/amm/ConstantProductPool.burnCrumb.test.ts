import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { poolFixture } from "./fixtures";

describe("ConstantProductPool: burning a crumb of liquidity", () => {
  it("refuses a burn that would pay one side nothing, even if the other side gets something", async () => {
    const { pool, owner } = await loadFixture(poolFixture);
    const supply = await pool.totalSupply();
    const poolAddress = await pool.getAddress();
    await pool.connect(owner).transfer(poolAddress, 1n);
    const [reserve0, reserve1] = await pool.getReserves();
    const amount0 = reserve0 / supply; // 1 x reserve0 / supply: some wei of the 18-decimal token
    const amount1 = reserve1 / supply; // ... and none of the 6-decimal one
    expect(amount0).to.be.greaterThan(0n);
    expect(amount1).to.equal(0n);
    await expect(pool.burn(owner.address))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidityBurned")
      .withArgs(amount0, 0n);
  });
});
