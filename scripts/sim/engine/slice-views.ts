/**
 * The views of a run's slices (`slices.ts`): one observer (`observe.ts`) per slice (market, collateral); a
 * single-asset world has one. In a market of several collaterals a position's health counts every collateral it holds
 * there (each at its own feed and threshold), and a liquidatable position is offered to one slice only: the collateral
 * a liquidator earns most on (a maximal seizure of it, sold into that asset's AMM at its reserves; the first listed on
 * a tie; never an asset without an AMM). The next block, what is left is offered again.
 */
import { Observer, type SliceMark } from "../observe";
import type { View } from "../view";
import type { SystemSlice } from "../world/types";
import type { DecodedEvent } from "./events";
import type { LabTotals } from "../../adapters/lab/adapter";

export class SliceObserver {
  readonly observers: Observer[];
  private marks: SliceMark[] = [];
  /** Whether some market lists several collaterals (its slices weigh each other's marks, read by `prepare`). */
  private readonly weighed: boolean;

  constructor(private readonly slices: readonly SystemSlice[]) {
    let weighed = false;
    this.observers = slices.map((slice, i) => {
      const siblings = slices
        .map((s, j) => ({ s, j }))
        .filter(({ s }) => s.listed && s.marketIndex === slice.marketIndex);
      if (!slice.listed || siblings.length < 2) return new Observer(slice.world);
      weighed = true;
      const dec = (s: SystemSlice) => s.world.collateralDecimals;
      return new Observer(slice.world, {
        others: (b) => {
          let sum = 0;
          for (const { s, j } of siblings) {
            if (j === i) continue;
            const m = this.marks[j];
            sum += Number(this.observers[j].collateralOf(b)) * m.price * m.threshold * 10 ** (dec(slice) - dec(s));
          }
          return sum;
        },
        owns: (b, health) => {
          // The collateral a liquidator earns most on: a maximal seizure of each, sold into that asset's AMM.
          const held = siblings.map(({ s, j }) => ({
            j,
            tokens: Number(this.observers[j].collateralOf(b)) / 10 ** dec(s),
          }));
          const debt =
            held.reduce((a, { j, tokens }) => a + tokens * this.marks[j].price * this.marks[j].threshold, 0) / health;
          let best = -1;
          let bestProfit = -Infinity;
          for (const { j, tokens } of held) {
            const m = this.marks[j];
            if (tokens <= 0 || m.reserves.collateral <= 0) continue; // none held, or no AMM to sell it into
            const sc = slices[j].world.scenario;
            const repay = Math.min(debt * sc.market.closeFactor, (tokens * m.price) / (1 + m.bonus));
            const seized = (repay * (1 + m.bonus)) / m.price;
            const g = 1 - sc.amm.feeBps / 10_000;
            const proceeds = (m.reserves.debt * seized * g) / (m.reserves.collateral + seized * g);
            if (proceeds - repay > bestProfit) [best, bestProfit] = [j, proceeds - repay];
          }
          return best === i;
        },
      });
    });
    this.weighed = weighed;
  }

  async init(): Promise<void> {
    for (const o of this.observers) await o.init();
  }

  /**
   * Notes the accounts each market's events named (events of its pool only; a world of one slice notes every pool
   * event, as a legacy isolated world's second pool shares its borrowers' view).
   */
  noteEvents(events: readonly DecodedEvent[]): void {
    if (this.slices.length === 1) return this.observers[0].noteEvents(events);
    this.slices.forEach((s, i) => {
      const pool = s.world.addresses.pool.toLowerCase();
      this.observers[i].noteEvents(events.filter((e) => e.address === pool));
    });
  }

  /** Reads the wallets of each slice's agents (`wallets[k]`: slice k's) with every block's reads (`view.balance`). */
  watchWallets(wallets: ReadonlyMap<number, readonly string[]>): void {
    for (const [k, accounts] of wallets) this.observers[k].watchWallets(accounts);
  }

  /** The totals of the lab pool at `pool` as this block's views read them (null: none of them read that pool). */
  totalsRead(pool: string): LabTotals | null {
    for (const o of this.observers) {
      const t = o.totalsRead(pool);
      if (t) return t;
    }
    return null;
  }

  /**
   * Re-reads the positions the block's events named: with the next views' reads, or at once in a market of several
   * collaterals (its slices' views weigh each other's collateral, `collateralOf`).
   */
  async refreshChanged(): Promise<void> {
    for (const o of this.observers) await o.refreshChanged(this.weighed);
  }

  /** Every slice's view before block `block`; `external[k]` is asset k's external price. */
  async views(block: number, timestamp: number, external: readonly number[]): Promise<View[]> {
    this.marks = [];
    if (this.weighed) for (const o of this.observers) this.marks.push(await o.prepare());
    const out: View[] = [];
    for (const [i, s] of this.slices.entries())
      out.push(await this.observers[i].view(block, timestamp, external[s.assetIndex]));
    return out;
  }

  /** First block each (market, account) was seen liquidatable, keyed `market:account`. */
  firstLiquidatableBlocks(): Map<string, number> {
    const out = new Map<string, number>();
    this.slices.forEach((s, i) => {
      for (const [b, first] of this.observers[i].firstLiquidatableBlocks()) {
        const key = `${s.market}:${b}`;
        if (!out.has(key) || out.get(key)! > first) out.set(key, first);
      }
    });
    return out;
  }
}
