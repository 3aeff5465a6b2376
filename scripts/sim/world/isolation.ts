/**
 * The isolation builder (`isolation` in the scenario): a second, calm collateral beside the crashing one, its feed
 * (kept fresh by its own updater), its borrowers and its lenders:
 * - shared: the calm asset is a second collateral of the first market and the calm lenders supply there;
 * - isolated: a second LendingPool with the same config lists only the calm asset and the calm lenders supply there.
 * Calm borrowers stay out of `world.borrowers` (the keepers' view follows the first collateral); a calm position that
 * becomes liquidatable stops the run (`scripts/sim/isolation.ts`), since nobody would liquidate it.
 */
import type { LaggedPriceFeed, LenderExit, LendingPool, MockERC20, RiskLens } from "../../../typechain-types";
import { ScenarioError, type Scenario } from "../scenario";
import { fromFixedUnits, toFixedUnits } from "../wad";
import { generateBorrowers } from "../population";
import { agentAddress, makeAgent } from "./accounts";
import type { Deployer } from "./deployer";
import { listCollateral, marketArgs } from "./market";
import { openPositions } from "./open-positions";
import { FEED_DECIMALS, type Agent, type IsolationWorld, type World } from "./types";

/** Deploys the calm asset, its feed and (isolated) its market, and supplies the calm lenders' funds (automine on). */
export async function buildIsolation(
  d: Deployer,
  o: { pool: LendingPool; debt: MockERC20; lens: string },
): Promise<IsolationWorld | null> {
  const { hre, chain, scenario: s } = d;
  const iso = s.isolation;
  if (iso.mode === "off") return null;
  const deployer: Agent = d.admin;
  const a = iso.calmAsset;
  const calm = await d.deploy<MockERC20>("MockERC20", [a.symbol, a.symbol, a.decimals]);
  const calmUpdater = await makeAgent(hre, chain, "calm-oracle-updater");
  const calmFeed = await d.deploy<LaggedPriceFeed>("LaggedPriceFeed", [
    FEED_DECIMALS,
    `${a.symbol} / ${s.tokens.debt.symbol}`,
    deployer.address,
    calmUpdater.address,
    s.oracle.latencySeconds,
    s.oracle.latencyBlocks,
  ]);
  const calmPool =
    iso.mode === "shared"
      ? o.pool
      : await d.deploy<LendingPool>("LendingPool", [
          await o.debt.getAddress(),
          deployer.address,
          ...marketArgs(s), // the crash market's config
        ]);
  await listCollateral(calmPool, { token: calm, decimals: a.decimals }, await calmFeed.getAddress(), a.risk);
  const exit = await d.deploy<LenderExit>("LenderExit", []);
  const calmLender = await makeAgent(hre, chain, "lender/calm");
  const supply = toFixedUnits(iso.calmLenderSupply, s.tokens.debt.decimals);
  await o.debt.mint(calmLender.address, supply);
  await o.debt.connect(calmLender.signer).approve(await calmPool.getAddress(), supply);
  await calmPool.connect(calmLender.signer).supply(supply, calmLender.address);
  // Both lender groups let the exit helper withdraw for them at the end of the run.
  await calmPool.connect(calmLender.signer).setAuthorization(await exit.getAddress(), true);
  await o.pool.connect(deployer.signer).setAuthorization(await exit.getAddress(), true);
  return {
    mode: iso.mode,
    calm,
    calmFeed,
    calmPool,
    calmUpdater,
    calmLender,
    crashLender: deployer,
    calmBorrowers: [],
    calmDecimals: a.decimals,
    exit,
    lens: (await hre.ethers.getContractAt("RiskLens", o.lens)) as unknown as RiskLens,
  };
}

/** Sends the calm feed's answer observed at `observedAt` (not mined); returns the hash. */
export async function submitCalmPrice(world: World, price: number, observedAt: number): Promise<string> {
  const iso = world.isolation!;
  const tx = await iso.calmFeed
    .connect(iso.calmUpdater.signer)
    .submit(toFixedUnits(price, FEED_DECIMALS), observedAt, { gasLimit: 150_000 });
  return tx.hash;
}

/** The calm borrowers a scenario describes (seed: `isolation.calmBorrowers.seed`, else `<seed>/calm`). */
export function calmBorrowersFromScenario(s: Scenario) {
  const b = s.isolation.calmBorrowers;
  const a = s.isolation.calmAsset;
  return generateBorrowers(
    {
      count: b.count,
      size: b.size,
      health: b.health,
      price: a.price,
      ltv: a.risk.ltv,
      liquidationThreshold: a.risk.liquidationThreshold,
      collateralDecimals: a.decimals,
      debtDecimals: s.tokens.debt.decimals,
    },
    b.seed ?? `${s.seed}/calm`,
  );
}

/** Opens the calm borrowers' positions on the calm lenders' market (after the calm feed's first answer). */
export async function openCalmPositions(world: World, t: number): Promise<number> {
  const iso = world.isolation!;
  const s = world.scenario;
  const borrowers = calmBorrowersFromScenario(s);
  const totalDebt = borrowers.reduce((a, b) => a + b.debt, 0n);
  const totalCollateral = borrowers.reduce((a, b) => a + b.collateral, 0n);
  if (totalDebt > toFixedUnits(s.isolation.calmLenderSupply, world.debtDecimals)) {
    throw new ScenarioError("scenario", [
      `isolation.calmLenderSupply: the ${borrowers.length} calm borrowers borrow ` +
        `${fromFixedUnits(totalDebt, world.debtDecimals)} debt tokens, more than the ${s.isolation.calmLenderSupply} ` +
        `calm lenders supply (raise it, or lower isolation.calmBorrowers.count/size)`,
    ]);
  }
  if (totalCollateral > toFixedUnits(s.isolation.calmAsset.risk.supplyCap, iso.calmDecimals)) {
    throw new ScenarioError("scenario", [
      `isolation.calmAsset.risk.supplyCap: the calm borrowers deposit ` +
        `${fromFixedUnits(totalCollateral, iso.calmDecimals)} calm tokens, more than the cap of ` +
        `${s.isolation.calmAsset.risk.supplyCap}`,
    ]);
  }
  iso.calmBorrowers = borrowers.map((b) => agentAddress(world.hre, `calm-borrower/${b.index}`));
  return openPositions(world, iso.calmPool, iso.calm, iso.calmBorrowers, borrowers, t);
}
