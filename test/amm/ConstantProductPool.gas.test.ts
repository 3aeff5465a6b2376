import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DEADLINE, poolFixture } from "./fixtures";
import { uniswapV2GetAmountOut } from "./reference";

/**
 * Gas budgets for the hot paths agents use every block (arbitrage, liquidation sells). Steady state: the trader
 * already holds both tokens, so no storage slot goes from zero to non-zero. A budget that fails means a regression.
 */
const DIRECT_SWAP_BUDGET = 75_000n;
const ROUTER_EXACT_IN_BUDGET = 100_000n;

async function gasFixture() {
  const base = await poolFixture();
  const { alice, pool, token0, token1, router } = base;
  for (const token of [token0, token1]) {
    await token.mint(alice, 10n ** 30n);
    await token.connect(alice).approve(router, ethers.MaxUint256);
  }
  // One swap each way first, so later ones write non-zero accumulators, as on a live pool.
  const { reserve0, reserve1 } = base;
  await router.connect(alice).swapExactTokensForTokens(pool, token0, reserve0 / 10_000n, 0, alice, DEADLINE);
  await router.connect(alice).swapExactTokensForTokens(pool, token1, reserve1 / 10_000n, 0, alice, DEADLINE);
  return base;
}

describe("ConstantProductPool: gas @gas-budget", () => {
  it(`a direct pool swap (after the input transfer) stays under ${DIRECT_SWAP_BUDGET} gas`, async () => {
    const { alice, pool, token0 } = await loadFixture(gasFixture);
    const [reserve0, reserve1] = await pool.getReserves();
    const amountIn = reserve0 / 1_000n;
    await token0.connect(alice).transfer(pool, amountIn);
    const tx = await pool.connect(alice).swap(0, uniswapV2GetAmountOut(amountIn, reserve0, reserve1), alice, "0x");
    const receipt = await tx.wait();
    expect(receipt!.gasUsed).to.be.lessThan(DIRECT_SWAP_BUDGET);
    console.log(`      direct pool swap: ${receipt!.gasUsed} gas`);
  });

  it(`a router exact-in swap (transferFrom + swap) stays under ${ROUTER_EXACT_IN_BUDGET} gas`, async () => {
    const { alice, pool, router, token0, reserve0 } = await loadFixture(gasFixture);
    const tx = await router
      .connect(alice)
      .swapExactTokensForTokens(pool, token0, reserve0 / 1_000n, 0, alice, DEADLINE);
    const receipt = await tx.wait();
    expect(receipt!.gasUsed).to.be.lessThan(ROUTER_EXACT_IN_BUDGET);
    console.log(`      router exact-in swap: ${receipt!.gasUsed} gas`);
  });
});
