/**
 * Lenders' losses and liquidity per group, from a run's records (any topology). Groups are `markets[].lenders` (a
 * single-market world: one group, `lenders`), keyed by group id, or `<market>/<group>` for an id several markets use.
 *
 * Two sources, the better one when the run has it:
 * - `blocks[].lenderGroups` (recorded when a group may withdraw: the lender-exit agents, scripts/agents/lender-exit.ts):
 *   each group's claim on its market (`suppliedOf`) and what it has taken out, block by block. A loss is then what
 *   the group supplied less what it holds and took out (negative: interest earned).
 * - otherwise, no group ever withdraws, so a market's net bad debt at the end is borne pro rata to what each group
 *   supplied (the pool's shares are one class, so a loss lowers every share's value alike), and a group's claim is
 *   the market's supplied assets × its share of the start supply.
 * Liquidity reads each market's supplied assets and cash, block by block (system runs record both).
 */
import { normalizeTopology } from "../topology/normalize";
import type { Topology } from "../topology/types";
import { ratio, toFixedUnits } from "../wad";
import type { BlockRecord, LenderGroupBlockRecord, LenderGroupSummary } from "../metrics";
import type { Scenario } from "../scenario";

/** What the measures read of a run: its records and its scenario, or the topology built from it. */
export type LenderRun = { blocks: readonly BlockRecord[] } & ({ scenario: Scenario } | { topology: Topology });

const topologyOf = (r: LenderRun): Topology => ("topology" in r ? r.topology : normalizeTopology(r.scenario));

export interface LenderGroupLoss {
  market: string;
  /** Debt base units supplied at start, and the group's loss (see the file's note; rounded up when pro rata). */
  supplied: bigint;
  loss: bigint;
}

/** Every lender group with its key, its market and its start supply (debt base units), in topology order. */
export function lenderGroups(t: Topology): { key: string; market: string; group: string; supplied: bigint }[] {
  const uses = new Map<string, number>();
  for (const m of t.markets) for (const g of m.lenders) uses.set(g.id, (uses.get(g.id) ?? 0) + 1);
  return t.markets.flatMap((m) =>
    m.lenders.map((g) => ({
      key: uses.get(g.id)! > 1 ? `${m.id}/${g.id}` : g.id,
      market: m.id,
      group: g.id,
      supplied: toFixedUnits(g.supply, t.debt.decimals),
    })),
  );
}

/** The group's recorded claim and withdrawals at block `b`, if the run records them. */
function recorded(b: BlockRecord | undefined, key: string): LenderGroupBlockRecord | undefined {
  return b?.lenderGroups?.[key];
}

/** Each lender group's loss, keyed as `lenderGroups`. */
export function lenderLosses(r: LenderRun): Record<string, LenderGroupLoss> {
  const t = topologyOf(r);
  const last = r.blocks[r.blocks.length - 1];
  const groups = lenderGroups(t);
  const out: Record<string, LenderGroupLoss> = {};
  for (const m of t.markets) {
    const badDebt = last?.markets?.[m.id]?.badDebt ?? (t.markets.length === 1 ? (last?.totalBadDebt ?? 0n) : 0n);
    const mine = groups.filter((g) => g.market === m.id);
    const total = mine.reduce((a, g) => a + g.supplied, 0n);
    for (const g of mine) {
      const rec = recorded(last, g.key);
      // Rounded up: a loss is never understated.
      const proRata = total === 0n || badDebt <= 0n ? 0n : (badDebt * g.supplied + total - 1n) / total;
      const loss = rec ? g.supplied - rec.claim - rec.withdrawn : proRata;
      out[g.key] = { market: m.id, supplied: g.supplied, loss };
    }
  }
  return out;
}

/** A lender group's access to its claim over the run (fractions in [0, 1]). */
export interface LenderGroupLiquidity {
  market: string;
  /**
   * Lowest min(claim, cash) ÷ claim over the blocks: the group first in line for its market's cash. The claim is the
   * recorded one, else the market's supplied assets × its share of what was supplied at start, rounded down.
   */
  worstWithdrawable: number;
  /** Lowest min(1, cash ÷ every lender's claim) over the blocks: what each lender gets if all ask at once. */
  worstProRata: number;
}

/**
 * Each lender group's worst liquidity over the run, keyed as `lenderGroups`. Throws if a block lacks a market's
 * supplied assets or cash (records not from a system run).
 */
export function lenderLiquidity(r: LenderRun): Record<string, LenderGroupLiquidity> {
  const t = topologyOf(r);
  const groups = lenderGroups(t);
  const out: Record<string, LenderGroupLiquidity> = {};
  for (const m of t.markets) {
    const mine = groups.filter((g) => g.market === m.id);
    const total = mine.reduce((a, g) => a + g.supplied, 0n);
    const worst = mine.map(() => ({ withdrawable: 1, proRata: 1 }));
    for (const b of r.blocks) {
      const rec = b.markets?.[m.id];
      if (rec?.supplied === undefined || rec.cash === undefined) {
        throw new Error(`lenderLiquidity: block ${b.block} has no supplied assets or cash for market ${m.id}`);
      }
      const { supplied, cash } = rec;
      const proRata = supplied === 0n || cash >= supplied ? 1 : ratio(cash, supplied);
      mine.forEach((g, i) => {
        const claim = recorded(b, g.key)?.claim ?? (total === 0n ? 0n : (supplied * g.supplied) / total);
        const withdrawable = claim === 0n ? 1 : ratio(cash < claim ? cash : claim, claim);
        worst[i].withdrawable = Math.min(worst[i].withdrawable, withdrawable);
        worst[i].proRata = Math.min(worst[i].proRata, proRata);
      });
    }
    mine.forEach((g, i) => {
      out[g.key] = { market: m.id, worstWithdrawable: worst[i].withdrawable, worstProRata: worst[i].proRata };
    });
  }
  return out;
}

/** Every group's losses, liquidity and withdrawals, keyed as `lenderGroups` (needs `blocks[].lenderGroups`). */
export function lenderGroupsSummary(r: LenderRun): Record<string, LenderGroupSummary> {
  const losses = lenderLosses(r);
  const liquidity = lenderLiquidity(r);
  const last = r.blocks[r.blocks.length - 1];
  const out: Record<string, LenderGroupSummary> = {};
  for (const g of lenderGroups(topologyOf(r))) {
    const end = recorded(last, g.key);
    if (!end) throw new Error(`lenderGroupsSummary: the last block records no claim for lender group ${g.key}`);
    const first = r.blocks.find((b) => (recorded(b, g.key)?.withdrawn ?? 0n) > 0n);
    const { loss } = losses[g.key];
    out[g.key] = {
      ...losses[g.key],
      ...liquidity[g.key],
      endClaim: end.claim,
      withdrawn: end.withdrawn,
      lossPct: g.supplied === 0n ? 0 : 100 * (Number(loss) / Number(g.supplied)),
      firstWithdrawalBlock: first ? first.block : null,
    };
  }
  return out;
}
