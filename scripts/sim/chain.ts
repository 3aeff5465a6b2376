/**
 * Thin wrappers over the JSON-RPC methods the engine uses to drive Hardhat's network block by block:
 * automine off, a mempool ordered by priority fee, `evm_mine` at a chosen timestamp, base fee and gas limit.
 */
import type { EthereumProvider } from "hardhat/types";
import { MempoolModel, type PendingTx } from "./mempool";

export type { PendingTx } from "./mempool";

/** What an agent's transaction carries when sent straight to the node (every field set but the nonce). */
export interface RawTx {
  from: string;
  to: string;
  data: string;
  gasLimit: bigint | number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** Omitted: the node gives the sender's next nonce (as ethers' signer leaves it to the node too). */
  nonce?: number;
}

/** Methods that change nothing on the node (their answers depend only on what the other methods did). */
const READS = new Set([
  "eth_call",
  "eth_estimateGas",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionReceipt",
  "eth_getTransactionByHash",
  "eth_getBalance",
  "eth_getTransactionCount",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getLogs",
  "eth_blockNumber",
  "eth_chainId",
  "net_version",
  "eth_accounts",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_pendingTransactions",
]);

/** Writes that leave the latest block and the next block's base fee as they were (the mempool aside). */
const HEADER_NEUTRAL = new Set([
  "hardhat_dropTransaction",
  "hardhat_impersonateAccount",
  "hardhat_stopImpersonatingAccount",
  "hardhat_setBalance",
  "hardhat_setNonce",
  "hardhat_setCode",
  "hardhat_setStorageAt",
]);

/**
 * Counts what a provider was asked to do, whoever asked (the engine's Chain, ethers' provider, a test): `header`
 * moves on every call that may mine a block or set the next one's base fee (a transaction sent while automine is
 * on or unknown included), so that a base fee known at the same count is still true; `latest` the same for the latest
 * block (a base fee set for the next block leaves it as it was).
 */
interface Watch {
  header: number;
  latest: number;
  automine: boolean | null;
  /** Every call that is not a read (a memo of a read at "pending" holds while this stays). */
  writes: number;
  /** The node's mempool as followed from the calls (`mempool.ts`). */
  mempool: MempoolModel;
  /** The latest block as read at the count `at` of `latest` (`latestRaw`). */
  latestRead: { at: number; block: Promise<RawBlock> } | null;
  raw: <T>(method: string, params: unknown[]) => Promise<T>;
}

/** `eth_getBlockByNumber("latest", false)`, as the node answers it. */
interface RawBlock {
  number: string;
  timestamp: string;
  baseFeePerGas: string;
  gasUsed: string;
  gasLimit: string;
  transactions: string[];
}

/**
 * The latest block, read once while no call may have mined another (the count `latest` stays): the chain's header
 * and the mempool model's removal of mined transactions read the same block.
 */
function latestRaw(state: Watch): Promise<RawBlock> {
  const at = state.latest;
  if (state.latestRead?.at === at) return state.latestRead.block;
  const block = state.raw<RawBlock>("eth_getBlockByNumber", ["latest", false]);
  state.latestRead = { at, block };
  block.catch(() => {
    if (state.latestRead?.block === block) state.latestRead = null;
  });
  return block;
}

/** Writes that leave the mempool as it was (and the accounts' state). */
const MEMPOOL_NEUTRAL = new Set([
  "hardhat_setNextBlockBaseFeePerGas",
  "hardhat_impersonateAccount",
  "hardhat_stopImpersonatingAccount",
  "evm_snapshot",
  "evm_setNextBlockTimestamp",
  "evm_increaseTime",
]);

/** Writes of an account's state: the node re-checks its mempool against it. */
const STATE_SETS = new Set(["hardhat_setBalance", "hardhat_setNonce", "hardhat_setCode", "hardhat_setStorageAt"]);

const WATCHES = new WeakMap<object, Watch>();

