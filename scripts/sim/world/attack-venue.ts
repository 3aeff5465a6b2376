/** With `attack.enabled`: a deep second AMM at the same price (where a flash attack borrows) and the attacker's contract. */
import type { ConstantProductPool, MockERC20, OracleManipulator } from "../../../typechain-types";
import { toFixedUnits } from "../wad";
import { agentAddress } from "./accounts";
import type { Deployer } from "./deployer";
import type { AssetWorld } from "./types";

export async function buildAttackVenue(
  d: Deployer,
  debt: MockERC20,
  asset: AssetWorld,
  initialPrice: number,
): Promise<{ attackLender: ConstantProductPool | null; manipulator: OracleManipulator | null }> {
  const s = d.scenario;
  if (!s.attack.enabled) return { attackLender: null, manipulator: null };
  const collateral = await asset.token.getAddress();
  const attackLender = await d.deploy<ConstantProductPool>("ConstantProductPool", [
    collateral,
    await debt.getAddress(),
    s.amm.feeBps,
    "Attack lender LP",
    "ALP",
  ]);
  await debt.mint(await attackLender.getAddress(), toFixedUnits(s.attack.lenderDepth, s.tokens.debt.decimals));
  await asset.token.mint(
    await attackLender.getAddress(),
    toFixedUnits(s.attack.lenderDepth / initialPrice, asset.decimals),
  );
  await attackLender.mint(d.admin.address);
  const manipulator = await d.deploy<OracleManipulator>("OracleManipulator", [
    agentAddress(d.hre, "attacker"),
    collateral,
    await debt.getAddress(),
  ]);
  return { attackLender, manipulator };
}
