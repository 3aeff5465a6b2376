/**
 * A second, calm collateral beside the crashing one (`isolation` in the scenario), to measure contagion between
 * lenders. The engine stays single-collateral: the crashing asset is `world.collateral`, with its AMM, path, feed,
 * keepers and borrowers as always. This module adds the calm asset, its feed (kept fresh by its own updater), its
 * borrowers and its lenders:
 * - shared: the calm asset is a second collateral of `world.pool` and the calm lenders supply there;
 * - isolated: a second LendingPool with the same config lists only the calm asset and the calm lenders supply there.
 * Calm borrowers stay out of `world.borrowers` (the keepers' mirror is single-collateral); a calm position that
 * becomes liquidatable stops the run, since nobody would liquidate it.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { LaggedPriceFeed, LenderExit, LendingPool, MockERC20, RiskLens } from "../../typechain-types";
import type { Chain } from "./chain";
import { gwei } from "./chain";
import { ScenarioError, type Scenario } from "./scenario";
import { fromFixedUnits, toFixedUnits, toWad } from "./wad";
import { generateBorrowers } from "./population";
import { gbmPath } from "./paths";
import { Rng } from "./random";
import {
  FEED_DECIMALS,
  agentAddress,
  makeAgent,
  marketArgs,
  mineChecked,
  openPositions,
  type Agent,
  type World,
} from "./world";
import type { EndWithdrawals, LenderGroupState, LendersRecord, WithdrawalAttempt } from "./isolation-metrics";
import type { SentTx, SimAgent, View } from "../agents/types";

const MAX_UINT = 2n ** 256n - 1n;

export interface IsolationWorld {
  mode: "shared" | "isolated";
  calm: MockERC20;
  calmFeed: LaggedPriceFeed;
  /** The market the calm lenders supply to: `world.pool` when shared, a second market when isolated. */
  calmPool: LendingPool;
  calmUpdater: Agent;
  calmLender: Agent;
  /** The crash lenders: the deployer, who supplies `market.lenderSupply` to `world.pool`. */
  crashLender: Agent;
  calmBorrowers: string[];
  calmDecimals: number;
  exit: LenderExit;
  lens: RiskLens;
}

