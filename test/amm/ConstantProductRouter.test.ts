import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { DEADLINE, poolFixture } from "./fixtures";
import { isqrt, uniswapV2GetAmountIn, uniswapV2GetAmountOut } from "./reference";

/** The pool fixture plus a funded trader who has approved the router for both tokens and the LP share. */
async function routerFixture() {
  const base = await poolFixture();
  const { alice, pool, token0, token1, router } = base;
  for (const token of [token0, token1]) {
    await token.mint(alice, 10n ** 40n);
    await token.connect(alice).approve(router, ethers.MaxUint256);
  }
  await pool.connect(alice).approve(router, ethers.MaxUint256);
  return base;
}

describe("ConstantProductRouter", () => {
  describe("liquidity", () => {
    it("adds at the pool's ratio, keeping the unused part of the larger side", async () => {
      const { alice, bob, pool, router, reserve0, reserve1 } = await loadFixture(routerFixture);
      const supply = await pool.totalSupply();
      const [desired0, desired1] = [reserve0 / 10n, reserve1]; // token1 is the larger side
      const expected1 = (desired0 * reserve1) / reserve0;
      const result = await router
        .connect(alice)
        .addLiquidity.staticCall(pool, desired0, desired1, desired0, expected1, bob, DEADLINE);
      expect(result).to.deep.equal([desired0, expected1, (desired0 * supply) / reserve0]);
      await router.connect(alice).addLiquidity(pool, desired0, desired1, 0, 0, bob, DEADLINE);
      expect(await pool.balanceOf(bob)).to.equal(result[2]);
      expect((await pool.getReserves()).slice(0, 2)).to.deep.equal([reserve0 + desired0, reserve1 + expected1]);
    });

    it("adds token0 short of desired when token1 is the scarcer side", async () => {
      const { alice, pool, router, reserve0, reserve1 } = await loadFixture(routerFixture);
      const [desired0, desired1] = [reserve0, reserve1 / 10n];
      const expected0 = (desired1 * reserve0) / reserve1;
      const [amount0, amount1] = await router
        .connect(alice)
        .addLiquidity.staticCall(pool, desired0, desired1, 0, 0, alice, DEADLINE);
      expect([amount0, amount1]).to.deep.equal([expected0, desired1]);
    });

    it("deposits both desired amounts into an empty pool", async () => {
      const { alice, router, token0, token1 } = await loadFixture(routerFixture);
      const empty = await ethers.deployContract("ConstantProductPool", [token0, token1, 30, "LP", "LP"]);
      await router.connect(alice).addLiquidity(empty, 4_000_000n, 9_000_000n, 0, 0, alice, DEADLINE);
      expect(await empty.balanceOf(alice)).to.equal(isqrt(4_000_000n * 9_000_000n) - 1_000n);
    });

    it("reverts with InsufficientAmountA / InsufficientAmountB below the caller's minimums", async () => {
      const { alice, pool, router, reserve0, reserve1 } = await loadFixture(routerFixture);
      const asRouter = router.connect(alice);
      const expected1 = ((reserve0 / 10n) * reserve1) / reserve0;
      await expect(asRouter.addLiquidity(pool, reserve0 / 10n, reserve1, 0, expected1 + 1n, alice, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAmountB")
        .withArgs(expected1, expected1 + 1n);
      const expected0 = ((reserve1 / 10n) * reserve0) / reserve1;
      await expect(asRouter.addLiquidity(pool, reserve0, reserve1 / 10n, expected0 + 1n, 0, alice, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAmountA")
        .withArgs(expected0, expected0 + 1n);
    });

    it("removes liquidity pro rata and enforces both minimums", async () => {
      const { owner, alice, bob, pool, router, reserve0, reserve1 } = await loadFixture(routerFixture);
      const liquidity = (await pool.balanceOf(owner)) / 2n;
      await pool.transfer(alice, liquidity);
      const supply = await pool.totalSupply();
      const [out0, out1] = [(liquidity * reserve0) / supply, (liquidity * reserve1) / supply];
      const asRouter = router.connect(alice);
      await expect(asRouter.removeLiquidity(pool, liquidity, out0 + 1n, 0, bob, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAmountA")
        .withArgs(out0, out0 + 1n);
      await expect(asRouter.removeLiquidity(pool, liquidity, 0, out1 + 1n, bob, DEADLINE))
        .to.be.revertedWithCustomError(router, "InsufficientAmountB")
        .withArgs(out1, out1 + 1n);
      await asRouter.removeLiquidity(pool, liquidity, out0, out1, bob, DEADLINE);
      expect(await pool.balanceOf(alice)).to.equal(0n);
    });
  });

  describe("swaps", () => {
    for (const zeroForOne of [true, false]) {
      it(`exact in pays Uniswap V2's getAmountOut and enforces amountOutMin (${zeroForOne ? "0→1" : "1→0"})`, async () => {
        const { alice, bob, pool, router, token0, token1, reserve0, reserve1 } = await loadFixture(routerFixture);
        const [tokenIn, tokenOut, reserveIn, reserveOut] = zeroForOne
          ? [token0, token1, reserve0, reserve1]
          : [token1, token0, reserve1, reserve0];
        const amountIn = reserveIn / 33n + 1n;
        const expected = uniswapV2GetAmountOut(amountIn, reserveIn, reserveOut);
        expect(await router.getAmountOut(pool, tokenIn, amountIn)).to.equal(expected);
        const asRouter = router.connect(alice);
        await expect(asRouter.swapExactTokensForTokens(pool, tokenIn, amountIn, expected + 1n, bob, DEADLINE))
          .to.be.revertedWithCustomError(router, "InsufficientOutput")
          .withArgs(expected, expected + 1n);
        await expect(
          asRouter.swapExactTokensForTokens(pool, tokenIn, amountIn, expected, bob, DEADLINE),
        ).to.changeTokenBalances(tokenOut, [bob, pool], [expected, -expected]);
      });

      it(`exact out charges Uniswap V2's getAmountIn and enforces amountInMax (${zeroForOne ? "0→1" : "1→0"})`, async () => {
        const { alice, bob, pool, router, token0, token1, reserve0, reserve1 } = await loadFixture(routerFixture);
        const [tokenIn, tokenOut, reserveIn, reserveOut] = zeroForOne
          ? [token0, token1, reserve0, reserve1]
          : [token1, token0, reserve1, reserve0];
        const amountOut = reserveOut / 7n + 3n;
        const expected = uniswapV2GetAmountIn(amountOut, reserveIn, reserveOut);
        expect(await router.getAmountIn(pool, tokenIn, amountOut)).to.equal(expected);
        const asRouter = router.connect(alice);
        await expect(asRouter.swapTokensForExactTokens(pool, tokenIn, amountOut, expected - 1n, bob, DEADLINE))
          .to.be.revertedWithCustomError(router, "ExcessiveInput")
          .withArgs(expected, expected - 1n);
        const swap = asRouter.swapTokensForExactTokens(pool, tokenIn, amountOut, expected, bob, DEADLINE);
        await expect(swap).to.changeTokenBalance(tokenOut, bob, amountOut);
        await expect(swap).to.changeTokenBalance(tokenIn, alice, -expected);
      });
    }

    it("reverts with UnknownToken for a token that is not in the pool", async () => {
      const { alice, pool, router } = await loadFixture(routerFixture);
      const stranger = await ethers.deployContract("MockERC20", ["X", "X", 18]);
      const args = [await pool.getAddress(), await stranger.getAddress()] as const;
      await expect(router.getAmountOut(pool, stranger, 1))
        .to.be.revertedWithCustomError(router, "UnknownToken")
        .withArgs(...args);
      await expect(router.connect(alice).swapTokensForExactTokens(pool, stranger, 1, 10, alice, DEADLINE))
        .to.be.revertedWithCustomError(router, "UnknownToken")
        .withArgs(...args);
    });
  });

  describe("deadline", () => {
    it("reverts every state-changing call with Expired(deadline, now) once the deadline has passed", async () => {
      const { alice, pool, router, token0 } = await loadFixture(routerFixture);
      const asRouter = router.connect(alice);
      const deadline = BigInt(await time.latest()) + 100n;
      const calls = [
        () => asRouter.addLiquidity(pool, 1, 1, 0, 0, alice, deadline),
        () => asRouter.removeLiquidity(pool, 1, 0, 0, alice, deadline),
        () => asRouter.swapExactTokensForTokens(pool, token0, 1_000, 0, alice, deadline),
        () => asRouter.swapTokensForExactTokens(pool, token0, 1_000, 10n ** 30n, alice, deadline),
      ];
      for (const [i, call] of calls.entries()) {
        const now = deadline + 1n + BigInt(i);
        await time.setNextBlockTimestamp(now);
        await expect(call()).to.be.revertedWithCustomError(router, "Expired").withArgs(deadline, now);
      }
    });

    it("accepts a transaction mined exactly at the deadline", async () => {
      const { alice, pool, router, token0 } = await loadFixture(routerFixture);
      const deadline = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(deadline);
      await expect(router.connect(alice).swapExactTokensForTokens(pool, token0, 10n ** 15n, 0, alice, deadline)).not.to
        .be.reverted;
    });
  });
});
