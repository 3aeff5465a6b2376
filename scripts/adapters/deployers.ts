/**
 * Every protocol the side-by-side comparison can deploy, by `ProtocolKind` (issue 17). A protocol joins the
 * comparison with one line here: its `DeployMarket`, which takes the shared `MarketSetup`.
 */
import type { DeployMarket, ProtocolKind } from "./market-adapter";
import { deployLab } from "./lab/deploy";
import { deployAaveV3Market } from "./aave-v3/deploy-market";
import { deployMorphoBlue } from "./morpho-blue/deploy";

export const DEPLOYERS: Partial<Record<ProtocolKind, DeployMarket>> = {
  lab: deployLab,
  "aave-v3": deployAaveV3Market,
  "morpho-blue": deployMorphoBlue,
};

/** The protocols with a deployer, in a fixed order (the comparison's column order). */
export function deployableProtocols(): ProtocolKind[] {
  const order: ProtocolKind[] = ["lab", "aave-v3", "morpho-blue"];
  return order.filter((p) => DEPLOYERS[p] !== undefined);
}
