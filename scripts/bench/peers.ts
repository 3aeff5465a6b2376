/**
 * Deploys the peers we benchmark against from the compiled artifacts their npm packages ship — Uniswap V2
 * (`@uniswap/v2-core`, `@uniswap/v2-periphery`) and Aave v3 (`@aave/core-v3`) — on the current Hardhat network.
 * Nothing here is compiled by us: the bytecode is the published one, so the gas figures are the peers' own.
 */
import type { Signer } from "ethers";
import { Contract, keccak256 } from "ethers";
import { deployArtifact, linkBytecode, loadArtifact } from "../adapters/aave-v3/npm-artifact";

export { deployArtifact, linkBytecode, loadArtifact };
// Aave v3 is deployed by the market adapter's code (shared with the protocol comparison of issue 17).
export { deployAaveV3 } from "../adapters/aave-v3/deploy";
export type { AaveListing, AaveReserveParams, AaveV3 } from "../adapters/aave-v3/deploy";

/* UNISWAP V2 */

export interface UniswapV2 {
  factory: Contract;
  router: Contract;
  weth9: Contract;
  /** The `IUniswapV2Pair` ABI, to attach to pairs the factory creates. */
  pairAbi: unknown[];
  pair(tokenA: string, tokenB: string): Promise<Contract>;
}

/** keccak256 of the npm Pair's creation code: Router02's `pairFor` hard-codes it. */
export function uniswapPairInitCodeHash(): string {
  return keccak256(linkBytecode(loadArtifact("@uniswap/v2-core", "build/UniswapV2Pair.json")));
}

/** A fresh UniswapV2Factory (no protocol fee), WETH9 and Router02, from the npm packages' build/ artifacts. */
export async function deployUniswapV2(signer: Signer): Promise<UniswapV2> {
  const owner = await signer.getAddress();
  const factory = await deployArtifact(signer, loadArtifact("@uniswap/v2-core", "build/UniswapV2Factory.json"), [
    owner,
  ]);
  const weth9 = await deployArtifact(signer, loadArtifact("@uniswap/v2-periphery", "build/WETH9.json"));
  const router = await deployArtifact(signer, loadArtifact("@uniswap/v2-periphery", "build/UniswapV2Router02.json"), [
    await factory.getAddress(),
    await weth9.getAddress(),
  ]);
  const pairAbi = loadArtifact("@uniswap/v2-core", "build/UniswapV2Pair.json").abi;
  return {
    factory,
    router,
    weth9,
    pairAbi,
    pair: async (a, b) => new Contract(await factory.getPair(a, b), pairAbi as never, signer),
  };
}