function watch(provider: EthereumProvider): Watch {
  let w = WATCHES.get(provider);
  if (w) return w;
  const p = provider as unknown as {
    send: (method: string, params?: unknown[]) => Promise<unknown>;
    request: (args: { method: string; params?: unknown[] }) => Promise<unknown>;
  };
  const send = p.send.bind(provider);
  const request = p.request.bind(provider);
  const raw = <T>(method: string, params: unknown[]) => send(method, params) as Promise<T>;
  const state: Watch = {
    header: 0,
    latest: 0,
    automine: null,
    writes: 0,
    mempool: new MempoolModel(raw, () => latestRaw(state)),
    latestRead: null,
    raw,
  };
  const note = (method: string, params: unknown) => {
    if (READS.has(method)) return;
    state.writes += 1;
    if (HEADER_NEUTRAL.has(method)) return;
    if (method === "evm_setAutomine") {
      state.automine = Array.isArray(params) && typeof params[0] === "boolean" ? params[0] : null;
    } else if ((method === "eth_sendTransaction" || method === "eth_sendRawTransaction") && state.automine === false) {
      return;
    }
    state.header += 1;
    if (method !== "hardhat_setNextBlockBaseFeePerGas") state.latest += 1;
  };
  let sending = 0;
  /** Follows the call in the mempool model: before it for what it cannot see after, after it for what it changed. */
  const follow = (method: string, params: unknown[] | undefined, call: () => Promise<unknown>): Promise<unknown> => {
    note(method, params);
    const m = state.mempool;
    if (READS.has(method) || MEMPOOL_NEUTRAL.has(method)) return call();
    if (method === "eth_sendTransaction" || method === "eth_sendRawTransaction") {
      if (state.automine !== false || sending > 0) {
        m.lose(true); // mined at once, or two in flight (their order in the node unknown): the node is asked
        return call();
      }
      sending += 1;
      return call().then(
        async (hash) => {
          try {
            const tx = method === "eth_sendTransaction" ? (params?.[0] as Record<string, unknown>) : undefined;
            await m.sent(tx, hash as string);
          } finally {
            sending -= 1;
          }
          return hash;
        },
        (e: unknown) => {
          sending -= 1;
          throw e;
        },
      );
    }
    if (method === "evm_mine") {
      return call().then((r) => {
        if (state.automine === false && (params ?? []).length <= 1) m.mined();
        else m.lose(true);
        return r;
      });
    }
    if (method === "hardhat_dropTransaction") {
      return call().then(async (r) => {
        if (r === true) await m.dropped(String(params?.[0]));
        return r;
      });
    }
    if (method === "evm_setBlockGasLimit") {
      return call().then((r) => {
        m.gasLimitSet = BigInt(String(params?.[0]));
        if (m.size > 0) m.lose();
        return r;
      });
    }
    if (STATE_SETS.has(method)) {
      return call().then((r) => {
        m.stateSet();
        return r;
      });
    }
    // Automine switched, a revert, a reset, several blocks mined: sure again once the node's mempool is seen to hold
    // exactly what was sent from now on.
    m.lose(true);
    return call();
  };
  p.send = (method, params) => follow(method, params, () => send(method, params));
  p.request = (args) => follow(args.method, args.params, () => request(args));
  WATCHES.set(provider, state);
  w = state;
  return w;
}

interface Header {
  number: number;
  timestamp: number;
  baseFeePerGas: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
}

export class Chain {
  private readonly watched: Watch;
  /** The latest block as last read, at the watch's count then. */
  private latest: { at: number; block: Header } | null = null;
  /** The next block's base fee as this chain set it, at the watch's count after. */
  private baseFeeSet: { at: number; wei: bigint } | null = null;

  constructor(readonly provider: EthereumProvider) {
    this.watched = watch(provider);
  }

