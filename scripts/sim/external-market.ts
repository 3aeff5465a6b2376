/**
 * The external (CEX-like) market: the exogenous path sets its price, and net selling pushes it further down.
 *
 * Model (pure): `impact_t = impact_{t-1} × (1 − recoveryPerBlock) + netSell_t / depth`, where `netSell_t` is the
 * block's net selling of collateral valued in debt tokens (buying is negative). The price is
 * - exponential (default): `path_t × exp(−impact_t)` — the log price moves linearly in flow, never below zero;
 * - linear: `path_t × max(0, 1 − impact_t)`.
 * For small flows both move the price by about `netSell / depth` (selling 1% of depth ≈ −1%).
 */

export type ImpactModel = "exponential" | "linear";

export interface ExternalMarketParams {
  /** Debt tokens of net selling that move the price by a factor e^-1 (exponential) or to zero (linear). */
  depth: number;
  impactModel: ImpactModel;
  /** Share of the accumulated impact that fades each block, in [0, 1]. */
  recoveryPerBlock: number;
}

export interface ExternalMarketState {
  /** Accumulated, decaying net selling ÷ depth (dimensionless). */
  impact: number;
  /** Price after the last applied block. */
  price: number;
}

export const initialExternalState = (pathPrice: number): ExternalMarketState => ({ impact: 0, price: pathPrice });

/** The price multiplier an accumulated impact gives. */
export function impactFactor(impact: number, model: ImpactModel): number {
  return model === "exponential" ? Math.exp(-impact) : Math.max(0, 1 - impact);
}

/** Advances one block: decays the old impact, adds this block's net selling, prices against this block's path. */
export function applyNetFlow(
  params: ExternalMarketParams,
  state: ExternalMarketState,
  pathPrice: number,
  netSellDebtValue: number,
): ExternalMarketState {
  if (!(params.depth > 0)) throw new RangeError(`external market depth must be > 0, got ${params.depth}`);
  const impact = state.impact * (1 - params.recoveryPerBlock) + netSellDebtValue / params.depth;
  return { impact, price: pathPrice * impactFactor(impact, params.impactModel) };
}

/** Prices over a whole run for given per-block net flows (flows[i] applies in block i). */
export function externalPrices(
  params: ExternalMarketParams,
  path: readonly number[],
  flows: readonly number[],
): number[] {
  let state = initialExternalState(path[0] ?? 0);
  return path.map((p, i) => {
    state = applyNetFlow(params, state, p, flows[i] ?? 0);
    return state.price;
  });
}
