import { ethers } from "hardhat";
import type { MockERC20 } from "../../typechain-types";

/** Deployments tried before giving up (each lands on the wanted side with probability 1/2). */
const MAX_TRIES = 32;

/**
 * A MockERC20 deployed so that it sorts before (`token0`) or after (`token1`) `other` in a constant-product pool,
 * which orders its pair by address. Addresses depend on the deployer's nonce, i.e. on every test file that ran
 * before; a test that must exercise one side of a pair asks for it here instead of relying on the order of the day.
 */
export async function deployTokenOnSide(
  side: "token0" | "token1",
  other: string,
  name: string,
  symbol: string,
  decimals: number,
): Promise<MockERC20> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const token = await ethers.deployContract("MockERC20", [name, symbol, decimals]);
    const below = BigInt(await token.getAddress()) < BigInt(other);
    if (below === (side === "token0")) return token;
  }
  throw new Error(`no ${symbol} deployment landed on the ${side} side of ${other} in ${MAX_TRIES} tries`);
}
