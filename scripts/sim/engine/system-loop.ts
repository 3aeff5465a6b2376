/**
 * The block loop of a system world (several assets or markets). The same steps as `loop.ts`, for every slice at
 * once: each asset's external market applies the forced and arbitrage flow of its own asset; agents act on their
 * slice's view; every receipt's events are decoded once and booked by the run's ledger (every market's pool is a
 * `pool`) and by the agent that sent it, whose liquidation records carry its slice's market and asset; every slice's
 * view is read after the block. The block record's flat fields are the first slice's prices and the system's totals;
 * `record.markets` holds each market's bad debt, liquidations, debt and collateral value.
 */
import { applyNetFlow, type ExternalMarketState } from "../external-market";
import { gwei, type Receipt } from "../chain";
import { Rng } from "../random";
import {
  HEALTH_BUCKETS,
  emptyBlockRecord,
  type BlockRecord,
  type LiquidationRecord,
  type MarketBlockRecord,
} from "../metrics";
import { BidBook } from "../bids";
import type { SystemSlice, World } from "../world/types";
import type { SimAgent } from "../../agents/types";
import { TX_METHODS, weiToDebt, type SentTx } from "../tx";
import type { View } from "../view";
import { FEED_DECIMALS } from "../world/types";
import { is, type EventDecoder } from "./events";
import { RunLedger, wonSomething } from "./records";
import type { SystemLineup } from "./system-setup";
import type { SystemObserver } from "./system-view";
import type { LoopOutput } from "./loop";
import type { ContagionRecorder } from "./system-contagion";

export interface SystemLoopInput {
  world: World;
  agents: SystemLineup;
  observer: SystemObserver;
  decoder: EventDecoder;
  /** Per asset, after block 0's (empty) flow. */
  external: ExternalMarketState[];
  views: View[];
  blockTime: (i: number) => number;
  onBlock?: (done: number, total: number) => void;
  /** Records contagion attribution's inputs (forced sales, applied flows, liquidations); none without. */
  contagion?: ContagionRecorder;
}

export interface SystemLoopOutput extends Omit<LoopOutput, "view" | "external"> {
  views: View[];
  external: ExternalMarketState[];
}

