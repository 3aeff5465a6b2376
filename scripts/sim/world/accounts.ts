/** Impersonated accounts: every agent is an address derived from a label, so no keys and any number of agents. */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "../chain";
import type { Address, Agent } from "./types";

const ETHER = 10n ** 18n;

/** A deterministic address for an agent label (no key: the engine impersonates it). */
export function agentAddress(hre: HardhatRuntimeEnvironment, label: string): Address {
  const { ethers } = hre;
  return ethers.getAddress(ethers.dataSlice(ethers.keccak256(ethers.toUtf8Bytes(`cascade-lab/${label}`)), 12));
}

/** Impersonates the account of `label` and gives it `eth` of native token for gas. */
export async function makeAgent(hre: HardhatRuntimeEnvironment, chain: Chain, label: string, eth = 1_000n) {
  const address = agentAddress(hre, label);
  await chain.impersonate(address);
  await chain.setBalance(address, eth * ETHER);
  return { label, address, signer: await hre.ethers.getImpersonatedSigner(address) } as Agent;
}
