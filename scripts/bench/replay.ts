/**
 * Block loop vs agent-free replay: what the engine costs on top of the chain itself. The loop's mined transactions
 * are read back block by block, the chain is reverted to a snapshot taken just before the loop, and the same
 * transactions are sent again with no agent, observer or receipt reading (same senders, nonces, gas and fees; same
 * base fee and timestamp per block) and mined. `replay-child.ts` runs both in one process; `measureReplay` runs
 * that process for `npm run bench`. Also counts the JSON-RPC calls the loop makes, by method.
 */
import type { EthereumProvider } from "hardhat/types";
import { Chain } from "../sim/chain";
import type { NativeMemoryGuard } from "../sim/native-memory";
import { runChild } from "./speed";

/** One mined transaction, as the replay sends it again. */
export interface RecordedTx {
  hash: string;
  from: string;
  to: string | null;
  input: string;
  gas: string;
  nonce: string;
  value: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
}

/** One mined block of the loop: what it held and what it was mined at. */
export interface RecordedBlock {
  number: number;
  hash: string;
  timestamp: number;
  baseFeePerGas: string;
  transactions: RecordedTx[];
}

/** JSON-RPC calls by method while `on` (both `send` and `request` of the network's provider). */
export class RpcCounter {
  on = false;
  readonly byMethod = new Map<string, number>();
  /** Milliseconds spent waiting for each method (reads of the pending block apart: `…:pending`). */
  readonly msByMethod = new Map<string, number>();

  /** Wraps `provider`'s `send` and `request` (the engine's Chain and ethers' provider both end there). */
  constructor(provider: EthereumProvider) {
    const p = provider as unknown as {
      send: (method: string, params?: unknown[]) => Promise<unknown>;
      request: (args: { method: string; params?: unknown[] }) => Promise<unknown>;
    };
    const send = p.send.bind(provider);
    const request = p.request.bind(provider);
    p.send = (method, params) => this.time(method, params, () => send(method, params));
    p.request = (args) => this.time(args.method, args.params, () => request(args));
  }

  /** Counts and times a JSON-RPC batch of `method` as one call (`Chain.batchRequest`), under `<method>:batch`. */
  batch<T>(method: string, call: () => Promise<T>): Promise<T> {
    return this.time(`${method}:batch`, undefined, call);
  }

  private time<T>(method: string, params: unknown[] | undefined, call: () => Promise<T>): Promise<T> {
    if (!this.on) return call();
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    const key = params?.[0] === "pending" ? `${method}:pending` : method;
    const t0 = performance.now();
    return call().finally(() => this.msByMethod.set(key, (this.msByMethod.get(key) ?? 0) + performance.now() - t0));
  }

  /** The methods that took longest, seconds, largest first. */
  slowest(k: number): [string, number][] {
    return [...this.msByMethod.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([m, ms]) => [m, Math.round(ms) / 1000]);
  }

  total(): number {
    let n = 0;
    for (const v of this.byMethod.values()) n += v;
    return n;
  }

  /** The methods called most, largest first. */
  top(k: number): [string, number][] {
    return [...this.byMethod.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k);
  }

  reset() {
    this.byMethod.clear();
    this.msByMethod.clear();
  }
}

/**
 * The world's chain, watched: the loop's first base-fee setting (`runScenario` sets it right before the first
 * block) takes a snapshot and starts the loop's clock and the RPC counter.
 */
export class WatchedChain extends Chain {
  snapshot: string | null = null;
  startedAt = 0;
  /** Chain block number before the loop's first block. */
  startBlock = 0;

  constructor(
    provider: EthereumProvider,
    private readonly counter: RpcCounter,
  ) {
    super(provider);
  }

  override batchRequest<T>(method: string, params: readonly unknown[][]): Promise<T[]> {
    return this.counter.batch(method, () => super.batchRequest<T>(method, params));
  }

  override async setNextBaseFee(wei: bigint) {
    if (this.snapshot === null) {
      this.snapshot = await this.provider.send("evm_snapshot", []);
      this.startBlock = await this.blockNumber();
      this.startedAt = performance.now();
      this.counter.on = true;
    }
    return super.setNextBaseFee(wei);
  }
}

/** Blocks `from`..`to` with their transactions, as mined. */
export async function readBlocks(chain: Chain, from: number, to: number): Promise<RecordedBlock[]> {
  const out: RecordedBlock[] = [];
  for (let n = from; n <= to; n++) {
    const b = await chain.send<{
      number: string;
      hash: string;
      timestamp: string;
      baseFeePerGas: string;
      transactions: RecordedTx[];
    }>("eth_getBlockByNumber", ["0x" + n.toString(16), true]);
    out.push({
      number: Number(b.number),
      hash: b.hash,
      timestamp: Number(b.timestamp),
      baseFeePerGas: b.baseFeePerGas,
      transactions: b.transactions,
    });
  }
  return out;
}

