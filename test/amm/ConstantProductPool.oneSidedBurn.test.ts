import { expect } from "chai";
import { ethers } from "hardhat";

/**
 * A burn must pay something of both tokens: in a lopsided pool a small burn's share of the scarce token rounds down
 * to 0 and the pool refuses it (as Uniswap V2 does), rather than paying out one token only.
 */
describe("ConstantProductPool: a burn that would pay nothing of one token", () => {
  it("reverts InsufficientLiquidityBurned(amount0, amount1) whichever token rounds to 0, the shares untouched", async () => {
    const [admin] = await ethers.getSigners();
    for (const scarce of [0, 1] as const) {
      const a = await ethers.deployContract("MockERC20", ["A", "A", 18]);
      const b = await ethers.deployContract("MockERC20", ["B", "B", 18]);
      const pool = await ethers.deployContract("ConstantProductPool", [a, b, 30, "LP", "LP"]);
      const t0 = await ethers.getContractAt("MockERC20", await pool.token0());
      const t1 = await ethers.getContractAt("MockERC20", await pool.token1());
      const [r0, r1] = scarce === 1 ? [10n ** 18n, 1_000n] : [1_000n, 10n ** 18n];
      await t0.mint(pool, r0);
      await t1.mint(pool, r1);
      await pool.mint(admin.address);
      const supply = await pool.totalSupply();
      const burnt = 1_000_000n; // below supply / 1,000: the scarce side's share rounds to 0
      await pool.transfer(pool, burnt);
      const expected = [(burnt * r0) / supply, (burnt * r1) / supply];
      expect(expected[scarce]).to.equal(0n);
      expect(expected[1 - scarce]).to.be.greaterThan(0n);
      await expect(pool.burn(admin.address))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidityBurned")
        .withArgs(expected[0], expected[1]);
      expect(await pool.balanceOf(pool)).to.equal(burnt);
      const [g0, g1] = await pool.getReserves();
      expect([g0, g1]).to.deep.equal([r0, r1]);
    }
  });
});
