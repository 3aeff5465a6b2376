/**
 * Lenders' losses per group, from a run's records (any topology): a market's net bad debt at the end of the run is
 * borne by its lenders pro rata to what each group supplied (the pool's shares are one class, so a loss lowers every
 * share's value alike). Groups are `markets[].lenders` (a single-market world: one group, `lenders`).
 */
import { normalizeTopology } from "../topology/normalize";
import { toFixedUnits } from "../wad";
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
