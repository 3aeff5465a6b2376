/**
 * One EVM chain of a multi-chain run, in process: a fresh Hardhat network (EDR) provider built by Hardhat's own
 * provider factory from the `hardhat` network config with this chain's id, base fee, gas limit and genesis time. Each
 * has its own state, mempool (ordered by priority fee) and blocks; automine is off, every block is mined at a
 * timestamp the ChainSet's clock chooses.
 *
 * Hardhat 2 has no public API for a second in-process network: `createProvider` is the factory Hardhat uses for
 * `hre.network.provider` itself (hardhat/internal/core/providers/construction, also what hardhat-deploy's companion
 * networks call). No child process and no port are involved.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { HardhatEthersProvider } from "@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { EthereumProvider, HardhatConfig, HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { Chain, gwei } from "../sim/chain";

/** What makes one chain of the run. */
export interface ChainSpec {
  /** Name used in outputs ("A", "B", ...). */
  readonly name: string;
  /** EIP-155 chain id; distinct per chain. */
  readonly chainId: number;
  /** Seconds between two blocks of this chain on the shared clock (whole, >= 1). */
  readonly blockTimeSec: number;
  /** Base fee of the first block, gwei (EIP-1559 moves it from there). */
  readonly baseFeeGwei: number;
  /** Block gas limit, gas. */
  readonly blockGasLimit: number;
}

export const DEFAULT_BLOCK_GAS_LIMIT = 60_000_000;

export class LabChain {
  /** Timestamp of the latest block (Unix seconds). */
  lastTimestamp: number;
  /** Number of the latest block. */
  lastBlockNumber = 0;
  readonly chain: Chain;
  readonly ethers: HardhatEthersProvider;

  private constructor(
    readonly hre: HardhatRuntimeEnvironment,
    readonly spec: ChainSpec,
    readonly provider: EthereumProvider,
    genesis: number,
  ) {
    this.chain = new Chain(provider);
    this.ethers = new HardhatEthersProvider(provider, `chain-${spec.name}`);
    this.lastTimestamp = genesis;
  }

  /** A fresh chain whose genesis block is at `genesis` (Unix seconds), automine off. */
  static async create(hre: HardhatRuntimeEnvironment, spec: ChainSpec, genesis: number): Promise<LabChain> {
    const base = hre.config.networks.hardhat;
    const net: HardhatNetworkConfig = {
      ...base,
      chainId: spec.chainId,
      initialBaseFeePerGas: Number(gwei(spec.baseFeeGwei)),
      blockGasLimit: spec.blockGasLimit,
      initialDate: new Date(genesis * 1000).toISOString(),
      mining: { auto: false, interval: 0, mempool: { order: "priority" } },
      loggingEnabled: false,
    };
    const config: HardhatConfig = { ...hre.config, networks: { ...hre.config.networks, hardhat: net } };
    // Without the artifacts the chain decodes no build info for Solidity stack traces: at 300 borrowers per chain
    // that cut the built world from 1,212 MB to 880 MB (docs/cross-chain.md). LABCHAIN_TRACES=1 turns them back on
    // to debug a failing transaction; the run's results are the same either way.
    const provider = await createProvider(config, "hardhat", process.env.LABCHAIN_TRACES ? hre.artifacts : undefined);
    const c = new LabChain(hre, spec, provider, genesis);
    const latest = await c.chain.latestBlock();
    c.lastTimestamp = latest.timestamp;
    c.lastBlockNumber = latest.number;
    return c;
  }

  signer(index: number): Promise<HardhatEthersSigner> {
    return this.ethers.getSigner(index);
  }

  signerAt(address: string): Promise<HardhatEthersSigner> {
    return this.ethers.getSigner(address);
  }

  /** Mines one block at `timestamp` (Unix seconds, after the latest) with what the mempool holds. */
  async mineAt(timestamp: number): Promise<void> {
    if (timestamp <= this.lastTimestamp) {
      throw new Error(`chain ${this.spec.name}: block at ${timestamp} is not after the latest (${this.lastTimestamp})`);
    }
    await this.chain.mine(timestamp);
    this.lastTimestamp = timestamp;
    this.lastBlockNumber++;
  }

  /** Setup only (before the clock starts): mines the pending transactions one second after the latest block and
   * throws if `tx` failed. */
  async settle(tx: ContractTransactionResponse | Promise<ContractTransactionResponse>): Promise<void> {
    const sent = await tx;
    await this.mineAt(this.lastTimestamp + 1);
    const r = await this.chain.receipt(sent.hash);
    if (!r || r.status !== 1) throw new Error(`chain ${this.spec.name}: setup transaction ${sent.hash} failed`);
  }

  /** Setup only: deploys `name` from `from` and mines it (one second after the latest block). */
  async deploy<T extends BaseContract>(name: string, args: unknown[], from: HardhatEthersSigner): Promise<T> {
    const factory = await this.hre.ethers.getContractFactory(name, from);
    const contract = await factory.deploy(...args);
    const tx = contract.deploymentTransaction();
    if (!tx) throw new Error(`chain ${this.spec.name}: no deployment transaction for ${name}`);
    await this.settle(tx);
    return contract as unknown as T;
  }
}
