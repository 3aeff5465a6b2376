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
    // 1 x reserve / supply: some wei of the 18-decimal token and none of the 6-decimal one (whichever sorts first).
    const amount0 = reserve0 / supply;
    const amount1 = reserve1 / supply;
    expect([amount0 === 0n, amount1 === 0n].filter(Boolean)).to.have.length(1);
    await expect(pool.burn(owner.address))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidityBurned")
      .withArgs(amount0, amount1);
  });
});
