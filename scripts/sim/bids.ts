/**
 * The gas-war ledger: every keeper bid (first bids and replacements) with its outcome, per-keeper results, and a
 * per-method gas table built from the run's receipts. Pure bookkeeping; the engine feeds it.
 */
import type { SentTx } from "./tx";

/** Keeper transactions that compete for an opportunity (sales and resets are not bids). */
const BID_KINDS = new Set(["liquidate", "atomic-liquidate", "flash-liquidate", "kick", "take", "flash-take"]);

export type BidOutcome = "won" | "included" | "reverted" | "replaced" | "dropped" | "pending";

export interface BidRecord {
  block: number;
  round: number;
  keeper: string;
  borrower: string;
  kind: string;
  hash: string;
  /** Priority fee per gas offered, gwei. */
  priorityFeeGwei: number;
  /** Raise over the keeper's own previous bid for the same opportunity, percent (null for a first bid). */
  raisePct: number | null;
  outcome: BidOutcome;
  gasUsed: bigint;
}

export interface KeeperStats {
  keeper: string;
  /** Profitable opportunities the keeper saw (before fees). */
  opportunities: number;
  bids: number;
  replacements: number;
  wins: number;
  losses: number;
  gasInWins: bigint;
  gasInLosses: bigint;
  /** Debt base units. */
  priorityFees: bigint;
  gasCost: bigint;
  grossProfit: bigint;
  netProfit: bigint;
}

export interface MethodGas {
  method: string;
  calls: number;
  failed: number;
  min: bigint;
  max: bigint;
  avg: bigint;
}

export class BidBook {
  readonly bids: BidRecord[] = [];
  private readonly byHash = new Map<string, BidRecord>();
  private readonly stats = new Map<string, KeeperStats>();
  private readonly methods = new Map<
    string,
    { calls: number; failed: number; min: bigint; max: bigint; sum: bigint }
  >();

  keeper(name: string): KeeperStats {
    let s = this.stats.get(name);
    if (!s) {
      s = {
        keeper: name,
        opportunities: 0,
        bids: 0,
        replacements: 0,
        wins: 0,
        losses: 0,
        gasInWins: 0n,
        gasInLosses: 0n,
        priorityFees: 0n,
        gasCost: 0n,
        grossProfit: 0n,
        netProfit: 0n,
      };
      this.stats.set(name, s);
    }
    return s;
  }

  /** Records a sent transaction; returns the hash it replaces (to be forgotten by the caller), if any. */
  onSent(tx: SentTx, block: number): string | undefined {
    if (!tx.keeper || !BID_KINDS.has(tx.kind)) return tx.replaces;
    const gwei = Number(tx.priorityFee ?? 0n) / 1e9;
    const previous = tx.replaces ? this.byHash.get(tx.replaces) : undefined;
    if (previous) previous.outcome = "replaced";
    const bid: BidRecord = {
      block,
      round: tx.round ?? 1,
      keeper: tx.agent,
      borrower: tx.borrower ?? "",
      kind: tx.kind,
      hash: tx.hash,
      priorityFeeGwei: gwei,
      raisePct: previous && previous.priorityFeeGwei > 0 ? (gwei / previous.priorityFeeGwei - 1) * 100 : null,
      outcome: "pending",
      gasUsed: 0n,
    };
    this.bids.push(bid);
    this.byHash.set(tx.hash, bid);
    const s = this.keeper(tx.agent);
    if (previous) s.replacements += 1;
    else s.bids += 1;
    return tx.replaces;
  }

  /** A mined transaction of any agent: method gas; for keepers, costs and the bid's outcome. */
  onMined(
    tx: SentTx,
    r: { status: number; gasUsed: bigint },
    method: string,
    won: boolean,
    costDebt: bigint,
    tipDebt: bigint,
  ) {
    const m = this.methods.get(method) ?? { calls: 0, failed: 0, min: r.gasUsed, max: r.gasUsed, sum: 0n };
    m.calls += 1;
    if (r.status !== 1) m.failed += 1;
    if (r.gasUsed < m.min) m.min = r.gasUsed;
    if (r.gasUsed > m.max) m.max = r.gasUsed;
    m.sum += r.gasUsed;
    this.methods.set(method, m);
    if (!tx.keeper) return;
    const s = this.keeper(tx.agent);
    s.gasCost += costDebt;
    s.priorityFees += tipDebt;
    const bid = this.byHash.get(tx.hash);
    if (!bid) return;
    bid.gasUsed = r.gasUsed;
    bid.outcome = r.status !== 1 ? "reverted" : won ? "won" : "included";
    if (bid.outcome === "won") {
      s.wins += 1;
      s.gasInWins += r.gasUsed;
    } else {
      s.losses += 1;
      s.gasInLosses += r.gasUsed;
    }
  }

  onDropped(tx: SentTx) {
    const bid = this.byHash.get(tx.hash);
    if (bid && bid.outcome === "pending") bid.outcome = "dropped";
  }

  /** Per-keeper results, with gross profit from the liquidation records. */
  keeperResults(grossByKeeper: ReadonlyMap<string, bigint>): KeeperStats[] {
    for (const [k, g] of grossByKeeper) this.keeper(k).grossProfit = g;
    return [...this.stats.values()]
      .map((s) => ({ ...s, netProfit: s.grossProfit - s.gasCost }))
      .sort((a, b) => a.keeper.localeCompare(b.keeper));
  }

  methodTable(): MethodGas[] {
    return [...this.methods.entries()]
      .map(([method, m]) => ({
        method,
        calls: m.calls,
        failed: m.failed,
        min: m.min,
        max: m.max,
        avg: m.sum / BigInt(m.calls),
      }))
      .sort((a, b) => a.method.localeCompare(b.method));
  }
}

/** Median of numbers (null when empty). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
