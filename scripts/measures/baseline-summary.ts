/**
 * The frictionless baseline next to the engine's result (pure): what the baseline did, its amplification on the
 * peak and the settled measure, and the decomposition of the engine's amplification into physics (the baseline)
 * and frictions (engine − baseline), with the frictions this run has named.
 */
import type { Scenario } from "../sim/scenario";
import { fromFixedUnits } from "../sim/wad";
import type { BaselineResult } from "./baseline";

export interface BaselineSummary {
  /** External price the baseline applies (step: post-shock; other paths: the trough), debt tokens per collateral. */
  shockedPrice: number;
  liquidations: number;
  positionsLiquidated: number;
  /** Rounds of the fixed point that liquidated something; `settled` false if it did not converge. */
  rounds: number;
  settled: boolean;
  /** Debt base units. */
  debtRepaid: bigint;
  /** Collateral base units. */
  collateralSeized: bigint;
  /** Debt base units. */
  badDebt: bigint;
  /** AMM spot: lowest during the cascade and at the end (after the last arbitrage), debt tokens per collateral. */
  minAmmPrice: number;
  finalAmmPrice: number;
  finalExternalPrice: number;
  /** Baseline AMM peak drawdown ÷ exogenous shock, and its final (settled) drawdown ÷ exogenous shock. */
  amplification: number | null;
  amplificationSettled: number | null;
  decomposition: {
    /** Physics: the baseline's amplification; frictions: the engine's minus the baseline's (peak and settled). */
    physics: number | null;
    frictions: number | null;
    physicsSettled: number | null;
    frictionsSettled: number | null;
    /** The frictions present in this run, by name with their setting. */
    present: string[];
  };
}

const WAD_DECIMALS = 18;
const drawdown = (start: bigint, p: bigint) =>
  start > 0n && p < start ? fromFixedUnits(((start - p) * 10n ** 18n) / start, WAD_DECIMALS) : 0;
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function baselineSummary(
  r: BaselineResult,
  shockedPrice: bigint,
  exogenousShock: number,
  engine: { amplification: number | null; amplificationSettled: number | null },
  scenario: Scenario,
): BaselineSummary {
  const amp = (d: number) => (exogenousShock > 0 ? d / exogenousShock : null);
  const amplification = amp(drawdown(r.initialAmmPrice, r.minAmmPrice));
  const amplificationSettled = amp(drawdown(r.initialAmmPrice, r.finalAmmPrice));
  return {
    shockedPrice: fromFixedUnits(shockedPrice, WAD_DECIMALS),
    liquidations: r.liquidations,
    positionsLiquidated: r.positionsLiquidated,
    rounds: r.rounds,
    settled: r.settled,
    debtRepaid: r.totalRepaid,
    collateralSeized: r.totalSeized,
    badDebt: r.badDebt,
    minAmmPrice: fromFixedUnits(r.minAmmPrice, WAD_DECIMALS),
    finalAmmPrice: fromFixedUnits(r.finalAmmPrice, WAD_DECIMALS),
    finalExternalPrice: fromFixedUnits(r.finalExternalPrice, WAD_DECIMALS),
    amplification,
    amplificationSettled,
    decomposition: {
      physics: amplification,
      frictions: minus(engine.amplification, amplification),
      physicsSettled: amplificationSettled,
      frictionsSettled: minus(engine.amplificationSettled, amplificationSettled),
      present: presentFrictions(scenario),
    },
  };
}

/** Actions per keeper per block of the legacy keeper model (`keeperModel: legacy`). */
const LEGACY_ACTIONS_PER_BLOCK = 3;
/** Strategies that liquidate at a fixed bonus with their own capital (their `execution` applies). */
const CAPITAL_STRATEGIES = ["fixed-bonus", "gas-bidder", "oracle-backrunner"];

/**
 * The frictions a run has that the baseline has not, named with their setting: latency (oracle), throughput
 * (keepers' actions per block, arbitrage per block), gas, capital, execution (inventory keepers), mechanism
 * (auctions, breaker, dynamic risk, oracle guards and failures). Empty: the run is as frictionless as the baseline.
 */
export function presentFrictions(s: Scenario): string[] {
  const out: string[] = [];
  const o = s.oracle;
  if (o.source !== "amm-spot-live") {
    if (o.latencySeconds > 0 || o.latencyBlocks > 0)
      out.push(`latency: oracle ${o.latencySeconds} s / ${o.latencyBlocks} block(s)`);
    if (o.deviationThresholdBps > 0) out.push(`latency: oracle deviation threshold ${o.deviationThresholdBps} bps`);
    if (o.source === "amm-twap" || (o.source === "median" && o.medianOf.includes("amm-twap")))
      out.push(`latency: TWAP window ${o.twapWindowSeconds} s`);
  }
  const legacy = s.keeperModel === "legacy";
  const keepers = s.keepers.filter((k) => k.count > 0);
  const perBlock = keepers
    .map((k) => k.count * (legacy ? LEGACY_ACTIONS_PER_BLOCK : k.actionsPerBlock))
    .reduce((a, b) => a + b, 0);
  out.push(`throughput: at most ${perBlock} keeper actions per block`);
  if (keepers.some((k) => k.reactionDelayBlocks > 0)) out.push("latency: keeper reaction delay");
  if (s.arbitrage.count > 0)
    out.push(`throughput: arbitrage ${s.arbitrage.count} × ${s.arbitrage.maxTradePerBlock} debt tokens per block`);
  const tipped = keepers.some((k) => !(k.priorityFee.policy === "fixed" && k.priorityFee.gwei === 0));
  if (s.chain.baseFee.initialGwei > 0 || tipped)
    out.push(`gas: base fee from ${s.chain.baseFee.initialGwei} gwei at ${s.chain.nativeTokenPrice} per native token`);
  out.push(`capital: keepers ${keepers.map((k) => `${k.count} × ${k.capital}`).join(", ")}`);
  if (legacy) out.push("execution: legacy keepers (inventory sold a block later, shared ranking, blind pricing)");
  else if (keepers.some((k) => CAPITAL_STRATEGIES.includes(k.strategy) && k.execution === "inventory"))
    out.push(`execution: inventory keepers sell by their sale policy`);
  if (keepers.some((k) => k.strategy === "auction-taker")) out.push("execution: auction takers hold what they buy");
  if (s.liquidation.mechanism !== "fixed-bonus") out.push(`mechanism: ${s.liquidation.mechanism}`);
  if (s.riskControls.circuitBreaker.enabled) out.push("mechanism: circuit breaker");
  if (s.riskControls.dynamicRisk.enabled) out.push("mechanism: dynamic risk parameters");
  if (o.floorGuard.enabled) out.push("mechanism: oracle floor guard");
  if (o.failure.mode !== "none") out.push(`mechanism: oracle ${o.failure.mode} from block ${o.failure.atBlock}`);
  return out;
}
