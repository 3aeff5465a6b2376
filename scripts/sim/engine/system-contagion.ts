/**
 * Contagion attribution's inputs from a system run (`SystemInput.contagion`, docs/measures-system.md), recorded by
 * the block loop (`loop.ts`):
 * - forced sales: every keeper sale of seized collateral (`collateralSold` of a mined transaction) valued at its
 *   asset's external price, under the market and asset of the keeper's slice, at flow index block + 1 (the engine
 *   applies a block's net flow in the next block);
 * - each asset's external market: its parameters, exogenous path, and as `otherFlow` the run's applied net flow less
 *   the forced sales at the same index (so the split's total is the flow the run applied; keepers sell on the AMM and
 *   the arbitrageur carries the flow to the external market, which this approximates as the sale's value);
 * - each liquidation: the borrower's basket in its market at the start of the block it landed in (from the slices'
 *   views), the debt repaid, and per held asset the oracle price (WAD) with the block the answer observed
 *   (`(updatedAt − latencySeconds − blockTime − start) ÷ blockTime`, the updater observing the block before it submits,
 *   clamped to [0, block]). Auction takes of a position already seized (no debt at the block's start) are left out.
 */
import type { LiquidationRecord } from "../metrics";
import type { ForcedSale, SystemInput } from "../../measures/system-run";
import type { LiquidationEvent } from "../../measures/contagion";
import type { View } from "../view";
import type { SystemSlice, World } from "../world/types";
import { FEED_DECIMALS } from "../world/types";
import { fromFixedUnits } from "../wad";

type ContagionInput = NonNullable<SystemInput["contagion"]>;

/** A view's float oracle price as the WAD its feed answer gives (FEED_DECIMALS digits). */
export const oracleWad = (price: number): bigint =>
  BigInt(Math.round(price * 10 ** FEED_DECIMALS)) * 10n ** BigInt(18 - FEED_DECIMALS);

export class ContagionRecorder {
  private readonly sales: ForcedSale[] = [];
  private readonly events: LiquidationEvent[] = [];
  /** Per asset, the net flow applied at each index. */
  private readonly applied: number[][];

  constructor(private readonly world: World) {
    const sys = world.system!;
    this.applied = sys.topology.assets.map(() => new Array<number>(world.scenario.blocks).fill(0));
  }

  /** A mined transaction of `slice`'s agent in block `block` sold `sold` collateral base units. */
  sale(block: number, slice: SystemSlice, sold: bigint, externalPrice: number): void {
    if (sold <= 0n || block + 1 >= this.world.scenario.blocks) return;
    const value = fromFixedUnits(sold, slice.world.collateralDecimals) * externalPrice;
    this.sales.push({ block: block + 1, market: slice.market, asset: slice.asset, value });
  }

  /** Block `block`'s net flow per asset (applied at index block + 1). */
  flows(block: number, netFlow: readonly number[]): void {
    if (block + 1 >= this.world.scenario.blocks) return;
    netFlow.forEach((f, k) => (this.applied[k][block + 1] = f));
  }

  /** The liquidations landed in block `block`, with `views` the slices' views at the block's start. */
  liquidations(block: number, landed: readonly LiquidationRecord[], views: readonly View[]): void {
    const sys = this.world.system!;
    for (const l of landed) {
      const j = sys.topology.markets.findIndex((m) => m.id === l.market);
      let debt = 0n;
      const collateral: Record<string, bigint> = {};
      const oracle: LiquidationEvent["oracle"] & Record<string, unknown> = {};
      sys.slices.forEach((s, k) => {
        if (!s.listed || s.marketIndex !== j) return;
        const p = views[k].positions.get(l.borrower);
        if (!p) return;
        if (p.debt > debt) debt = p.debt;
        if (p.collateral === 0n) return;
        collateral[s.asset] = p.collateral;
        oracle[s.asset] = {
          priceWad: oracleWad(views[k].oraclePrice),
          observedBlock: this.observed(block, s, views[k]),
        };
      });
      if (debt === 0n) continue;
      this.events.push({
        block,
        market: l.market,
        repaid: l.debtRepaid,
        position: { account: l.borrower, debt, collateral },
        oracle,
      });
    }
  }

  /** The run block whose external price the answer in `view` observed. */
  private observed(block: number, slice: SystemSlice, view: View): number {
    const sys = this.world.system!;
    const bt = this.world.scenario.chain.blockTimeSeconds;
    const latency = sys.topology.assets[slice.assetIndex].oracle.latencySeconds;
    const j = Math.floor((view.oracleUpdatedAt - latency - bt - this.world.startTime) / bt);
    return Math.min(block, Math.max(0, j));
  }

  /** The contagion input of the run (`paths`: each asset's exogenous price per block). */
  input(paths: readonly (readonly number[])[]): ContagionInput {
    const t = this.world.system!.topology;
    const external = t.assets.map((a, k) => {
      const otherFlow = [...this.applied[k]];
      for (const s of this.sales) if (s.asset === a.id) otherFlow[s.block] -= s.value;
      return { asset: a.id, params: a.externalMarket, path: paths[k], otherFlow };
    });
    return { sales: this.sales, external, events: this.events };
  }
}
