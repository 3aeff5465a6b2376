/**
 * A measured with/without comparison of one risk control on its preset: the rows `docs/RISK-CONTROLS.md` shows and
 * the scenario tests assert. Each control has a runner in this folder; `index.ts` lists them in document order.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";

export interface ComparisonColumn {
  key: string;
  header: string;
  /** Unit shown in the header, e.g. "USDC", "%", "blocks"; empty for counts and labels. */
  unit: string;
  /** Decimals shown for numbers (default 0). */
  digits?: number;
}

export interface ComparisonRow {
  /** e.g. "without breaker", "with breaker (full halt)". */
  label: string;
  values: Record<string, number | string | null>;
}

export interface Comparison {
  id: string;
  /** Section title, e.g. "Circuit breaker". */
  title: string;
  /** Preset files (under scenarios/) the rows ran on. */
  presets: string[];
  /** Command that reproduces the rows (one run per row). */
  command: string;
  columns: ComparisonColumn[];
  rows: ComparisonRow[];
  /** One or two sentences read off the rows (when the control helps, when it hurts); computed, not hard-coded. */
  finding: string;
}

export interface ComparisonOptions {
  /** Shrink the worlds (tests): fewer borrowers and blocks, same direction of the effect. */
  small?: boolean;
  /** Run every variant with this keeper model (`keeperModel`; absent = the presets' own). */
  keeperModel?: "rational" | "legacy";
}

export type ComparisonRunner = (hre: HardhatRuntimeEnvironment, options?: ComparisonOptions) => Promise<Comparison>;
