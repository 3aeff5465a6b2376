/**
 * What the lenders of a two-collateral world (`isolation` in the scenario) own and can take out: both lender groups
 * read every block, the crash market's unrealized bad debt and the end-of-run withdrawal attempts (read by the
 * `lender-watch` agent, `agents/lender-watch.ts`). The calm asset, its market and its borrowers are built by
 * `world/isolation.ts`; its feed is kept fresh by `agents/calm-oracle-updater.ts`.
 */
import type { LendingPool } from "../../typechain-types";
import { fromFixedUnits, toFixedUnits } from "./wad";
import { mineChecked } from "./world/open-positions";
import type { World } from "./world/types";
import type { EndWithdrawals, LenderGroupState, LendersRecord, WithdrawalAttempt } from "./isolation-metrics";

const MAX_UINT = 2n ** 256n - 1n;

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
