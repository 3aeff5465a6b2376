/**
 * Perp liquidation keepers and the backstop vault's unwinder. Each step the keeper reads every open position and
 * liquidates those below maintenance (the market decides market sale, slice or backstop); a slice still cooling
 * down is skipped, not retried. The unwinder (holder of BACKSTOP_ROLE) sells or buys back at most `perStep` base of
 * the vault's unhedged inventory per step, into the same pool: the delayed half of the feedback loop. Used by the
 * standalone perp driver (scripts/derivatives/perp/run.ts); not yet an engine agent (docs/derivatives-perp.md).
 */
import type { PerpMarket } from "../../typechain-types";

export interface PerpLiquidationOutcome {
  id: bigint;
  kind: "market" | "backstop";
  size: bigint;
  exitNotional: bigint;
  keeperReward: bigint;
  remainingSize: bigint;
  gasUsed: bigint;
}

/** Positions the keeper will try this step: liquidatable ones, in id order (deterministic). */
export async function liquidationTargets(market: PerpMarket): Promise<bigint[]> {
  const ids = [...(await market.openPositionIds())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const targets: bigint[] = [];
  for (const id of ids) if (await market.isLiquidatable(id)) targets.push(id);
  return targets;
}

/** Base the unwinder trades this step: the vault's exposure, capped at `perStep` (sign: + sells, − buys). */
export function unwindAmount(exposure: bigint, perStep: bigint): bigint {
  if (exposure > 0n) return exposure < perStep ? exposure : perStep;
  if (exposure < 0n) return -exposure < perStep ? exposure : -perStep;
  return 0n;
}