export async function runSystemBlocks(input: SystemLoopInput): Promise<SystemLoopOutput> {
  const { world, agents, observer, decoder, blockTime } = input;
  const s = world.scenario;
  const sys = world.system!;
  const t = sys.topology;
  const rng = new Rng(`${s.seed}/engine`);
  const byName = new Map(agents.all.map((a) => [a.name, a]));
  const poolMarket = new Map(sys.slices.map((sl) => [sl.world.addresses.pool.toLowerCase(), sl.market]));
  const auctionMarket = new Map(
    sys.slices
      .filter((sl) => sl.world.addresses.auctions)
      .map((sl) => [sl.world.addresses.auctions.toLowerCase(), sl.market]),
  );
  const marketOf = (address: string) => poolMarket.get(address) ?? auctionMarket.get(address) ?? t.markets[0].id;
  const blocks: BlockRecord[] = [];
  const liquidations: LiquidationRecord[] = [];
  const ledger = new RunLedger(marketOf);
  const recoveredBy = new Map<string, bigint>();
  const book = new BidBook();
  const failedOtherTxs: Record<string, number> = {};
  const profile: Record<string, number> = {};
  let pending: SentTx[] = [];
  let external = input.external;
  let views = input.views;
  let droppedKeeperTxs = 0;
  const sliceOf = (a: SimAgent) => agents.sliceOf.get(a) ?? 0;

  for (let i = 0; i < s.blocks; i++) {
    const timestamp = blockTime(i);
    const order = [...agents.fixed, ...shuffle([...agents.shuffled], rng)];
    const track = (sent: SentTx[]) => {
      for (const tx of sent) {
        const replaced = book.onSent(tx, i);
        if (replaced) pending = pending.filter((p) => p.hash !== replaced);
        pending.push(tx);
      }
    };
    for (const agent of order) {
      const k = sliceOf(agent);
      track(await agent.act(views[k], sys.slices[k].world, rng));
    }
    for (let round = 2; round <= s.chain.biddingRounds; round++) {
      for (const agent of order) {
        const k = sliceOf(agent);
        if (agent.rebid) track(await agent.rebid(views[k], sys.slices[k].world, round));
      }
    }
    await world.chain.mine(timestamp);

    const mined: { tx: SentTx; receipt: Receipt }[] = [];
    const still: SentTx[] = [];
    for (const tx of pending) {
      const receipt = await world.chain.receipt(tx.hash);
      if (receipt) mined.push({ tx, receipt });
      else if (tx.keeper) {
        await world.chain.send("hardhat_dropTransaction", [tx.hash]);
        droppedKeeperTxs += 1;
        book.onDropped(tx);
      } else still.push(tx);
    }
    pending = still;

    const record = emptyBlockRecord(i, timestamp, sys.paths[0][i], external[0].price);
    record.oracleStale = timestamp > views[sys.assetSlice[0]].oracleUpdatedAt + s.market.collateral.maxPriceAgeSeconds;
    const perMarket = new Map<string, number>(t.markets.map((m) => [m.id, 0]));
    const netFlow = t.assets.map(() => 0);
    const latest = await world.chain.latestBlock();
    const landedBefore = liquidations.length;
    for (const { tx, receipt } of mined) {
      const events = decoder.decode(receipt);
      ledger.add(events, i, record);
      for (const e of events) {
        if (is(e, "pool:Liquidation") || is(e, "auctions:Take")) {
          const m = marketOf(e.address);
          perMarket.set(m, perMarket.get(m)! + 1);
        } else if (is(e, "pool:AuctionSettled")) {
          const m = marketOf(e.address);
          recoveredBy.set(m, (recoveredBy.get(m) ?? 0n) + e.args.recovered);
        }
      }
      observer.noteEvents(events);
      const cost = receipt.gasUsed * receipt.effectiveGasPrice;
      const tip = receipt.gasUsed * (receipt.effectiveGasPrice - latest.baseFeePerGas);
      const gas = { gasUsed: receipt.gasUsed, gasCost: weiToDebt(cost, world), priorityFee: weiToDebt(tip, world) };
      if (tx.keeper) {
        if (receipt.status === 1) record.keeperGasUsed += receipt.gasUsed;
        else record.keeperGasFailed += receipt.gasUsed;
        record.keeperGasCost += gas.gasCost;
        record.priorityFeesPaid += gas.priorityFee;
      } else if (receipt.status !== 1) failedOtherTxs[tx.kind] = (failedOtherTxs[tx.kind] ?? 0) + 1;
      const agent: SimAgent | undefined = byName.get(tx.agent);
      const k = agent ? sliceOf(agent) : 0;
      const slice = sys.slices[k];
      const out =
        agent?.onMined?.(
          { tx, receipt, events },
          {
            world: slice.world,
            block: i,
            externalPrice: external[slice.assetIndex].price,
            market: slice.market,
            asset: slice.asset,
            gas,
            auctionBorrower: (id) => ledger.auctionBorrowers.get(id),
          },
        ) ?? {};
      if (out.liquidations) liquidations.push(...out.liquidations);
      record.collateralSold += out.collateralSold ?? 0n;
      record.keeperGrossProfit += out.grossProfit ?? 0n;
      if (out.externalFlow !== undefined) netFlow[slice.assetIndex] += out.externalFlow;
      input.contagion?.sale(i, slice, out.collateralSold ?? 0n, external[slice.assetIndex].price);
      const won = tx.keeper && wonSomething(events);
      book.onMined(
        tx,
        receipt,
        TX_METHODS[tx.kind],
        won,
        tx.keeper ? gas.gasCost : 0n,
        tx.keeper ? gas.priorityFee : 0n,
      );
    }
    input.contagion?.flows(i, netFlow);
    input.contagion?.liquidations(i, liquidations.slice(landedBefore), views);
    await observer.refreshChanged();
    const last = i + 1 >= s.blocks;
    const nextExternal = t.assets.map((a, k) =>
      last ? external[k] : applyNetFlow(a.externalMarket, external[k], sys.paths[k][i + 1], netFlow[k]),
    );
    if (s.chain.baseFee.mode === "fixed") await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
    const after = await observer.views(
      i + 1,
      blockTime(i + 1),
      nextExternal.map((e) => e.price),
    );
    // The flat prices are the first asset's (as `exogenousPrice` and `externalPrice`).
    const lead = after[sys.assetSlice[0]];
    record.ammPrice = lead.ammPrice;
    record.oraclePrice = lead.oraclePrice;
    for (const l of liquidations.slice(landedBefore)) {
      if (l.kind !== "auction-take") continue;
      const k = sys.slices.findIndex((sl) => sl.market === l.market && sl.asset === l.asset);
      l.oraclePrice = after[Math.max(0, k)].oraclePrice;
    }
    record.positionsAtRisk = bucket(after, sys.slices);
    record.markets = {};
    let badDebt = 0n;
    for (const [j, m] of t.markets.entries()) {
      const market = world.markets[j];
      const totals = await market.pool.totals();
      const net = totals[4] - (recoveredBy.get(m.id) ?? 0n);
      badDebt += net;
      record.markets[m.id] = {
        badDebt: net,
        liquidations: perMarket.get(m.id)!,
        debt: totals[1],
        collateralValue: collateralValue(world, j, after),
        supplied: totals[0],
        cash: totals[0] > totals[1] + totals[3] ? totals[0] - totals[1] - totals[3] : 0n,
      } satisfies MarketBlockRecord;
    }
    record.totalBadDebt = badDebt;
    if (world.breaker) record.breakerTripped = await world.breaker.isTripped();
    record.liquidationThreshold = lead.liquidationThreshold;
    record.ltv = lead.ltv;
    blocks.push(record);
    external = nextExternal;
    views = after;
    input.onBlock?.(i + 1, s.blocks);
  }
  return { blocks, liquidations, ledger, book, views, external, droppedKeeperTxs, failedOtherTxs, profile };
}

