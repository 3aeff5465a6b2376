import { expect } from "chai";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { mine } from "@nomicfoundation/hardhat-network-helpers";

/** Gas limit given to each transaction sent with automine off (estimation would run before the block's other txs). */
export const IN_BLOCK_GAS = { gasLimit: 1_000_000 };

/**
 * Sends the transactions with automine off (each gets `IN_BLOCK_GAS`) and mines them together: one block, in order.
 * Returns each receipt's status (1 = success, 0 = reverted).
 */
export async function inOneBlock(sends: Array<(o: typeof IN_BLOCK_GAS) => Promise<ContractTransactionResponse>>) {
  await network.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send(IN_BLOCK_GAS));
    await mine();
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((t) => ethers.provider.getTransactionReceipt(t.hash)));
  expect(new Set(receipts.map((r) => r!.blockNumber)).size).to.equal(1);
  return receipts.map((r) => r!.status);
}

/** The block time a transaction was mined at. */
export async function minedAt(tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  return BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
}
