/**
 * The node's mempool, kept on the client side from every call made to the provider (`chain.ts` feeds it), so that
 * the pending block's transactions can be listed without asking the node to build the pending block (it executes
 * every pending transaction: the costliest read of the block loop).
 *
 * It follows Hardhat's mempool (EDR): a queue per sender in nonce order, transactions whose nonce is ahead of the
 * sender's next one held apart ("future"), a replacement taking the old one's place with a new arrival number, a
 * dropped transaction sending the sender's later ones to the future queue; and its block building with the
 * "priority" order: the senders' next transactions, highest effective miner fee first
 * (min(max priority fee, max fee − base fee)), ties by arrival.
 *
 * The model answers only when it is sure; otherwise the caller reads the node. It is unsure after anything it does
 * not follow (a write it does not know, a send while automine is on, a snapshot reverted, transactions left over
 * after a block was mined — the node may have evicted some), until the node's own list of mempool transactions
 * (`eth_pendingTransactions`, which executes nothing) holds exactly the hashes it holds. It does not say which
 * transactions fit in the block or pay its base fee: `pendingBlock` declines when they might not all do.
 */

/** A transaction in the pending block, as a bot reads it. */
export interface PendingTx {
  hash: string;
  from: string;
  to: string;
  input: string;
  maxPriorityFeePerGas: bigint;
}

interface Entry {
  hash: string;
  from: string;
  to: string;
  input: string;
  gas: bigint;
  maxFee: bigint;
  maxPriority: bigint;
  nonce: number;
  order: number;
}

/** A transaction as the node returns it (`eth_getTransactionByHash`, `eth_pendingTransactions`). */
interface RpcTx {
  hash: string;
  from: string;
  to: string | null;
  input: string;
  gas: string;
  nonce: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
}

type RawSend = <T>(method: string, params: unknown[]) => Promise<T>;

/** What the model reads of the latest block. */
export interface LatestBlock {
  number: string;
  transactions: string[];
}

export class MempoolModel {
  /** Per sender (lowercase), the queue the node can execute now, in nonce order. */
  private readonly pending = new Map<string, Entry[]>();
  private readonly future = new Map<string, Entry[]>();
  /** Next nonce of senders at the latest block, as last read or inferred from mined transactions. */
  private readonly nonces = new Map<string, number>();
  private order = 0;
  /** Whether the model may differ from the node's mempool (then only a check against the node makes it sure). */
  private unsure = true;
  /** Blocks mined since the model last removed what they included. */
  private minedSince = 0;
  /** The block gas limit set by `evm_setBlockGasLimit` since the model last read a block (it applies to the next). */
  gasLimitSet: bigint | null = null;
  /** Moves on every change of the mempool as the model knows it (a memo of a pending read is good while equal). */
  version = 0;

  /**
   * @param raw sends a request to the node as it is
   * @param latestBlock the latest block with its transactions' hashes (`eth_getBlockByNumber("latest", false)`): the
   *   watch's, which reads it once per block for everyone who asks
   */
  constructor(
    private readonly raw: RawSend,
    private readonly latestBlock: () => Promise<LatestBlock | null> = () =>
      raw<LatestBlock | null>("eth_getBlockByNumber", ["latest", false]),
  ) {}

  /** Something the model does not follow happened: it must be checked against the node before it answers again. */
  lose(forget = false) {
    this.unsure = true;
    this.nonces.clear();
    this.version += 1;
    if (!forget) return;
    this.pending.clear();
    this.future.clear();
    this.minedSince = 0;
  }

  /** A block was mined (its transactions are removed lazily, at the next use). */
  mined() {
    this.minedSince += 1;
    this.version += 1;
  }

  /** An account's state was set (balance, nonce, code, storage): the node may evict what it can no longer pay. */
  stateSet() {
    this.nonces.clear();
    if (this.size > 0) this.lose();
  }

  get size(): number {
    let n = 0;
    for (const q of this.pending.values()) n += q.length;
    for (const q of this.future.values()) n += q.length;
    return n;
  }