  send<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.send(method, params) as Promise<T>;
  }

  /**
   * Sends a transaction from an impersonated account in one call, returning its hash: the same request ethers'
   * signer makes (`eth_sendTransaction` with the same fields), without its look-ups around it (block number before,
   * the transaction fetched back after).
   */
  sendTransaction(tx: RawTx): Promise<string> {
    const q = (x: bigint | number) => "0x" + x.toString(16);
    return this.send<string>("eth_sendTransaction", [
      {
        from: tx.from,
        to: tx.to,
        data: tx.data,
        gas: q(tx.gasLimit),
        ...(tx.nonce === undefined ? {} : { nonce: q(tx.nonce) }),
        maxFeePerGas: q(tx.maxFeePerGas),
        maxPriorityFeePerGas: q(tx.maxPriorityFeePerGas),
      },
    ]);
  }

  setAutomine(on: boolean) {
    return this.send("evm_setAutomine", [on]);
  }

  /** Mines one block (with whatever the mempool holds, highest priority fee first) at `timestamp`. */
  async mine(timestamp?: number) {
    const sent = this.send("evm_mine", timestamp === undefined ? [] : [timestamp]);
    const at = this.watched.header; // counted when sent: any call after it moves the count on
    const out = await sent;
    this.minedAt = at;
    return out;
  }

  async setNextBaseFee(wei: bigint) {
    const sent = this.send("hardhat_setNextBlockBaseFeePerGas", ["0x" + wei.toString(16)]);
    const at = this.watched.header; // counted when sent: any call after it moves the count on
    const out = await sent;
    this.baseFeeSet = { at, wei };
    return out;
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

  /** The latest block's header (read again only when a block may have been mined since). */
  async latestBlock(): Promise<{ number: number; timestamp: number; baseFeePerGas: bigint; gasUsed: bigint }> {
    const { number, timestamp, baseFeePerGas, gasUsed } = await this.header();
    return { number, timestamp, baseFeePerGas, gasUsed };
  }

  private async header(): Promise<Header> {
    const at = this.watched.latest;
    if (this.latest?.at === at) return this.latest.block;
    const b = await latestRaw(this.watched);
    const block = {
      number: Number(b.number),
      timestamp: Number(b.timestamp),
      baseFeePerGas: BigInt(b.baseFeePerGas),
      gasUsed: BigInt(b.gasUsed),
      gasLimit: BigInt(b.gasLimit),
    };
    if (this.watched.latest === at) this.latest = { at, block };
    return block;
  }

  /**
   * Base fee the next block will charge (the pending block's), wei: the one this chain set, if nothing may have
   * changed it since; else EIP-1559's rule on the latest block when nothing was set since it was mined (as the node
   * computes it); else the pending block's, read from the node (which builds it: the costly way).
   */
  async nextBaseFee(): Promise<bigint> {
    const at = this.watched.header;
    if (this.baseFeeSet?.at === at) return this.baseFeeSet.wei;
    if (this.minedAt === at) return nextBaseFeeAfter(await this.header());
    const b = await this.send<{ baseFeePerGas: string }>("eth_getBlockByNumber", ["pending", false]);
    return BigInt(b.baseFeePerGas);
  }

  /** The watch's count right after this chain's last `mine` (no base fee set since when it is still the count). */
  private minedAt = -1;

  /**
   * Transactions in the pending block, as a bot sees them (`eth_getBlockByNumber("pending")`): from the mempool as
   * followed on this side when it is sure of the block (`mempool.ts`), else from the node, which builds the block.
   */
  async pendingTransactions(): Promise<PendingTx[]> {
    const known = await this.pendingKnown();
    if (known && !CHECK_MEMPOOL) return known;
    const fromNode = await this.pendingFromNode();
    if (known && !samePending(known, fromNode)) {
      throw new Error(`mempool model differs from the node: ${JSON.stringify(known)} vs ${JSON.stringify(fromNode)}`);
    }
    return fromNode;
  }

  /**
   * A read at the pending block (`read()` at "pending"), remembered under `key` while no write reached the node
   * since; `latest()` instead when the mempool is known empty (the pending block then changes no state).
   */
  async pendingRead<T>(key: string, read: () => Promise<T>, latest: () => Promise<T>): Promise<T> {
    if (await this.watched.mempool.knownEmpty()) {
      if (!CHECK_MEMPOOL) return latest();
      const [a, b] = [await latest(), await read()];
      if (String(a) !== String(b)) throw new Error(`pending read ${key} differs from latest with an empty mempool`);
      return a;
    }
    const at = this.watched.writes;
    const memo = this.pendingMemo.get(key);
    if (memo?.at === at) {
      if (!CHECK_MEMPOOL) return memo.value as Promise<T>;
      const [a, b] = [await memo.value, await read()];
      if (String(a) !== String(b)) throw new Error(`pending read ${key} differs from the one remembered`);
      return a as T;
    }
    const value = read();
    this.pendingMemo.set(key, { at, value });
    return value;
  }

  private readonly pendingMemo = new Map<string, { at: number; value: Promise<unknown> }>();

  /** The pending block's transactions from the mempool as followed on this side, or null when it is not sure. */
  async pendingKnown(): Promise<PendingTx[] | null> {
    return this.watched.mempool.pendingBlock(await this.nextBaseFee(), async () => (await this.header()).gasLimit);
  }

  /** The pending block's transactions as the node builds them. */
  async pendingFromNode(): Promise<PendingTx[]> {
    const b = await this.send<{ transactions: MempoolTx[] } | null>("eth_getBlockByNumber", ["pending", true]);
    return (b?.transactions ?? []).map((t) => ({
      hash: t.hash,
      from: t.from.toLowerCase(),
      to: (t.to ?? "").toLowerCase(),
      input: t.input,
      maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas ?? t.gasPrice ?? "0x0"),
    }));
  }

  async receipt(hash: string): Promise<Receipt | null> {
    return toReceipt(hash, await this.send<RawReceipt | null>("eth_getTransactionReceipt", [hash]));
  }

  /**
   * The receipts of `hashes` (null: not mined), in one JSON-RPC batch when the node takes one (`batchRequest`), else
   * one request each.
   */
  async receipts(hashes: readonly string[]): Promise<(Receipt | null)[]> {
    if (hashes.length === 0) return [];
    const params = hashes.map((h) => [h]);
    let raw = await this.batchRequest<RawReceipt | null>("eth_getTransactionReceipt", params);
    // Anything but a receipt or null (an answer of another shape): one request each, as the node answers them.
    if (!raw.every(isReceiptOrNull)) raw = await this.oneByOne<RawReceipt | null>("eth_getTransactionReceipt", params);
    return hashes.map((h, i) => toReceipt(h, raw[i]));
  }

  /**
   * Reads (methods that change nothing) as one JSON-RPC batch: Hardhat's in-process network (EDR) answers a batch, but
   * Hardhat's provider sends single requests only, so the batch goes to the network's own request handler, found
   * behind Hardhat's provider wrappers (`edrBatch`). Where there is none (another provider, another Hardhat), one
   * request each; a batch the network refuses as a whole is sent again one request each too.
   */
  async batchRequest<T>(method: string, params: readonly unknown[][]): Promise<T[]> {
    if (!READS.has(method)) throw new Error(`batchRequest: ${method} is not a read`);
    const batch = edrBatch(this.provider);
    if (batch) {
      const out = await batch(params.map((p, i) => ({ jsonrpc: "2.0", id: i + 1, method, params: p })));
      if (out && out.length === params.length) return out as T[];
    }
    return this.oneByOne<T>(method, params);
  }

  private async oneByOne<T>(method: string, params: readonly unknown[][]): Promise<T[]> {
    const out: T[] = [];
    for (const p of params) out.push(await this.send<T>(method, p));
    return out;
  }
}

