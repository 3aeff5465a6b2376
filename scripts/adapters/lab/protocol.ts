/** The lab's own LendingPool in the protocol registry (scripts/adapters/registry.ts). */
import type { ProtocolEntry } from "../registry";

export const PROTOCOL: ProtocolEntry = {
  kind: "lab",
  order: 0,
  source: "contracts/lending/LendingPool.sol",
  deployer: async () => (await import("./deploy")).deployLab,
};