  /** A transaction the node accepted into its mempool (`eth_sendTransaction` with automine off). */
  async sent(params: Record<string, unknown> | undefined, hash: string) {
    await this.sync();
    this.version += 1;
    const p = params ?? {};
    const fee = (k: string) => (typeof p[k] === "string" || typeof p[k] === "number" ? BigInt(p[k] as string) : null);
    const complete =
      typeof p.from === "string" &&
      fee("gas") !== null &&
      fee("maxFeePerGas") !== null &&
      fee("maxPriorityFeePerGas") !== null;
    let e: Omit<Entry, "nonce" | "order">;
    let nonce: number | null;
    if (complete) {
      e = {
        hash: hash.toLowerCase(),
        from: (p.from as string).toLowerCase(),
        to: typeof p.to === "string" ? p.to.toLowerCase() : "",
        input:
          typeof p.data === "string"
            ? p.data.toLowerCase()
            : typeof p.input === "string"
              ? p.input.toLowerCase()
              : "0x",
        gas: fee("gas")!,
        maxFee: fee("maxFeePerGas")!,
        maxPriority: fee("maxPriorityFeePerGas")!,
      };
      nonce = fee("nonce") === null ? null : Number(fee("nonce"));
    } else {
      // Fields the node filled in (ethers' signer, a raw transaction): read back, nonce included.
      const t = await this.raw<RpcTx | null>("eth_getTransactionByHash", [hash]);
      if (!t) return this.lose(true);
      e = fromRpc(t);
      nonce = Number(t.nonce);
    }
    const queue = this.pending.get(e.from);
    const next = queue?.length ? queue[queue.length - 1].nonce + 1 : await this.stateNonce(e.from);
    const entry: Entry = { ...e, nonce: nonce ?? next, order: this.order++ };
    if (entry.nonce > next) {
      const f = this.future.get(e.from) ?? [];
      const i = f.findIndex((x) => x.nonce === entry.nonce);
      if (i >= 0) f[i] = entry;
      else f.push(entry);
      this.future.set(e.from, f);
      return;
    }
    const q = queue ?? [];
    const i = q.findIndex((x) => x.nonce === entry.nonce);
    if (i >= 0) {
      q[i] = entry;
      return;
    }
    q.push(entry);
    this.pending.set(e.from, q);
    // Future transactions that now follow on move to the queue (as the node does).
    const f = this.future.get(e.from);
    if (!f) return;
    let n = entry.nonce + 1;
    for (let k = f.findIndex((x) => x.nonce === n); k >= 0; k = f.findIndex((x) => x.nonce === n)) {
      q.push(f.splice(k, 1)[0]);
      n += 1;
    }
    if (f.length === 0) this.future.delete(e.from);
  }

  /** `hardhat_dropTransaction`: out of the queue; the sender's later pending transactions go to its future queue. */
  async dropped(hash: string) {
    await this.sync();
    this.version += 1;
    const h = hash.toLowerCase();
    for (const [from, q] of this.pending) {
      const i = q.findIndex((x) => x.hash === h);
      if (i < 0) continue;
      const later = q.splice(i + 1);
      q.pop();
      if (q.length === 0) this.pending.delete(from);
      if (later.length) this.future.set(from, [...(this.future.get(from) ?? []), ...later]);
      return;
    }
    for (const [from, f] of this.future) {
      const i = f.findIndex((x) => x.hash === h);
      if (i < 0) continue;
      f.splice(i, 1);
      if (f.length === 0) this.future.delete(from);
      return;
    }
  }

