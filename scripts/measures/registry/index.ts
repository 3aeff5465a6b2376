/**
 * The measure registry: every measure of a run, in summary.json order. summary.json, blocks.csv's columns, the
 * console summary and report.html's summary tables are all generated from this list (`./assemble.ts`), so adding a
 * measure is adding one entry here (docs/measures.md).
 */
import { ACTORS, LIQUIDATION_MEASURES, TIME_TO_LIQUIDATION } from "./liquidations";
import { BASELINE, LENDERS, RISK_CONTROLS } from "./controls";
import { KEEPER_MEASURES } from "./keepers";
import { LOSS_MEASURES } from "./losses";
import { MARKET_MEASURES, ORACLE_ERROR } from "./market";
import { BLOCK_SERIES } from "./series";
import { SYSTEM } from "./system";
import type { Measure } from "./types";

export type { Measure } from "./types";

export const MEASURES: readonly Measure[] = [
  ...MARKET_MEASURES,
  ...LIQUIDATION_MEASURES,
  ...LOSS_MEASURES,
  ...KEEPER_MEASURES,
  ORACLE_ERROR,
  RISK_CONTROLS,
  TIME_TO_LIQUIDATION,
  ACTORS,
  SYSTEM,
  BASELINE,
  LENDERS,
  ...BLOCK_SERIES,
];