/** Deploys the calm asset, its feed and (isolated) its market, and supplies the calm lenders' funds (automine on). */
export async function deployIsolation(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  s: Scenario,
  o: { deployer: Agent; pool: LendingPool; debt: MockERC20; debtDecimals: number; lens: string },
): Promise<IsolationWorld> {
  const { ethers } = hre;
  const iso = s.isolation;
  if (iso.mode === "off") throw new Error("deployIsolation: isolation.mode is off");
  const admin = o.deployer.signer;
  const deploy = async <T>(name: string, args: unknown[]) => (await ethers.deployContract(name, args, admin)) as T;
  const a = iso.calmAsset;
  const calm = await deploy<MockERC20>("MockERC20", [a.symbol, a.symbol, a.decimals]);
  const calmUpdater = await makeAgent(hre, chain, "calm-oracle-updater");
  const calmFeed = await deploy<LaggedPriceFeed>("LaggedPriceFeed", [
    FEED_DECIMALS,
    `${a.symbol} / ${s.tokens.debt.symbol}`,
    o.deployer.address,
    calmUpdater.address,
    s.oracle.latencySeconds,
    s.oracle.latencyBlocks,
  ]);
  const calmPool =
    iso.mode === "shared"
      ? o.pool
      : await deploy<LendingPool>("LendingPool", [
          await o.debt.getAddress(),
          o.deployer.address,
          ...marketArgs(s), // the crash market's config
        ]);
  const r = a.risk;
  await calmPool.listCollateral(await calm.getAddress(), {
    feed: await calmFeed.getAddress(),
    maxPriceAge: r.maxPriceAgeSeconds,
    ltv: toWad(r.ltv),
    liquidationThreshold: toWad(r.liquidationThreshold),
    liquidationBonusBps: r.liquidationBonusBps,
    supplyCap: toFixedUnits(r.supplyCap, a.decimals),
  });
  const exit = await deploy<LenderExit>("LenderExit", []);
  const calmLender = await makeAgent(hre, chain, "lender/calm");
  const supply = toFixedUnits(iso.calmLenderSupply, o.debtDecimals);
  await o.debt.mint(calmLender.address, supply);
  await o.debt.connect(calmLender.signer).approve(await calmPool.getAddress(), supply);
  await calmPool.connect(calmLender.signer).supply(supply, calmLender.address);
  // Both lender groups let the exit helper withdraw for them at the end of the run.
  await calmPool.connect(calmLender.signer).setAuthorization(await exit.getAddress(), true);
  await o.pool.connect(admin).setAuthorization(await exit.getAddress(), true);
  return {
    mode: iso.mode,
    calm,
    calmFeed,
    calmPool,
    calmUpdater,
    calmLender,
    crashLender: o.deployer,
    calmBorrowers: [],
    calmDecimals: a.decimals,
    exit,
    lens: (await ethers.getContractAt("RiskLens", o.lens)) as unknown as RiskLens,
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

/** The calm asset's exogenous price per block: a driftless GBM from its start price (flat at zero volatility). */
export function calmPath(s: Scenario): number[] {
  const a = s.isolation.calmAsset;
  return gbmPath(
    {
      initialPrice: a.price,
      driftPerYear: 0,
      volatilityPerYear: a.volatilityPerYear,
      blockTimeSeconds: s.chain.blockTimeSeconds,
    },
    s.blocks,
    new Rng(`${s.seed}/calm-path`),
  );
}

/** Keeps the calm feed fresh: submits on the oracle's deviation threshold or heartbeat, as the main updater does. */
export class CalmOracleUpdater implements SimAgent {
  readonly name = "calm-oracle-updater";
  readonly keeper = false;
  private lastAnswer: number;
  private lastSubmitTime: number;

  constructor(
    private readonly path: readonly number[],
    startTime: number,
  ) {
    this.lastAnswer = path[0];
    this.lastSubmitTime = startTime;
  }

  async act(view: View, world: World): Promise<SentTx[]> {
    const o = world.scenario.oracle;
    const iso = world.isolation!;
    const price = this.path[Math.min(view.block, this.path.length - 1)];
    const deviationBps = (Math.abs(price - this.lastAnswer) / this.lastAnswer) * 10_000;
    if (deviationBps < o.deviationThresholdBps && view.timestamp - this.lastSubmitTime < o.heartbeatSeconds) return [];
    const tip = gwei(2);
    const tx = await iso.calmFeed
      .connect(iso.calmUpdater.signer)
      .submit(toFixedUnits(price, FEED_DECIMALS), view.timestamp - world.scenario.chain.blockTimeSeconds, {
        gasLimit: 150_000,
        maxPriorityFeePerGas: tip,
        maxFeePerGas: view.baseFee * 2n + tip,
      });
    this.lastAnswer = price;
    this.lastSubmitTime = view.timestamp;
    return [{ hash: tx.hash, agent: this.name, kind: "oracle", keeper: false, sentBlock: view.block }];
  }
}

async function groupState(pool: LendingPool, account: string, deposit: bigint): Promise<LenderGroupState> {
  const [supplied, borrowed, , inAuction] = await pool.totals();
  const owedOut = borrowed + inAuction;
  return {
    deposit,
    claim: await pool.suppliedOf(account),
    cash: supplied > owedOut ? supplied - owedOut : 0n,
    marketSupplied: supplied,
  };
}

/**
 * Both lender groups at the end of the latest block, and the calm borrowers' lowest health factor. Throws if a calm
 * position has become liquidatable: no keeper watches calm positions, so the run would go on wrongly.
 */
export async function readLenders(world: World): Promise<LendersRecord> {
  const iso = world.isolation!;
  const s = world.scenario;
  const d = (n: number) => toFixedUnits(n, world.debtDecimals);
  const calm = await groupState(iso.calmPool, iso.calmLender.address, d(s.isolation.calmLenderSupply));
  const crash = await groupState(world.pool, iso.crashLender.address, d(s.market.lenderSupply));
  let calmMinHealth = Infinity;
  if (iso.calmBorrowers.length) {
    const hf = await iso.lens.healthFactors(await iso.calmPool.getAddress(), iso.calmBorrowers);
    for (const [i, h] of hf.entries()) {
      if (h === MAX_UINT) continue;
      const health = fromFixedUnits(h, 18);
      if (health < 1) {
        throw new Error(
          `isolation: calm borrower ${iso.calmBorrowers[i]} fell to health ${health.toFixed(4)}; calm positions ` +
            `are not watched by keepers (lower isolation.calmAsset.volatilityPerYear or raise the calm borrowers' health)`,
        );
      }
      calmMinHealth = Math.min(calmMinHealth, health);
    }
  }
  return { calm, crash, calmMinHealth };
}

/**
 * Bad debt still in the crash market's book at the end: Σ max(0, debt − collateral value at the oracle price) over
 * the crash borrowers. Positions nobody liquidated (too big for the AMM to absorb at a profit, say) are not written
 * off, so the lenders' claims still count them at face value.
 */
export async function unrealizedBadDebt(world: World): Promise<bigint> {
  const iso = world.isolation!;
  let total = 0n;
  const BATCH = 200;
  for (let i = 0; i < world.borrowers.length; i += BATCH) {
    const states = await iso.lens.accountStates(world.addresses.pool, world.borrowers.slice(i, i + BATCH));
    for (const st of states) if (st.debt > st.collateralValue) total += st.debt - st.collateralValue;
  }
  return total;
}

/** Mines `LenderExit.exit(pool, lender)` at `timestamp` and reads what was asked and paid from its event. */
async function exitAt(world: World, pool: LendingPool, lender: string, timestamp: number): Promise<WithdrawalAttempt> {
  const iso = world.isolation!;
  const tx = await iso.exit.connect(world.deployer.signer).exit(await pool.getAddress(), lender, { gasLimit: 500_000 });
  await mineChecked(world.chain, timestamp, [tx.hash], "lender exit");
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const e = iso.exit.interface.parseLog(log);
    if (e?.name === "Exited") return { asked: e.args[2] as bigint, received: e.args[3] as bigint };
  }
  throw new Error("lender exit: no Exited event");
}

/**
 * The end-of-run withdrawal attempts (automine off; blocks at explicit timestamps after `lastTime`): the calm
 * lender asks for its whole claim alone (then the chain is reverted), and again after the crash lenders have
 * withdrawn all they could (a run on the market). The chain is left as the run left it.
 */
export async function endWithdrawals(world: World, lastTime: number): Promise<EndWithdrawals> {
  const iso = world.isolation!;
  const dt = world.scenario.chain.blockTimeSeconds;
  const calm = iso.calmLender.address;
  const snapshot = await world.chain.send<string>("evm_snapshot");
  const calmFirst = await exitAt(world, iso.calmPool, calm, lastTime + dt);
  await world.chain.send("evm_revert", [snapshot]);
  const again = await world.chain.send<string>("evm_snapshot");
  const crashRunCrashLenders = await exitAt(world, world.pool, iso.crashLender.address, lastTime + dt);
  const crashRun = await exitAt(world, iso.calmPool, calm, lastTime + 2 * dt);
  await world.chain.send("evm_revert", [again]);
  return { calmFirst, crashRun, crashRunCrashLenders };
}