  /**
   * The pending block's transactions in the node's order, or null when the model cannot be sure of them: unsure,
   * a future transaction held, or the transactions might not all fit in the block (gas limits) or pay its base fee.
   */
  async pendingBlock(baseFee: bigint, blockGasLimit: () => Promise<bigint>): Promise<PendingTx[] | null> {
    await this.sync();
    if (this.unsure) await this.check();
    if (this.unsure || this.future.size > 0) return declined(this.unsure ? "unsure" : "future");
    let gas = 0n;
    const heads: Entry[][] = [];
    for (const q of this.pending.values()) {
      for (const e of q) {
        if (e.maxFee < baseFee) return declined("base fee");
        gas += e.gas;
      }
      heads.push([...q]);
    }
    if (gas > 0n && gas > (this.gasLimitSet ?? (await blockGasLimit()))) return declined("gas limit");
    MEMPOOL_STATS.answered += 1;
    const fee = (e: Entry) => (e.maxPriority < e.maxFee - baseFee ? e.maxPriority : e.maxFee - baseFee);
    const out: PendingTx[] = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        if (heads[i].length === 0) continue;
        if (best < 0) {
          best = i;
          continue;
        }
        const a = heads[i][0];
        const b = heads[best][0];
        const fa = fee(a);
        const fb = fee(b);
        if (fa > fb || (fa === fb && a.order < b.order)) best = i;
      }
      if (best < 0) return out;
      const e = heads[best].shift()!;
      out.push({ hash: e.hash, from: e.from, to: e.to, input: e.input, maxPriorityFeePerGas: e.maxPriority });
    }
  }

  /** Whether the mempool is known to be empty (nothing pending, nothing future, the model sure of it). */
  async knownEmpty(): Promise<boolean> {
    await this.sync();
    if (this.unsure) await this.check();
    return !this.unsure && this.pending.size === 0 && this.future.size === 0;
  }

  /** Removes what the blocks mined since the last use included; unsure if anything is left (it may be evicted). */
  private async sync() {
    if (this.minedSince === 0) return;
    const k = this.minedSince;
    this.minedSince = 0;
    this.gasLimitSet = null;
    if (k > 4) return this.lose(true); // not the block loop: start afresh
    const latest = await this.latestBlock();
    if (!latest) return this.lose(true);
    const included = new Set(latest.transactions.map((h) => h.toLowerCase()));
    for (let n = Number(latest.number) - 1; n > Number(latest.number) - k; n--) {
      const b = await this.raw<{ transactions: string[] }>("eth_getBlockByNumber", ["0x" + n.toString(16), false]);
      for (const h of b.transactions) included.add(h.toLowerCase());
    }
    let known = 0;
    for (const [from, q] of this.pending) {
      const left = q.filter((e) => !included.has(e.hash));
      for (const e of q) if (included.has(e.hash)) this.nonces.set(from, e.nonce + 1);
      known += q.length - left.length;
      if (left.length) this.pending.set(from, left);
      else this.pending.delete(from);
    }
    // A block holding a transaction the model never saw, or a mempool left non-empty: ask the node.
    if (known !== included.size || this.pending.size > 0 || this.future.size > 0) this.lose();
  }

  /** Sure again if the node's mempool holds exactly the model's transactions. */
  private async check() {
    const txs = await this.raw<RpcTx[] | null>("eth_pendingTransactions", []).catch(() => null);
    if (!txs) return;
    const mine = new Set<string>();
    for (const q of [...this.pending.values(), ...this.future.values()]) for (const e of q) mine.add(e.hash);
    if (txs.length !== mine.size || txs.some((t) => !mine.has(t.hash.toLowerCase()))) return;
    this.unsure = false;
  }

  private async stateNonce(from: string): Promise<number> {
    const known = this.nonces.get(from);
    if (known !== undefined) return known;
    const n = Number(await this.raw<string>("eth_getTransactionCount", [from, "latest"]));
    this.nonces.set(from, n);
    return n;
  }
}

/** How often the model answered and why it declined (`CASCADE_CHECK_MEMPOOL=1` prints them at exit). */
export const MEMPOOL_STATS: { answered: number; declined: Record<string, number> } = { answered: 0, declined: {} };

function declined(why: string): null {
  MEMPOOL_STATS.declined[why] = (MEMPOOL_STATS.declined[why] ?? 0) + 1;
  return null;
}

if (process.env.CASCADE_CHECK_MEMPOOL === "1") {
  process.on("exit", () => process.stderr.write(`mempool model: ${JSON.stringify(MEMPOOL_STATS)}\n`));
}

function fromRpc(t: RpcTx): Omit<Entry, "nonce" | "order"> {
  const maxFee = BigInt(t.maxFeePerGas ?? t.gasPrice ?? "0x0");
  return {
    hash: t.hash.toLowerCase(),
    from: t.from.toLowerCase(),
    to: (t.to ?? "").toLowerCase(),
    input: t.input.toLowerCase(),
    gas: BigInt(t.gas),
    maxFee,
    maxPriority: BigInt(t.maxPriorityFeePerGas ?? t.gasPrice ?? "0x0"),
  };
}
