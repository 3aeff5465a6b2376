/** What a run returns and the options it takes. */
import type { Scenario } from "../scenario";
import type { BlockRecord, LiquidationRecord, PositionRecord, PositionTiming, RunSummary } from "../metrics";
import type { BidRecord, KeeperStats, MethodGas } from "../bids";
import type { Exposure } from "../exposure";
import type { AttackResult } from "../agent-reports";
import type { AgentFactory } from "../../agents/types";
import type { buildWorld } from "../world/build";
import type { startClock } from "../world/clock";
import type { BadDebtRecord } from "./records";

/** Positions open at this timestamp on a fresh chain (2033-05-18), so runs are byte-identical. */
export const FIXED_START = 2_000_000_000;

export interface RunResult {
  scenario: Scenario;
  summary: RunSummary;
  blocks: BlockRecord[];
  liquidations: LiquidationRecord[];
  /** Every bad-debt write-off (`BadDebtRealized`), tagged with its market. */
  badDebts: BadDebtRecord[];
  /** Every position at the start and the end of the run (positions.csv). */
  positions: PositionRecord[];
  timings: PositionTiming[];
  /** Every keeper bid with its outcome, per-keeper results and per-method gas (the gas-war report). */
  bids: BidRecord[];
  keeperStats: KeeperStats[];
  methodGas: MethodGas[];
  /** The oracle-manipulation attacker's outcome (`attack.enabled`), else null. */
  attack: AttackResult | null;
  /** What the open book and the exploiter (if any) are worth at the market price after the last block. */
  exposure: Exposure;
  /** Keeper transactions that missed their block and were dropped (they cost nothing). */
  droppedKeeperTxs: number;
  /** Wall-clock seconds spent building the world and running the blocks. */
  setupSeconds: number;
  runSeconds: number;
}

export interface RunOptions {
  /** Called after every block (for a progress bar). */
  onBlock?: (done: number, total: number) => void;
  onPhase?: (phase: string) => void;
  readCsv?: (file: string) => string;
  /** The agent kinds to set up, in setup order (default: every kind of `scripts/agents/registry.ts`). */
  agentKinds?: readonly AgentFactory[];
  /**
   * Replacements for the world's two setup phases (default: `buildWorld`, `startClock`): a sweep worker passes
   * versions that revert to a snapshot of an earlier run's world instead of building it again.
   */
  world?: { build?: typeof buildWorld; start?: typeof startClock };
}
