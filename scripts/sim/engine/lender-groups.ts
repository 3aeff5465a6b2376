/**
 * Lenders' losses per group, from a run's records (any topology): a market's net bad debt at the end of the run is
 * borne by its lenders pro rata to what each group supplied (the pool's shares are one class, so a loss lowers every
 * share's value alike). Groups are `markets[].lenders` (a single-market world: one group, `lenders`). Their liquidity
 * (`lenderLiquidity`) reads each market's supplied assets and cash, block by block (system runs record both).
 */
import { normalizeTopology } from "../topology/normalize";
import { ratio, toFixedUnits } from "../wad";
import type { RunResult } from "./types";

export interface LenderGroupLoss {
  market: string;
  /** Debt base units supplied at start, and the part of the market's net bad debt the group bears. */
  supplied: bigint;
  loss: bigint;
}

/** Each lender group's loss, by group id, or `<market>/<group>` for an id several markets use (`lenders`). */
export function lenderLosses(r: RunResult): Record<string, LenderGroupLoss> {
  const t = normalizeTopology(r.scenario);
  const last = r.blocks[r.blocks.length - 1];
  const out: Record<string, LenderGroupLoss> = {};
  const uses = new Map<string, number>();
  for (const m of t.markets) for (const g of m.lenders) uses.set(g.id, (uses.get(g.id) ?? 0) + 1);
  for (const m of t.markets) {
    const badDebt = last?.markets?.[m.id]?.badDebt ?? (t.markets.length === 1 ? (last?.totalBadDebt ?? 0n) : 0n);
    const supplies = m.lenders.map((g) => toFixedUnits(g.supply, t.debt.decimals));
    const total = supplies.reduce((a, b) => a + b, 0n);
    m.lenders.forEach((g, i) => {
      // Rounded up: a loss is never understated.
      const loss = total === 0n || badDebt <= 0n ? 0n : (badDebt * supplies[i] + total - 1n) / total;
      out[uses.get(g.id)! > 1 ? `${m.id}/${g.id}` : g.id] = { market: m.id, supplied: supplies[i], loss };
    });
  }
  return out;
}

/** A lender group's access to its claim over the run (fractions in [0, 1]). */
export interface LenderGroupLiquidity {
  market: string;
  /**
   * Lowest min(claim, cash) ÷ claim over the blocks: the group first in line for its market's cash. The group's claim
   * is the market's supplied assets × its share of what was supplied at start (one share class, every lender
   * supplying at the same share price before any borrowing), rounded down.
   */
  worstWithdrawable: number;
  /** Lowest min(1, cash ÷ every lender's claim) over the blocks: what each lender gets if all ask at once. */
  worstProRata: number;
}

/**
 * Each lender group's worst liquidity over the run, keyed as `lenderLosses`. Throws if a block lacks a market's
 * supplied assets or cash (records not from a system run).
 */
export function lenderLiquidity(r: RunResult): Record<string, LenderGroupLiquidity> {
  const t = normalizeTopology(r.scenario);
  const out: Record<string, LenderGroupLiquidity> = {};
  const uses = new Map<string, number>();
  for (const m of t.markets) for (const g of m.lenders) uses.set(g.id, (uses.get(g.id) ?? 0) + 1);
  for (const m of t.markets) {
    const supplies = m.lenders.map((g) => toFixedUnits(g.supply, t.debt.decimals));
    const total = supplies.reduce((a, b) => a + b, 0n);
    const worst = m.lenders.map(() => ({ withdrawable: 1, proRata: 1 }));
    for (const b of r.blocks) {
      const rec = b.markets?.[m.id];
      if (rec?.supplied === undefined || rec.cash === undefined) {
        throw new Error(`lenderLiquidity: block ${b.block} has no supplied assets or cash for market ${m.id}`);
      }
      const { supplied, cash } = rec;
      const proRata = supplied === 0n || cash >= supplied ? 1 : ratio(cash, supplied);
      supplies.forEach((own, i) => {
        const claim = total === 0n ? 0n : (supplied * own) / total;
        const withdrawable = claim === 0n ? 1 : ratio(cash < claim ? cash : claim, claim);
        worst[i].withdrawable = Math.min(worst[i].withdrawable, withdrawable);
        worst[i].proRata = Math.min(worst[i].proRata, proRata);
      });
    }
    m.lenders.forEach((g, i) => {
      out[uses.get(g.id)! > 1 ? `${m.id}/${g.id}` : g.id] = {
        market: m.id,
        worstWithdrawable: worst[i].withdrawable,
        worstProRata: worst[i].proRata,
      };
    });
  }
  return out;
}