/** Σ collateral held in market `j` at its oracle prices, debt base units (from the slices' views). */
function collateralValue(world: World, j: number, views: readonly View[]): bigint {
  const sys = world.system!;
  let value = 0n;
  sys.slices.forEach((sl, i) => {
    if (!sl.listed || sl.marketIndex !== j) return;
    const priceWad = BigInt(Math.round(views[i].oraclePrice * 10 ** FEED_DECIMALS)) * 10n ** BigInt(18 - FEED_DECIMALS);
    let held = 0n;
    for (const p of views[i].positions.values()) held += p.collateral;
    value +=
      (held * priceWad * 10n ** BigInt(world.debtDecimals)) / (10n ** BigInt(sl.world.collateralDecimals) * 10n ** 18n);
  });
  return value;
}

/** Open positions per health bucket, each (market, account) counted once. */
function bucket(views: readonly View[], slices: readonly SystemSlice[]): number[] {
  const counts: number[] = HEALTH_BUCKETS.map(() => 0);
  const seen = new Set<string>();
  views.forEach((view, v) => {
    if (!slices[v].listed) return;
    for (const [b, p] of view.positions) {
      const key = `${slices[v].marketIndex}:${b}`;
      if (p.debt === 0n || seen.has(key)) continue;
      seen.add(key);
      const i = HEALTH_BUCKETS.findIndex((x) => p.health < x);
      if (i >= 0) counts[i]++;
    }
  });
  return counts;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
