/**
 * Per-block liquidations and bad debt, per market and across the system, summed from the run's records (pure).
 * A record is what the engine decodes from a receipt's events, reduced to what these measures need:
 * - a liquidation: a fixed-bonus `Liquidation` (repaid = the debt repaid) or an auction's `SeizedForAuction` (repaid =
 *   the debt moved into the auction), with the collateral seized;
 * - bad debt: debt the market writes off (`BadDebtRealized`, or an auction's markdown at the kick and its unpaid
 *   receivable at the end), debt base units.
 * Every market has a row in every block (zeros included), so a CSV built from the rows has fixed columns.
 */
import type { AssetId, MarketId } from "./system-book";

export interface LiquidationRecord {
  /** Run block index (0 … blocks−1). */
  block: number;
  market: MarketId;
  borrower: string;
  /** The collateral seized. */
  asset: AssetId;
  /** Debt base units. */
  repaid: bigint;
  /** Collateral base units of `asset`. */
  seized: bigint;
}

export interface BadDebtRecord {
  block: number;
  market: MarketId;
  /** Debt base units written off. */
  amount: bigint;
}

export interface Totals {
  liquidations: number;
  /** Debt base units. */
  debtRepaid: bigint;
  /** Collateral seized per asset, base units (assets with no seizure are absent). */
  seized: Record<AssetId, bigint>;
  /** Debt base units written off. */
  badDebt: bigint;
}

export interface BlockTotals {
  block: number;
  /** This block's totals per market (by id, in the order given) and across markets. */
  markets: Record<MarketId, Totals>;
  system: Totals;
  /** Totals since block 0, this block included. */
  cumulative: { markets: Record<MarketId, Totals>; system: Totals };
}

const empty = (): Totals => ({ liquidations: 0, debtRepaid: 0n, seized: {}, badDebt: 0n });

function add(into: Totals, from: Totals): void {
  into.liquidations += from.liquidations;
  into.debtRepaid += from.debtRepaid;
  into.badDebt += from.badDebt;
  for (const [asset, amount] of Object.entries(from.seized)) into.seized[asset] = (into.seized[asset] ?? 0n) + amount;
}

const copy = (t: Totals): Totals => ({ ...t, seized: { ...t.seized } });

/** Per-block totals for `blocks` blocks; a record naming another market or a block outside the run is refused. */
export function perBlockTotals(
  markets: readonly MarketId[],
  blocks: number,
  liquidations: readonly LiquidationRecord[],
  badDebts: readonly BadDebtRecord[],
): BlockTotals[] {
  if (new Set(markets).size !== markets.length) throw new RangeError(`markets listed twice: ${markets.join(", ")}`);
  const rows = Array.from({ length: blocks }, () => Object.fromEntries(markets.map((m) => [m, empty()])));
  const cell = (kind: string, r: { block: number; market: MarketId }): Totals => {
    if (!Number.isInteger(r.block) || r.block < 0 || r.block >= blocks) {
      throw new RangeError(`${kind} record: block ${r.block} outside the run (0 … ${blocks - 1})`);
    }
    const t = rows[r.block][r.market];
    if (!t) throw new RangeError(`${kind} record: unknown market "${r.market}" (markets: ${markets.join(", ")})`);
    return t;
  };
  for (const l of liquidations) {
    const t = cell("liquidation", l);
    t.liquidations++;
    t.debtRepaid += l.repaid;
    t.seized[l.asset] = (t.seized[l.asset] ?? 0n) + l.seized;
  }
  for (const b of badDebts) cell("bad debt", b).badDebt += b.amount;
  const running = Object.fromEntries(markets.map((m) => [m, empty()]));
  const runningSystem = empty();
  return rows.map((row, block) => {
    const system = empty();
    for (const m of markets) {
      add(system, row[m]);
      add(running[m], row[m]);
    }
    add(runningSystem, system);
    const cumulative = {
      markets: Object.fromEntries(markets.map((m) => [m, copy(running[m])])),
      system: copy(runningSystem),
    };
    return { block, markets: row, system, cumulative };
  });
}
