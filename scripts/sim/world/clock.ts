/**
 * Starting the simulated clock: from here on every block is mined at an explicit timestamp with automine off, so the
 * same scenario and seed give the same numbers.
 */
import { ScenarioError } from "../scenario";
import { fromFixedUnits, toFixedUnits } from "../wad";
import type { Borrower } from "../population";
import { agentAddress } from "./accounts";
import { mineChecked, openPositions } from "./open-positions";
import { FEED_DECIMALS, type World } from "./types";

/** The grid a run's start moves along when the chain is already past `startAt` (seconds: 11.6 days). */
export const CLOCK_GRID_SECONDS = 1_000_000;

/**
 * The first simulated timestamp: `startAt`, or when the chain is already past it (a network reused after an earlier
 * run), the next point of a coarse grid above `startAt`. Deploy blocks are automined at wall-clock-offset
 * timestamps, so `latest` differs by the seconds a deployment took; the grid makes two identical runs from the same
 * network state start at the same timestamp (unless a deployment straddles a grid point 11.6 days apart).
 */
export function clockStart(latest: number, startAt: number): number {
  if (latest < startAt) return startAt;
  return startAt + Math.ceil((latest + 1 - startAt) / CLOCK_GRID_SECONDS) * CLOCK_GRID_SECONDS;
}

/**
 * Starts the simulated clock at `clockStart(latest, startAt)` with automine off: seeds the TWAP (if any), publishes
 * the first oracle answer and waits out its latency, then opens the borrower population. Every block from here on
 * has an explicit timestamp, so the same scenario and seed give the same numbers.
 * Borrowers authorise the opener (one small transaction each, all in one block), then the opener deposits and
 * borrows for them in batches.
 */
export async function startClock(
  world: World,
  borrowers: readonly Borrower[],
  initialPrice: number,
  startAt: number,
): Promise<number> {
  const { hre, chain, scenario: s } = world;
  await chain.setAutomine(false);
  let t = clockStart((await chain.latestBlock()).timestamp, startAt);
  await chain.mine(t);
  const pin = { gasLimit: 300_000 };
  if (world.twap) {
    const window = Math.max(60, s.oracle.twapWindowSeconds);
    await chain.mine((t += 1));
    const tx1 = await world.twap.update(pin);
    await mineChecked(chain, (t += 1), [tx1.hash], "twap");
    const tx2 = await world.twap.update(pin);
    await mineChecked(chain, (t += window + 1), [tx2.hash], "twap");
  }
  const submit = await world.feed
    .connect(world.oracleUpdater.signer)
    .submit(toFixedUnits(initialPrice, FEED_DECIMALS), t, pin);
  await mineChecked(chain, (t += 1), [submit.hash], "oracle");
  t += s.oracle.latencySeconds;
  for (let i = 0; i <= s.oracle.latencyBlocks; i++) await chain.mine((t += 1));
  if (world.boundedFeed) {
    // The floor guard serves only rounds it has recorded: record the first answer before anyone reads it.
    const recorded = await world.boundedFeed.record(pin);
    await mineChecked(chain, (t += 1), [recorded.hash], "floor guard");
  }

  // A population the market cannot hold would fail mid-setup: say which field to change instead.
  const totalDebt = borrowers.reduce((a, b) => a + b.debt, 0n);
  const totalCollateral = borrowers.reduce((a, b) => a + b.collateral, 0n);
  const supplied = toFixedUnits(s.market.lenderSupply, world.debtDecimals);
  const cap = toFixedUnits(s.market.collateral.supplyCap, world.collateralDecimals);
  if (totalDebt > supplied) {
    throw new ScenarioError("scenario", [
      `market.lenderSupply: the ${borrowers.length} borrowers borrow ${fromFixedUnits(totalDebt, world.debtDecimals)} ` +
        `debt tokens, more than the ${s.market.lenderSupply} lenders supply (raise it, or lower borrowers.count/size)`,
    ]);
  }
  if (totalCollateral > cap) {
    throw new ScenarioError("scenario", [
      `market.collateral.supplyCap: the borrowers deposit ${fromFixedUnits(totalCollateral, world.collateralDecimals)} ` +
        `collateral tokens, more than the cap of ${s.market.collateral.supplyCap}`,
    ]);
  }
  world.borrowers = borrowers.map((b) => agentAddress(hre, `borrower/${b.index}`));
  t = await openPositions(world, world.lab, world.collateral, world.borrowers, borrowers, t);
  return t;
}