/**
 * Sends every block's transactions again (from the impersonated senders, in mined order) and mines it at its
 * timestamp and base fee. Returns the hashes of the blocks it mined (equal to the recorded ones when the replay
 * rebuilt the same chain). With `memory`, collects after a block when resident memory is over its bound (the caller
 * takes the collections' time out of the replay's: an agent-free replay allocates so little JS that V8 would otherwise
 * leave the network's finished traces resident, past 2 GB at 1,000 × 300).
 */
export async function replayBlocks(
  chain: Chain,
  blocks: readonly RecordedBlock[],
  memory?: NativeMemoryGuard,
): Promise<string[]> {
  const hashes: string[] = [];
  for (const b of blocks) {
    await chain.send("hardhat_setNextBlockBaseFeePerGas", [b.baseFeePerGas]);
    for (const t of b.transactions) {
      const fees =
        t.maxFeePerGas !== undefined
          ? { maxFeePerGas: t.maxFeePerGas, maxPriorityFeePerGas: t.maxPriorityFeePerGas }
          : { gasPrice: t.gasPrice };
      await chain.send("eth_sendTransaction", [
        { from: t.from, to: t.to ?? undefined, data: t.input, gas: t.gas, nonce: t.nonce, value: t.value, ...fees },
      ]);
    }
    await chain.mine(b.timestamp);
    hashes.push((await chain.send<{ hash: string }>("eth_getBlockByNumber", ["latest", false])).hash);
    await memory?.check();
  }
  return hashes;
}

/** The bench's figures for one loop and its replay. */
export interface ReplaySample {
  borrowers: number;
  blocks: number;
  transactions: number;
  liquidations: number;
  /** The block loop (first base-fee setting to the last block's record), seconds. */
  loopSeconds: number;
  /** Sending and mining the same transactions with no agents, seconds (the bench's garbage collections not counted). */
  replaySeconds: number;
  /** Full collections the bench ran during the replay (resident memory over CASCADE_GC_ABOVE_MB), and their seconds. */
  replayCollections?: number;
  replayCollectionSeconds?: number;
  /** loopSeconds ÷ replaySeconds (issue 18's target: ≤ 1.5 at 1,000 × 300): of the run with the median ratio. */
  ratio: number;
  /** Every run's ratio, in the order they ran (`measureReplay`: the sample is the median one). */
  ratios?: number[];
  /** Whether every replayed block has the recorded block's hash (the replay rebuilt the same chain). */
  identical: boolean;
  /** JSON-RPC calls the loop made, in all and per block, and the most called methods. */
  rpcCalls: number;
  rpcPerBlock: number;
  rpcTop: [string, number][];
  /** Seconds the loop waited on each method, largest first (the pending block's reads apart). */
  rpcSeconds: [string, number][];
  /** Seconds the replay waited on each method, largest first. */
  replayRpcSeconds?: [string, number][];
  peakRssMb: number;
}

/** Loop-and-replay pairs the bench runs (each in its own process): this machine's run-to-run spread is ±15%. */
export const REPLAY_PAIRS = 3;

/**
 * Runs `replay-child.ts` `pairs` times, each in its own process (1,000 borrowers × 300 blocks by default): each run
 * measures the loop and its replay back to back, so each ratio is of one run; the sample is the run with the median
 * ratio, with every run's ratio beside it and the highest peak memory of all.
 */
export async function measureReplay(borrowers = 1000, blocks = 300, pairs = REPLAY_PAIRS): Promise<ReplaySample> {
  const runs: ReplaySample[] = [];
  for (let i = 0; i < pairs; i++) {
    const run = await runChild("scripts/bench/replay-child.ts", {
      BENCH_BORROWERS: String(borrowers),
      BENCH_BLOCKS: String(blocks),
    });
    const { maxRssKb, ...r } = run.result as Omit<ReplaySample, "peakRssMb"> & { maxRssKb?: number };
    void maxRssKb;
    runs.push({ ...r, peakRssMb: run.peakRssMb });
  }
  const byRatio = [...runs].sort((a, b) => a.ratio - b.ratio);
  return {
    ...byRatio[Math.floor((byRatio.length - 1) / 2)],
    ratios: runs.map((r) => r.ratio),
    identical: runs.every((r) => r.identical),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}
