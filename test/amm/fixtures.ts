import { ethers } from "hardhat";
import type { ConstantProductPool, MockERC20 } from "../../typechain-types";

export const FEE_BPS = 30n;
/** Far enough ahead that no test's clock reaches it. */
export const DEADLINE = 2n ** 40n;

/** Deploys a pool over fresh mock tokens with the given decimals and fee, tokens already sorted. */
export async function deployPool(decimalsA: number, decimalsB: number, feeBps: bigint = FEE_BPS) {
  const tokenA = await ethers.deployContract("MockERC20", [`Token A${decimalsA}`, `A${decimalsA}`, decimalsA]);
  const tokenB = await ethers.deployContract("MockERC20", [`Token B${decimalsB}`, `B${decimalsB}`, decimalsB]);
  const pool = await ethers.deployContract("ConstantProductPool", [tokenA, tokenB, feeBps, "Cascade LP", "CLP"]);
  const token0 = await ethers.getContractAt("MockERC20", await pool.token0());
  const token1 = await ethers.getContractAt("MockERC20", await pool.token1());
  return { pool, token0, token1, tokenA, tokenB };
}

/** Sends `amount0`/`amount1` to the pool and mints the LP shares to `to`, as a router would. */
export async function provide(
  pool: ConstantProductPool,
  token0: MockERC20,
  token1: MockERC20,
  amount0: bigint,
  amount1: bigint,
  to: string,
) {
  await token0.mint(pool, amount0);
  await token1.mint(pool, amount1);
  return pool.mint(to);
}

/** 18-decimal / 6-decimal pool at 30 bps with 1_000 / 2_000_000 whole tokens in it, plus router and helpers. */
export async function poolFixture() {
  const [owner, alice, bob] = await ethers.getSigners();
  const { pool, token0, token1 } = await deployPool(18, 6);
  const decimals0 = Number(await token0.decimals());
  const decimals1 = Number(await token1.decimals());
  const reserve0 = 1_000n * 10n ** BigInt(decimals0);
  const reserve1 = 2_000_000n * 10n ** BigInt(decimals1);
  await provide(pool, token0, token1, reserve0, reserve1, owner.address);
  const router = await ethers.deployContract("ConstantProductRouter");
  const callee = await ethers.deployContract("FlashSwapCallee");
  return { owner, alice, bob, pool, token0, token1, reserve0, reserve1, router, callee };
}

/** An empty 30 bps pool (no liquidity yet). */
export async function emptyPoolFixture() {
  const [owner, alice] = await ethers.getSigners();
  const { pool, token0, token1 } = await deployPool(18, 18);
  return { owner, alice, pool, token0, token1 };
}
