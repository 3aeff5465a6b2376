/** Priority-fee policies: fixed, a share of the expected profit, or outbidding the best pending competitor. */
import type { KeeperGroup } from "../sim/scenario";
import { gwei } from "../sim/chain";
import type { View } from "./types";
import { debtToWei } from "./types";
import type { World } from "../sim/world/types";

export interface FeeQuote {
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
}

/**
 * The priority fee per gas for a transaction with `gasLimit` that is expected to earn `expectedProfit` (debt base
 * units, before gas). `competitors` are pending transactions to the same contract from others.
 */
export async function priorityFee(
  policy: KeeperGroup["priorityFee"],
  view: View,
  world: World,
  gasLimit: bigint,
  expectedProfit: bigint,
  competitorTo: string[],
  self: string,
): Promise<FeeQuote> {
  let tip: bigint;
  if (policy.policy === "fixed") {
    tip = gwei(policy.gwei);
  } else if (policy.policy === "profit-share") {
    const profitWei = debtToWei(expectedProfit > 0n ? expectedProfit : 0n, world);
    tip = (profitWei * BigInt(Math.round(policy.share * 1e6))) / 1_000_000n / gasLimit;
  } else if (policy.policy === "pga") {
    // The opening bid of a priority gas auction; re-bids happen in later rounds (Keeper.rebid).
    tip = gwei(policy.startGwei);
    const cap = pgaCap(policy.maxProfitShare, expectedProfit, gasLimit, world);
    if (tip > cap) tip = cap;
  } else {
    const targets = new Set(competitorTo.map((a) => a.toLowerCase()));
    const pending = await view.pending();
    let best = 0n;
    for (const t of pending) {
      if (t.from !== self.toLowerCase() && targets.has(t.to) && t.maxPriorityFeePerGas > best) {
        best = t.maxPriorityFeePerGas;
      }
    }
    tip = best + gwei(policy.incrementGwei);
    const cap = gwei(policy.maxGwei);
    if (tip > cap) tip = cap;
    // Never bid away more than the whole expected profit.
    const profitCap = debtToWei(expectedProfit > 0n ? expectedProfit : 0n, world) / gasLimit;
    if (tip > profitCap) tip = profitCap;
  }
  return { maxPriorityFeePerGas: tip, maxFeePerGas: view.baseFee * 2n + tip };
}

/** Highest priority fee per gas a PGA bidder pays: `share` of the expected profit, spread over the gas limit. */
export function pgaCap(share: number, expectedProfit: bigint, gasLimit: bigint, world: World): bigint {
  const profitWei = debtToWei(expectedProfit > 0n ? expectedProfit : 0n, world);
  return (profitWei * BigInt(Math.round(share * 1e6))) / 1_000_000n / gasLimit;
}
