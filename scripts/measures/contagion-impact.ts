/**
 * The external market's price impact split by who caused it, and the prices it would have shown without a source.
 *
 * `scripts/sim/external-market.ts` keeps one impact state per asset, linear in the flows:
 * `impact_t = impact_{t−1} × (1 − recoveryPerBlock) + netSell_t / depth`. So it splits exactly by source:
 * `impact_t^s = impact_{t−1}^s × (1 − recoveryPerBlock) + flow_t^s / depth`, and Σ_s impact^s = impact (up to float
 * rounding). A source is a market: the forced sales (keepers' and auctions' sales of collateral seized in that
 * market) it put into the asset's external market; every other flow (arbitrage not caused by a forced sale,
 * background trading, buying negative) is one more part, `other`, never removed.
 *
 * Without a set S of sources the price is `path × factor(impact − Σ_{s∈S} impact^s)` with `external-market.ts`'s
 * `impactFactor`: `price × exp(Σ impact^s)` in the exponential model, `path × max(0, 1 − (impact − Σ impact^s))` in
 * the linear one. Block index i: the flows of block i are applied, then the price is read (as `externalPrices`).
 */
import type { AssetId, MarketId } from "./system-book";
import { type ExternalMarketParams, applyNetFlow, impactFactor, initialExternalState } from "../sim/external-market";

/** A forced-sale source: the market whose seized collateral was sold. */
export type SourceId = MarketId;

export interface ExternalFlows {
  asset: AssetId;
  params: ExternalMarketParams;
  /** The exogenous path, one price per block (debt tokens per token). */
  path: readonly number[];
  /** Forced sales per source market, debt value (debt tokens) per block; index i applies in block i. */
  forcedSales: Readonly<Record<SourceId, readonly number[]>>;
  /** Every other net selling per block (buying negative), debt tokens; default none. */
  otherFlow?: readonly number[];
}

export interface ImpactSplit {
  asset: AssetId;
  params: ExternalMarketParams;
  path: readonly number[];
  /** Price after each block, from `applyNetFlow` with the total flow (what the run saw). */
  price: number[];
  /** Total impact after each block, from `applyNetFlow`. */
  impact: number[];
  /** Each source's part of the impact, per block. */
  bySource: Record<SourceId, number[]>;
  /** The part of the other flows. */
  other: number[];
}

const flowAt = (flows: readonly number[] | undefined, i: number): number => flows?.[i] ?? 0;

/** One part's impact over the run: the same recursion as `applyNetFlow`, fed only that part's flows. */
function partImpact(params: ExternalMarketParams, blocks: number, flows: readonly number[] | undefined): number[] {
  const out: number[] = [];
  let impact = 0;
  for (let i = 0; i < blocks; i++) {
    impact = impact * (1 - params.recoveryPerBlock) + flowAt(flows, i) / params.depth;
    out.push(impact);
  }
  return out;
}

/** Splits one asset's external impact by source. Throws a RangeError on a flow series longer than the path. */
export function splitImpact(f: ExternalFlows): ImpactSplit {
  const blocks = f.path.length;
  const sources = Object.keys(f.forcedSales).sort();
  for (const [name, flows] of [
    ...sources.map((s) => [s, f.forcedSales[s]] as const),
    ["other", f.otherFlow] as const,
  ]) {
    if (flows && flows.length > blocks) {
      throw new RangeError(`${f.asset}: ${name} has flows for ${flows.length} blocks, the path ${blocks}`);
    }
  }
  const price: number[] = [];
  const impact: number[] = [];
  let state = initialExternalState(f.path[0] ?? 0);
  for (let i = 0; i < blocks; i++) {
    const total = sources.reduce((a, s) => a + flowAt(f.forcedSales[s], i), flowAt(f.otherFlow, i));
    state = applyNetFlow(f.params, state, f.path[i], total);
    price.push(state.price);
    impact.push(state.impact);
  }
  const bySource = Object.fromEntries(sources.map((s) => [s, partImpact(f.params, blocks, f.forcedSales[s])]));
  return {
    asset: f.asset,
    params: f.params,
    path: f.path,
    price,
    impact,
    bySource,
    other: partImpact(f.params, blocks, f.otherFlow),
  };
}

/** The external price after block `block` had the sources in `without` sold nothing. */
export function priceWithout(split: ImpactSplit, without: Iterable<SourceId>, block: number): number {
  if (!Number.isInteger(block) || block < 0 || block >= split.path.length) {
    throw new RangeError(`${split.asset}: block ${block} outside the path (0 … ${split.path.length - 1})`);
  }
  let removed = 0;
  for (const s of without) removed += split.bySource[s]?.[block] ?? 0;
  if (removed === 0) return split.price[block];
  return split.path[block] * impactFactor(split.impact[block] - removed, split.params.impactModel);
}

/** Counterfactual prices over the whole run without the sources in `without`. */
export function pricesWithout(split: ImpactSplit, without: Iterable<SourceId>): number[] {
  const set = [...without];
  return split.path.map((_, i) => priceWithout(split, set, i));
}
