import { ethers } from "hardhat";
import type { BridgeMinter, BridgeVault, MockERC20, WrappedAsset } from "../../typechain-types";

export const HOME_CHAIN_ID = 31_401n;
export const REMOTE_CHAIN_ID = 31_402n;
export const UNIT = 10n ** 18n;
/** Per-block mint cap of the test minter: 1,000 tokens. */
export const MINT_CAP = 1_000n * UNIT;

/** Both bridge ends on one test chain (the chain ids are what the contracts are told; the unit tests need no second
 * chain). Users 0 and 1 hold 10,000 tokens each and approved the vault. */
export async function bridgeFixture() {
  const [admin, relayer, alice, bob, mallory] = await ethers.getSigners();
  const token = (await ethers.deployContract("MockERC20", ["Ether", "ETH", 18])) as unknown as MockERC20;
  const vault = (await ethers.deployContract("BridgeVault", [
    admin.address,
    await token.getAddress(),
    REMOTE_CHAIN_ID,
  ])) as unknown as BridgeVault;
  const minter = (await ethers.deployContract("BridgeMinter", [
    admin.address,
    relayer.address,
    HOME_CHAIN_ID,
    await vault.getAddress(),
    "Bridged Ether",
    "bETH",
    18,
    MINT_CAP,
  ])) as unknown as BridgeMinter;
  const wrapped = (await ethers.getContractAt("WrappedAsset", await minter.wrapped())) as unknown as WrappedAsset;
  await vault.setRemoteMinter(await minter.getAddress());
  await vault.grantRole(await vault.RELAYER_ROLE(), relayer.address);
  for (const u of [alice, bob]) {
    await token.mint(u.address, 10_000n * UNIT);
    await token.connect(u).approve(await vault.getAddress(), ethers.MaxUint256);
  }
  return { admin, relayer, alice, bob, mallory, token, vault, minter, wrapped };
}

export function messageId(chainId: bigint, source: string, nonce: bigint): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address", "uint256"], [chainId, source, nonce]),
  );
}
