import { ethers } from "hardhat";
import type { MockERC20 } from "../../typechain-types";

/** Pairs deployed before giving up (each pair sorts the wanted way with probability 1/2). */
const MAX_TRIES = 32;

export interface TokenSpec {
  name: string;
  symbol: string;
  decimals: number;
}

/**
 * Two MockERC20s, `quote` and `base`, deployed so that `base` sorts before (`token0`) or after (`token1`) `quote` in a
 * constant-product pool, which orders its pair by address. Addresses depend on the deployer's nonce, i.e. on every
 * test file that ran before; a test that must exercise one side of a pair asks for it here instead of relying on the
 * order of the day. A fresh pair is deployed per try: two new addresses are in either order with probability 1/2
 * (a new token against a fixed one is not: the fixed address may sit near either end of the range).
 */
export async function deployPairOnSide(
  baseSide: "token0" | "token1",
  quote: TokenSpec,
  base: TokenSpec,
): Promise<{ quote: MockERC20; base: MockERC20 }> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const q = await ethers.deployContract("MockERC20", [quote.name, quote.symbol, quote.decimals]);
    const b = await ethers.deployContract("MockERC20", [base.name, base.symbol, base.decimals]);
    const below = BigInt(await b.getAddress()) < BigInt(await q.getAddress());
    if (below === (baseSide === "token0")) return { quote: q, base: b };
  }
  throw new Error(`no ${base.symbol}/${quote.symbol} pair sorted ${base.symbol} as ${baseSide} in ${MAX_TRIES} tries`);
}

export const USDC_SPEC: TokenSpec = { name: "USD Coin", symbol: "USDC", decimals: 6 };
export const WETH_SPEC: TokenSpec = { name: "Wrapped Ether", symbol: "WETH", decimals: 18 };

/** USDC and WETH with WETH sorting on `wethSide`. */
export async function deployUsdcWeth(wethSide: "token0" | "token1") {
  const { quote, base } = await deployPairOnSide(wethSide, USDC_SPEC, WETH_SPEC);
  return { usdc: quote, weth: base };
}
