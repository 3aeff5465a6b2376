/** Morpho Blue in the protocol registry (scripts/adapters/registry.ts). */
import type { ProtocolEntry } from "../registry";
import { liquidationIncentiveFactor, WAD } from "./math";

export const PROTOCOL: ProtocolEntry = {
  kind: "morpho-blue",
  order: 2,
  source: "Morpho.sol",
  deployer: async () => (await import("./deploy")).deployMorphoBlue,
  // Its incentive factor min(1.15, 1 / (1 - 0.3 (1 - LLTV))) at LLTV = the threshold, as bonus basis points.
  incentiveBps: (lltv) => (liquidationIncentiveFactor(lltv) - WAD) / 10n ** 14n,
};
