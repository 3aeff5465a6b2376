import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DEADLINE, deployPool, provide } from "./fixtures";
import { Rng, getAmountOut, swapProducts, uniswapV2GetAmountOut, units } from "./reference";

const SWAPS_PER_POOL = 15;

/**
 * Pools over every pair of 6/8/18-decimal tokens at 30 bps, plus 0 and 100 bps pools; a funded trader. Every draw is
 * made in terms of the spec's tokens A and B, never token0/token1: which one sorts first depends on deployment
 * addresses, i.e. on the test files that ran before (the coverage run, for one, runs another set).
 */
async function randomPoolsFixture() {
  const [owner, trader] = await ethers.getSigners();
  const router = await ethers.deployContract("ConstantProductRouter");
  const rng = new Rng(0xca5cade);
  const specs: [number, number, bigint][] = [
    [6, 18, 30n],
    [8, 18, 30n],
    [6, 8, 30n],
    [18, 18, 0n],
    [6, 18, 100n],
  ];
  const pools = [];
  for (const [decimalsA, decimalsB, fee] of specs) {
    const { pool, token0, token1, tokenA } = await deployPool(decimalsA, decimalsB, fee);
    const amountA = rng.logUniform(units(10n, decimalsA), units(10n ** 8n, decimalsA));
    const amountB = rng.logUniform(units(10n, decimalsB), units(10n ** 8n, decimalsB));
    const aIs0 = (await tokenA.getAddress()) === (await token0.getAddress());
    await provide(pool, token0, token1, aIs0 ? amountA : amountB, aIs0 ? amountB : amountA, owner.address);
    for (const token of [token0, token1]) {
      await token.mint(trader, 10n ** 40n);
      await token.connect(trader).approve(router, ethers.MaxUint256);
    }
    pools.push({ pool, token0, token1, fee, aIs0 });
  }
  return { trader, router, pools };
}

describe("ConstantProductPool: seeded random swaps", () => {
  it("router swaps at 30 bps pay Uniswap V2's getAmountOut to the wei, for 6/8/18-decimal pairs", async () => {
    const { trader, router, pools } = await loadFixture(randomPoolsFixture);
    const rng = new Rng(997);
    let executed = 0;
    for (const { pool, token0, token1, aIs0 } of pools.filter((p) => p.fee === 30n)) {
      for (let i = 0; i < SWAPS_PER_POOL; i++) {
        const zeroForOne = (rng.int(0, 1) === 0) === aIs0; // "A in" drawn, then placed on the pool's side
        const [reserve0, reserve1] = await pool.getReserves();
        const [tokenIn, tokenOut, reserveIn, reserveOut] = zeroForOne
          ? [token0, token1, reserve0, reserve1]
          : [token1, token0, reserve1, reserve0];
        const amountIn = rng.logUniform(1_000n, reserveIn);
        const expected = uniswapV2GetAmountOut(amountIn, reserveIn, reserveOut);
        if (expected === 0n) continue; // the pool refuses a zero output (InsufficientOutputAmount), as V2
        const before = await tokenOut.balanceOf(trader);
        await router.connect(trader).swapExactTokensForTokens(pool, tokenIn, amountIn, expected, trader, DEADLINE);
        expect((await tokenOut.balanceOf(trader)) - before, `swap ${i}`).to.equal(expected);
        executed++;
      }
    }
    expect(executed).to.be.greaterThan(SWAPS_PER_POOL * 2); // the skips stay rare
  });

  it("k = reserve0 * reserve1 never decreases, and one wei more output than the quote always reverts", async () => {
    const { trader, pools } = await loadFixture(randomPoolsFixture);
    const rng = new Rng(0x6b);
    let executed = 0;
    for (const { pool, token0, token1, fee, aIs0 } of pools) {
      for (let i = 0; i < SWAPS_PER_POOL; i++) {
        const zeroForOne = (rng.int(0, 1) === 0) === aIs0; // "A in" drawn, then placed on the pool's side
        const [reserve0, reserve1] = await pool.getReserves();
        const [tokenIn, reserveIn, reserveOut] = zeroForOne
          ? [token0, reserve0, reserve1]
          : [token1, reserve1, reserve0];
        const amountIn = rng.logUniform(1n, reserveIn * 3n);
        const maxOut = getAmountOut(amountIn, reserveIn, reserveOut, fee);
        if (maxOut === 0n) continue;
        const outs = (o: bigint): [bigint, bigint] => (zeroForOne ? [0n, o] : [o, 0n]);
        await tokenIn.connect(trader).transfer(pool, amountIn);

        const [kBefore, kAfter] = swapProducts(amountIn, maxOut + 1n, reserveIn, reserveOut, fee);
        await expect(pool.connect(trader).swap(...outs(maxOut + 1n), trader, "0x"))
          .to.be.revertedWithCustomError(pool, "InvariantViolated")
          .withArgs(kBefore, kAfter);
        // Take the maximum or leave a little in the pool; either way the product may only grow.
        const slack = BigInt(rng.int(0, 2));
        const amountOut = slack < maxOut ? maxOut - slack : maxOut;
        await pool.connect(trader).swap(...outs(amountOut), trader, "0x");
        const [after0, after1] = await pool.getReserves();
        expect(after0 * after1 >= reserve0 * reserve1, `fee ${fee} swap ${i}`).to.equal(true);
        executed++;
      }
    }
    expect(executed).to.be.greaterThan(SWAPS_PER_POOL * 4);
  });
});