function isReceiptOrNull(r: unknown): boolean {
  if (r === null) return true;
  const x = r as Partial<Record<keyof RawReceipt, unknown>>;
  return (
    typeof x === "object" &&
    typeof x.blockNumber === "string" &&
    typeof x.status === "string" &&
    typeof x.gasUsed === "string" &&
    typeof x.effectiveGasPrice === "string" &&
    Array.isArray(x.logs)
  );
}

function toReceipt(hash: string, r: RawReceipt | null): Receipt | null {
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

type EdrHandler = { handleRequest(json: string): Promise<{ data: unknown }> };
type Batch = (requests: object[]) => Promise<unknown[] | null>;
/** Per provider, the Hardhat wrapper that holds the network's provider (`_provider`). */
const HOLDERS = new WeakMap<object, { _provider?: Partial<EdrHandler> }>();

/**
 * A batch sender to the in-process network behind `provider` (Hardhat's wrappers: `_wrapped`, `_wrappedProvider`,
 * `_provider`, down to the one holding EDR's provider, whose `handleRequest` takes a JSON-RPC batch and answers
 * `{"result": [...]}`); null when there is none. The holder is remembered, not the network's provider: `hardhat_reset`
 * puts a new one in its place. Answers null when the network refuses the batch or answers in another shape.
 */
export function edrBatch(provider: object): Batch | null {
  let holder = HOLDERS.get(provider);
  if (!holder) {
    let p = provider as Record<string, unknown> | undefined;
    for (let depth = 0; p && depth < 10 && !holder; depth++) {
      const inner = p._provider as Partial<EdrHandler> | undefined;
      if (inner && typeof inner.handleRequest === "function") holder = p as { _provider?: Partial<EdrHandler> };
      else p = (p._wrapped ?? p._wrappedProvider ?? p._provider) as Record<string, unknown> | undefined;
    }
    // The lazy wrapper creates the network at its first request: not there yet, look again next time.
    if (!holder) return null;
    HOLDERS.set(provider, holder);
  }
  const found = holder;
  return async (requests) => {
    const handler = found._provider;
    if (typeof handler?.handleRequest !== "function") return null;
    const res = await handler.handleRequest(JSON.stringify(requests));
    const body = (typeof res.data === "string" ? JSON.parse(res.data) : res.data) as { result?: unknown };
    const out = body?.result;
    // Per-request answers (`{"jsonrpc", "id", "result" | "error"}`) are not what this network sends: not trusted.
    if (!Array.isArray(out) || out.some((x) => x !== null && typeof x === "object" && ("jsonrpc" in x || "error" in x)))
      return null;
    return out;
  };
}

/** `CASCADE_CHECK_MEMPOOL=1`: every pending read also asks the node and fails on any difference (slow; for tests). */
const CHECK_MEMPOOL = process.env.CASCADE_CHECK_MEMPOOL === "1";

function samePending(a: readonly PendingTx[], b: readonly PendingTx[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (t, i) =>
        t.hash === b[i].hash.toLowerCase() &&
        t.from === b[i].from &&
        t.to === b[i].to &&
        t.input === b[i].input.toLowerCase() &&
        t.maxPriorityFeePerGas === b[i].maxPriorityFeePerGas,
    )
  );
}

interface MempoolTx {
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

export interface Receipt {
  hash: string;
  blockNumber: number;
  status: number;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  logs: { address: string; topics: string[]; data: string }[];
}

/** EIP-1559's base fee for the block after `parent` (elasticity 2, change at most 1/8 a block). */
export function nextBaseFeeAfter(parent: { baseFeePerGas: bigint; gasUsed: bigint; gasLimit: bigint }): bigint {
  const target = parent.gasLimit / 2n;
  const base = parent.baseFeePerGas;
  if (target === 0n || parent.gasUsed === target) return base;
  if (parent.gasUsed > target) {
    const delta = (base * (parent.gasUsed - target)) / target / 8n;
    return base + (delta > 1n ? delta : 1n);
  }
  return base - (base * (target - parent.gasUsed)) / target / 8n;
}

export const GWEI = 10n ** 9n;
export const gwei = (n: number) => BigInt(Math.round(n * 1e9));
