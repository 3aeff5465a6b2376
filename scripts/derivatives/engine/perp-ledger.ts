/**
 * The perp venue's records in a cascade run, decoded from the receipts of the agents that sent them (the traders'
 * opens, the keeper's liquidations with their bad debt and ADL, the unwinder's sales) and from the venue's state
 * after every block (the watch). One ledger per world; agents write their own rows, the watch summarizes.
 */
import type { World } from "../../sim/world/types";

export interface PerpLiquidationRow {
  block: number;
  id: bigint;
  kind: "market" | "backstop";
  size: bigint;
  exitNotional: bigint;
  keeperReward: bigint;
}

export interface PerpBlockRow {
  block: number;
  markPrice: number;
  insuranceFund: number;
  badDebtTotal: number;
  coveredByInsurance: number;
  coveredByAdl: number;
  uncovered: number;
  longOpenInterest: number;
  shortOpenInterest: number;
  backstopExposure: number;
  openPositions: number;
}

export class PerpLedger {
  longs = 0;
  shorts = 0;
  skipped = 0;
  longNotional = 0;
  shortNotional = 0;
  liquidations: PerpLiquidationRow[] = [];
  adl: { block: number; id: bigint; size: bigint; haircut: bigint }[] = [];
  /** Collateral units the unwinder sold (+) or bought (−). */
  unwound = 0n;
  blocks: PerpBlockRow[] = [];
  insuranceStart = 0;
}

const ledgers = new WeakMap<World, PerpLedger>();

export function perpLedger(world: World): PerpLedger {
  let l = ledgers.get(world);
  if (!l) ledgers.set(world, (l = new PerpLedger()));
  return l;
}
