/** The watch over both lender groups of a two-collateral world (`isolation.mode` shared or isolated). */
import type { World } from "../sim/world/types";
import type { BlockRecord, RunSummary } from "../sim/metrics";
import { endWithdrawals, readLenders, unrealizedBadDebt } from "../sim/isolation";
import { summarizeIsolation, type EndWithdrawals } from "../sim/isolation-metrics";
import type { SentTx, SimAgent } from "./types";

/**
 * Watches both lender groups (it sends nothing): their state after every block (`BlockRecord.lenders`), the
 * withdrawal attempts after the last block, and the run's `isolation` summary.
 */
export class LenderWatch implements SimAgent {
  readonly name = "lender-watch";
  readonly keeper = false;
  private withdrawals: EndWithdrawals | null = null;

  async act(): Promise<SentTx[]> {
    return [];
  }

  async afterBlock(world: World, record: BlockRecord): Promise<void> {
    record.lenders = await readLenders(world);
  }

  async afterRun(world: World, lastBlockTime: number): Promise<void> {
    this.withdrawals = await endWithdrawals(world, lastBlockTime);
  }

  async summarize(world: World, summary: RunSummary, blocks: readonly BlockRecord[]): Promise<void> {
    const iso = world.isolation;
    if (!iso || !this.withdrawals) return;
    summary.isolation = summarizeIsolation(
      iso.mode,
      blocks.map((b) => b.lenders!),
      {
        crash: (await world.pool.totals())[4],
        crashUnrealized: await unrealizedBadDebt(world),
        calmMarket: (await iso.calmPool.totals())[4],
      },
      this.withdrawals,
    );
  }
}
