/**
 * Thin wrappers over the JSON-RPC methods the engine uses to drive Hardhat's network block by block:
 * automine off, a mempool ordered by priority fee, `evm_mine` at a chosen timestamp, base fee and gas limit.
 */
import type { EthereumProvider } from "hardhat/types";

export class Chain {
  constructor(readonly provider: EthereumProvider) {}

  send<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.send(method, params) as Promise<T>;
  }

  setAutomine(on: boolean) {
    return this.send("evm_setAutomine", [on]);
  }

  /** Mines one block (with whatever the mempool holds, highest priority fee first) at `timestamp`. */
  mine(timestamp?: number) {
    return this.send("evm_mine", timestamp === undefined ? [] : [timestamp]);
  }

  setNextBaseFee(wei: bigint) {
    return this.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + wei.toString(16)]);
  }

  setBlockGasLimit(gas: number) {
    return this.send("evm_setBlockGasLimit", ["0x" + gas.toString(16)]);
  }

  impersonate(address: string) {
    return this.send("hardhat_impersonateAccount", [address]);
  }

  setBalance(address: string, wei: bigint) {
    return this.send("hardhat_setBalance", [address, "0x" + wei.toString(16)]);
  }

  async blockNumber(): Promise<number> {
    return Number(await this.send<string>("eth_blockNumber"));
  }

  async latestBlock(): Promise<{ number: number; timestamp: number; baseFeePerGas: bigint; gasUsed: bigint }> {
    const b = await this.send<{ number: string; timestamp: string; baseFeePerGas: string; gasUsed: string }>(
      "eth_getBlockByNumber",
      ["latest", false],
    );
    return {
      number: Number(b.number),
      timestamp: Number(b.timestamp),
      baseFeePerGas: BigInt(b.baseFeePerGas),
      gasUsed: BigInt(b.gasUsed),
    };
  }

  /** Base fee the next block will charge (the pending block's), wei. */
  async nextBaseFee(): Promise<bigint> {
    const b = await this.send<{ baseFeePerGas: string }>("eth_getBlockByNumber", ["pending", false]);
    return BigInt(b.baseFeePerGas);
  }

  /** Transactions waiting in the mempool, as a bot sees them (`eth_getBlockByNumber("pending")`). */
  async pendingTransactions(): Promise<PendingTx[]> {
    const b = await this.send<{ transactions: RawTx[] } | null>("eth_getBlockByNumber", ["pending", true]);
    return (b?.transactions ?? []).map((t) => ({
      hash: t.hash,
      from: t.from.toLowerCase(),
      to: (t.to ?? "").toLowerCase(),
      input: t.input,
      maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas ?? t.gasPrice ?? "0x0"),
    }));
  }

  async receipt(hash: string): Promise<Receipt | null> {
    const r = await this.send<RawReceipt | null>("eth_getTransactionReceipt", [hash]);
    if (!r) return null;
    return {
      hash,
      blockNumber: Number(r.blockNumber),
      status: Number(r.status),
      gasUsed: BigInt(r.gasUsed),
      effectiveGasPrice: BigInt(r.effectiveGasPrice),
      logs: r.logs,
    };
  }
}

interface RawTx {
  hash: string;
  from: string;
  to: string | null;
  input: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
}

interface RawReceipt {
  blockNumber: string;
  status: string;
  gasUsed: string;
  effectiveGasPrice: string;
  logs: { address: string; topics: string[]; data: string }[];
}

export interface PendingTx {
  hash: string;
  from: string;
  to: string;
  input: string;
  maxPriorityFeePerGas: bigint;
}

export interface Receipt {
  hash: string;
  blockNumber: number;
  status: number;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  logs: { address: string; topics: string[]; data: string }[];
}

export const GWEI = 10n ** 9n;
export const gwei = (n: number) => BigInt(Math.round(n * 1e9));
