/** Aave v3 in the protocol registry (scripts/adapters/registry.ts). */
import type { ProtocolEntry } from "../registry";

export const PROTOCOL: ProtocolEntry = {
  kind: "aave-v3",
  order: 1,
  source: "@aave/core-v3 artifacts",
  deployer: async () => (await import("./deploy-market")).deployAaveV3Market,
};
