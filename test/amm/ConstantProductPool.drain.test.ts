import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { poolFixture } from "./fixtures";

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
