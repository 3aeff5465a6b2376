/**
 * What agents report about a run beyond the block and liquidation records (types only: the engine, the agents and the
 * reports share them without importing one another).
 */
import type { CostEstimate } from "./attack-cost";

export interface AttackResult {
  mode: "flash" | "multi-block";
  oracle: string;
  atBlock: number;
  /** Oracle drop needed by the richest reachable victim to reach `targetHealth` (percent). */
  requiredDropPct: number | null;
  targetVictim: string | null;
  /** Positions the drop puts under water (planned victims). */
  plannedVictims: number;
  transactions: number;
  reverted: number;
  /** The revert the attacker's own simulation predicted (custom error with its numbers), if any. */
  revertReason: string | null;
  /** Profit (debt tokens, negative = loss) carried by an `UnprofitableAttack` revert, else null. */
  revertedProfit: number | null;
  liquidations: number;
  positionsLiquidated: number;
  /** Debt tokens repaid and collateral tokens seized by the attacker's liquidations. */
  debtRepaid: number;
  collateralSeized: number;
  /** Debt tokens, valued at the external price of each block. */
  grossProfit: number;
  swapFees: number;
  priceImpact: number;
  gasCost: number;
  netProfit: number;
  /** Flash: the profit the contract itself measured (its `FlashAttack` event, debt-token balance change). */
  onChainProfit: number | null;
  /** Lowest oracle price the market read during the attack (flash: inside the transaction). */
  manipulatedPrice: number | null;
  /** Liquidation profit the planned drop would give (first pass, estimate). */
  prizeEstimate: number;
  /** Cost of moving this market's oracle by the required drop (`attack-cost.ts`). */
  costEstimate: CostEstimate | null;
  /** The same for each oracle kind, for comparison. */
  costEstimates: Record<string, CostEstimate>;
  /** Blocks the multi-block attacker held the spot down. */
  heldBlocks: number;
}

export interface ExploiterStats {
  /** Blocks in which it traded (bought, deposited or borrowed). */
  blocksActive: number;
  /** Blocks in which the edge was there but the market's price was stale, so it did not act. */
  blocksStale: number;
}

/** What a run reports about the agents, filled in by the agents themselves at the end (`SimAgent.finish`). */
export interface AgentReports {
  /** The oracle-manipulation attacker's outcome (`attack.enabled`), else null. */
  attack: AttackResult | null;
  /** The oracle exploiter's account and counters (`exploiter.enabled`), else null. */
  exploiter: { address: string; stats: ExploiterStats } | null;
}
