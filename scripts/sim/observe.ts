/**
 * What every agent can read at the start of a block: prices, reserves, positions (kept current from the market's
 * events, as an indexing bot would), auctions and the oracle's pending answer. One shared cache of chain reads, so
 * that N agents do not repeat the same calls; it holds nothing the chain does not show.
 */
import type { World } from "./world/types";
import { FEED_DECIMALS } from "./world/types";
import { fromFixedUnits, toWad } from "./wad";
import type { AuctionState, PositionState, View } from "./view";
import { previewMaxLiquidation, type MarketRules } from "./market-math";
import { poolAccounts, type DecodedEvent } from "./engine/events";
import type { MarketAdapter } from "../adapters/market-adapter";
import type { LabCollateralConfig, LabTotals } from "../adapters/lab/adapter";
import { MaxUint256 } from "ethers";
import { checkNativeMemory } from "./native-memory";
import { ReadBatch } from "./read-batch";

const VIRTUAL_SHARES = 10n ** 6n;
/** Liquidatable borrowers (largest debt first) whose liquidation previews are read in one batch per block. */
const PREVIEW_BATCH = 16;
/**
 * Positions per `RiskLens.rawPositions` call when the observer reads many (the first read of every position, and a
 * block's re-reads of the positions it changed). The network records every executed instruction of a call and holds
 * that trace until the response is collected, so large calls hold a lot of memory: the bench's call-size curve
 * (scripts/bench/lens-scan.ts, docs/BENCHMARKS.md "Keeper scan") stays small up to 200 per call. With 500 per call
 * the 5,000-borrower bench run peaked at 3.19 GB; with 200, 1.58 GB.
 */
const READ_CALL_POSITIONS = 200;

/**
 * In a market with several collaterals, each (market, collateral) slice has its own observer; these tell it what the
 * position's other collaterals count for and which liquidatable positions are its to offer (`engine/slice-views.ts`).
 */
export interface SliceOptions {
  /** The rest of the position's liquidation limit, in this collateral's base units × price (as `c × price × lt`). */
  others: (borrower: string) => number;
  /** Whether a liquidatable position is offered to this slice's agents (the collateral keepers seize first). */
  owns: (borrower: string, health: number) => boolean;
}

/** A slice's market state at the start of a block, as `prepare` reads it (prices in debt tokens per token). */
export interface SliceMark {
  price: number;
  threshold: number;
  bonus: number;
  reserves: { collateral: number; debt: number };
}

export class Observer {
  private collateral = new Map<string, bigint>();
  private shares = new Map<string, bigint>();
  private readonly firstLiquidatable = new Map<string, number>();
  /** The accounts it follows (`world.borrowers` when `init` ran), and those the block's events named. */
  private followed = new Set<string>();
  private changed = new Set<string>();
  /** Agents' wallets whose token balances every lab view reads with its other reads (`watchWallets`). */
  private wallets: string[] = [];
  /** The market's totals as the last lab view read them (`totalsRead`). */
  private lastTotals: { pool: string; totals: LabTotals } | null = null;

  constructor(
    private readonly world: World,
    private readonly slice: SliceOptions | null = null,
  ) {}

  /** Collateral (base units) of `account` as last read. */
  collateralOf(account: string): bigint {
    return this.collateral.get(account) ?? 0n;
  }

  /** The answer and the collateral config read ahead of `view` (so that sibling slices can use them first). */
  private prepared: {
    answer: bigint;
    updatedAt: bigint;
    config: LabCollateralConfig;
  } | null = null;

  /**
   * Reads the feed's answer and the collateral's config for the next `view`; returns the price, the threshold and
   * the bonus (ratios) and the AMM's reserves (collateral and debt tokens), which sibling slices weigh.
   */
  async prepare(): Promise<SliceMark> {
    const w = this.world;
    const [, answer, , updatedAt] = await w.marketFeed.latestRoundData();
    const config = await w.lab.collateralConfig(w.addresses.collateral);
    this.prepared = { answer, updatedAt, config };
    // An asset with no AMM (system worlds) has nothing to sell into: zero reserves.
    const [r0, r1] = w.amm ? await w.amm.getReserves() : [0n, 0n];
    const collateralIs0 = w.addresses.collateral.toLowerCase() < w.addresses.debt.toLowerCase();
    return {
      price: fromFixedUnits(answer, FEED_DECIMALS),
      threshold: fromFixedUnits(config.liquidationThreshold, 18),
      bonus: Number(config.liquidationBonusBps) / 10_000,
      reserves: {
        collateral: fromFixedUnits(collateralIs0 ? r0 : r1, w.collateralDecimals),
        debt: fromFixedUnits(collateralIs0 ? r1 : r0, w.debtDecimals),
      },
    };
  }

  /** Reads the collateral and debt token balances of `accounts` with each block's reads (`view.balance`). */
  watchWallets(accounts: Iterable<string>): void {
    this.wallets = [...new Set([...this.wallets, ...accounts])];
  }

  /** The totals of the pool at `pool` as the last view read them (after the previous block), if it read them. */
  totalsRead(pool: string): LabTotals | null {
    return this.lastTotals?.pool === pool.toLowerCase() ? this.lastTotals.totals : null;
  }

  /** Reads every borrower's collateral and debt shares once; from then on it follows them. */
  async init(): Promise<void> {
    this.followed = new Set(this.world.borrowers);
    await this.refresh(this.world.borrowers);
  }

  /**
   * Notes the positions a mined transaction changed: every followed account the market's events name (borrower,
   * `onBehalf`, liquidator, …), whoever sent it. `refreshChanged` re-reads them after the block.
   */
  noteEvents(events: readonly DecodedEvent[]): void {
    for (const account of poolAccounts(events)) if (this.followed.has(account)) this.changed.add(account);
  }

  /**
   * Re-reads the positions the block's events named (`noteEvents`). With `now` false, a lab market's next view reads
   * them with its other reads instead (one call fewer a block; a block that named more than one call's worth is
   * read at once); `now` when something reads them (`collateralOf`) before that view.
   */
  async refreshChanged(now = true): Promise<void> {
    if (!now && this.world.market.protocol === "lab" && this.changed.size <= READ_CALL_POSITIONS) return;
    const accounts = this.changed;
    this.changed = new Set();
    await this.refresh(accounts);
  }

  /** Re-reads the positions of `accounts`. */
  async refresh(accounts: Iterable<string>): Promise<void> {
    if (this.world.market.protocol !== "lab") return; // another protocol: `adapterView` reads every position afresh
    const { lens } = this.world;
    const pool = this.world.addresses.pool;
    const asset = this.world.addresses.collateral;
    const list = [...new Set(accounts)];
    for (let i = 0; i < list.length; i += READ_CALL_POSITIONS) {
      const slice = list.slice(i, i + READ_CALL_POSITIONS);
      const [collateral, shares] = await lens.rawPositions(pool, asset, slice);
      slice.forEach((a, j) => {
        this.collateral.set(a, collateral[j]);
        this.shares.set(a, shares[j]);
      });
      // A read of several batches (the first, of every position) leaves tens of MB of traces per batch; a block's
      // re-reads are usually one batch, and the block loop checks after them (scripts/sim/native-memory.ts).
      if (list.length > READ_CALL_POSITIONS) await checkNativeMemory();
    }
  }

  /** Blocks each borrower has been liquidatable (first seen), for timing metrics. */
  firstLiquidatableBlocks(): ReadonlyMap<string, number> {
    return this.firstLiquidatable;
  }

  async view(block: number, timestamp: number, externalPrice: number): Promise<View> {
    const w = this.world;
    const latest = await w.chain.latestBlock();
    this.lastTotals = null;
    const read = w.market.protocol === "lab" ? await this.labReads() : await this.directReads();
    const [r0, r1] = read.reserves;
    const collateralIs0 = read.token0 === null ? true : read.token0 === w.addresses.collateral;
    const ordered = (x0: bigint, x1: bigint) =>
      collateralIs0 ? { collateral: x0, debt: x1 } : { collateral: x1, debt: x0 };
    const reserves = ordered(r0, r1);
    // No AMM (zero reserves): the only market price is the external one.
    const ammPrice =
      reserves.collateral === 0n
        ? externalPrice
        : fromFixedUnits(
            (reserves.debt * 10n ** BigInt(18 + w.collateralDecimals - w.debtDecimals)) / reserves.collateral,
            18,
          );
    // The answer the market reads (through the floor guard, when there is one).
    const [answer, updatedAt] = this.prepared ? [this.prepared.answer, this.prepared.updatedAt] : read.round!;
    const oraclePrice = fromFixedUnits(answer, FEED_DECIMALS);
    if (!read.lab) {
      const common = { block, timestamp, externalPrice, ammPrice, oraclePrice, reserves, updatedAt, ordered };
      return this.adapterView(w.market, latest.number + 1, common);
    }
    // The lab's market: debts from its borrow shares (read once per account, kept current from its events).
    const { borrowed } = read.lab.totals;
    this.lastTotals = { pool: w.lab.address.toLowerCase(), totals: read.lab.totals };
    const totalShares = read.lab.totalBorrowShares;
    // Read every block: a dynamic risk controller moves it.
    const config = this.prepared?.config ?? read.lab.config;
    this.prepared = null;
    const threshold = fromFixedUnits(config.liquidationThreshold, 18);

    const positions = new Map<string, PositionState>();
    const liquidatable: [string, bigint][] = [];
    const scale = 10 ** (w.collateralDecimals - w.debtDecimals);
    for (const b of w.borrowers) {
      const c = this.collateral.get(b) ?? 0n;
      const sh = this.shares.get(b) ?? 0n;
      // Debt as the market computes it: shares to assets, rounded up.
      const debt =
        sh === 0n ? 0n : (sh * (borrowed + 1n) + totalShares + VIRTUAL_SHARES - 1n) / (totalShares + VIRTUAL_SHARES);
      const limit = Number(c) * oraclePrice * threshold;
      const health =
        debt === 0n ? Infinity : (this.slice ? limit + this.slice.others(b) : limit) / (Number(debt) * scale);
      positions.set(b, { collateral: c, debt, health });
      if (debt > 0n && health < 1 && (!this.slice || (c > 0n && this.slice.owns(b, health)))) {
        liquidatable.push([b, debt]);
        if (!this.firstLiquidatable.has(b)) this.firstLiquidatable.set(b, block);
      }
    }
    liquidatable.sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
    const liquidatableFor = new Map(liquidatable.map(([b]) => [b, block - (this.firstLiquidatable.get(b) ?? block)]));

    const auctions: AuctionState[] = w.auctions
      ? (await w.auctions.activeAuctions()).map((a) => ({
          id: a.id,
          borrower: a.borrower,
          collateral: a.collateral,
          debtToRaise: a.debtToRaise,
          price: a.price,
          needsReset: a.needsReset,
        }))
      : [];

    const pendingOracle = this.pendingFrom(read.lab.nextVisible);

    // Previews, cached for the block: off-chain when the market's formulas can be applied to this view (below); else
    // the largest liquidatable debts in one RiskLens.previews call the first time any agent asks (keepers examine
    // those first) and any other borrower in one previewLiquidation call.
    type Preview = { repay: bigint; seized: bigint };
    const previews = new Map<string, Promise<Preview>>();
    const batch = liquidatable.slice(0, PREVIEW_BATCH).map(([b]) => b);
    let batched: Promise<Map<string, Preview>> | null = null;
    const loadBatch = () =>
      (batched ??= w.lens.previews(w.addresses.pool, w.addresses.collateral, batch).then(([repay, seized]) => {
        return new Map<string, Preview>(batch.map((b, i) => [b, { repay: repay[i], seized: seized[i] }]));
      }));
    let rules: Promise<MarketRules> | null = null;
    const loadRules = async (): Promise<MarketRules> => {
      const m = read.lab!.market;
      return {
        liquidationThreshold: config.liquidationThreshold,
        closeFactor: m.closeFactor,
        fullCloseHealthFactor: m.fullCloseHealthFactor,
        liquidationBonusBps: config.liquidationBonusBps,
        dust: m.dust,
        unitScale: 10n ** BigInt(w.collateralDecimals + 18 - w.debtDecimals),
        feedDecimals: FEED_DECIMALS,
      };
    };
    const onChain = (borrower: string) => w.lab.previewLiquidation(borrower, w.addresses.collateral, 2n ** 256n - 1n);
    // With one collateral listed, `previewLiquidation` is the market's formulas on what this view already holds
    // (collateral, debt from shares rounded up, the feed's answer, the rules): computed here, it saves the keepers an
    // eth_call per candidate and gives the same amounts. A second collateral on the market (a system slice), a
    // borrower this view does not follow or an answer the market would refuse go to the chain.
    const oneCollateral = !this.slice;
    const priceWad = answer * 10n ** BigInt(18 - FEED_DECIMALS);
    const offChain = (borrower: string) => oneCollateral && answer > 0n && positions.has(borrower);
    const single = async (borrower: string): Promise<Preview> => {
      if (!offChain(borrower)) return onChain(borrower);
      return previewMaxLiquidation(positions.get(borrower)!, await (rules ??= loadRules()), priceWad);
    };
    const inBatch = new Set(batch);
    return {
      block,
      timestamp,
      baseFee: await w.chain.nextBaseFee(),
      externalPrice,
      ammPrice,
      oraclePrice,
      oracleUpdatedAt: Number(updatedAt),
      liquidationThreshold: threshold,
      ltv: fromFixedUnits(config.ltv, 18),
      reserves,
      positions,
      liquidatable: liquidatable.map(([b]) => b),
      liquidatableFor,
      auctions,
      pendingOracle,
      chainBlock: latest.number + 1,
      pending: () => w.chain.pendingTransactions(),
      previewMax: (borrower: string) => {
        let p = previews.get(borrower);
        if (!p) {
          p =
            inBatch.has(borrower) && !offChain(borrower)
              ? loadBatch().then((m) => m.get(borrower) ?? single(borrower))
              : single(borrower);
          previews.set(borrower, p);
        }
        return p;
      },
      rules: () => (rules ??= loadRules()),
      balance: (token, account) => {
        const held = read.balances.get(`${token}:${account.toLowerCase()}`);
        return held !== undefined ? Promise.resolve(held) : balanceCall(w, token, account);
      },
      pendingReserves: async () => {
        const amm = w.amm;
        if (!amm) return ordered(0n, 0n);
        const [p0, p1] = await w.chain.pendingRead(
          `reserves:${w.addresses.amm}`,
          // The reserves only: the pending block's timestamp (and so a swap's blockTimestampLast) moves with wall time.
          () => amm.getReserves({ blockTag: "pending" }).then(([r0, r1]) => [r0, r1] as const),
          () => amm.getReserves().then(([r0, r1]) => [r0, r1] as const),
        );
        return ordered(p0, p1);
      },
    };
  }

  /**
   * The block's reads of a lab market, in one eth_call (`RiskLens.reads`, scripts/sim/read-batch.ts): the AMM's
   * reserves and token0, the market feed's round (unless `prepare` read it), the pool's totals, borrow shares and
   * collateral config, and the lagged feed's next answer.
   */
  private async labReads() {
    const w = this.world;
    const batch = new ReadBatch();
    const amm = w.amm;
    const reserves = amm ? batch.add<bigint[]>(w.addresses.amm, amm.interface, "getReserves") : null;
    const token0 = amm ? batch.add<string>(w.addresses.amm, amm.interface, "token0") : null;
    const round = this.prepared
      ? null
      : batch.add<bigint[]>(w.addresses.marketFeed, w.marketFeed.interface, "latestRoundData");
    const state = w.lab.stateIn(batch, w.addresses.collateral);
    const market = w.lab.marketConfigIn(batch);
    // A live spot feed has no pending answers; the lagged feed then only serves the (unused) updater.
    const next = w.spotFeed ? null : batch.add<bigint[]>(w.addresses.feed, w.feed.interface, "nextVisibleAt");
    // The positions the last block's events named, unless already re-read (`refreshChanged`).
    if (this.changed.size > READ_CALL_POSITIONS) await this.refreshChanged();
    const changed = [...this.changed];
    this.changed = new Set();
    const raw = changed.length
      ? batch.add<bigint[][]>(w.lens.target as string, w.lens.interface, "rawPositions", [
          w.addresses.pool,
          w.addresses.collateral,
          changed,
        ])
      : null;
    const held = this.wallets.flatMap((account) =>
      (["collateral", "debt"] as const).map((token) => ({
        key: `${token}:${account.toLowerCase()}`,
        read: batch.add<bigint>(w.addresses[token], w[token].interface, "balanceOf", [account]),
      })),
    );
    await batch.run(w.lens);
    if (raw) {
      const [collateral, shares] = raw();
      changed.forEach((a, j) => {
        this.collateral.set(a, collateral[j]);
        this.shares.set(a, shares[j]);
      });
    }
    const r = reserves?.();
    const rd = round?.();
    return {
      reserves: r ? ([r[0], r[1]] as const) : ([0n, 0n] as const),
      token0: token0 ? token0() : null,
      round: rd ? ([rd[1], rd[3]] as const) : null,
      lab: { ...state(), market: market(), nextVisible: next ? next() : null },
      balances: new Map(held.map((h) => [h.key, h.read()])),
    };
  }

  /** The same reads, one call each, for a market on another protocol (its state comes through its adapter). */
  private async directReads() {
    const w = this.world;
    return {
      reserves: w.amm ? await w.amm.getReserves().then(([r0, r1]) => [r0, r1] as const) : ([0n, 0n] as const),
      token0: w.amm ? await w.amm.token0() : null,
      round: this.prepared ? null : await w.marketFeed.latestRoundData().then((r) => [r[1], r[3]] as const),
      lab: null,
      balances: new Map<string, bigint>(),
    };
  }

  /** The oracle's next answer not visible yet, or null (a live spot feed has none). */
  private async pendingOracle(): Promise<View["pendingOracle"]> {
    const w = this.world;
    // A live spot feed has no pending answers; the lagged feed then only serves the (unused) updater.
    return this.pendingFrom(w.spotFeed ? null : await w.feed.nextVisibleAt());
  }

  /** `nextVisibleAt`'s answer (null: a live spot feed) as the view's pending oracle answer. */
  private pendingFrom(next: readonly bigint[] | null): View["pendingOracle"] {
    const [, pendingAnswer, visibleAtTimestamp, visibleAtBlock] = next ?? [0n, 0n, 0n, 0n];
    return pendingAnswer > 0n
      ? {
          price: fromFixedUnits(pendingAnswer, FEED_DECIMALS),
          visibleAtTimestamp: Number(visibleAtTimestamp),
          visibleAtBlock: Number(visibleAtBlock),
        }
      : null;
  }

  /**
   * The view of a market on another protocol (`world.market` of a protocol other than "lab"): every followed position read through the
   * adapter, with the protocol's own debt and health factor; previews are the adapter's, by the protocol's rules.
   */
  private async adapterView(
    adapter: MarketAdapter,
    chainBlock: number,
    c: {
      block: number;
      timestamp: number;
      externalPrice: number;
      ammPrice: number;
      oraclePrice: number;
      reserves: { collateral: bigint; debt: bigint };
      updatedAt: bigint;
      ordered: (x0: bigint, x1: bigint) => { collateral: bigint; debt: bigint };
    },
  ): Promise<View> {
    const w = this.world;
    const asset = w.addresses.collateral;
    const positions = new Map<string, PositionState>();
    const liquidatable: [string, bigint][] = [];
    for (const p of await adapter.positions(w.borrowers)) {
      const collateral = p.collateral[asset] ?? 0n;
      const health = p.debt === 0n ? Infinity : fromFixedUnits(p.healthWad, 18);
      positions.set(p.account, { collateral, debt: p.debt, health });
      if (p.debt > 0n && p.healthWad < 10n ** 18n) {
        liquidatable.push([p.account, p.debt]);
        if (!this.firstLiquidatable.has(p.account)) this.firstLiquidatable.set(p.account, c.block);
      }
    }
    liquidatable.sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
    const liquidatableFor = new Map(
      liquidatable.map(([b]) => [b, c.block - (this.firstLiquidatable.get(b) ?? c.block)]),
    );
    const previews = new Map<string, Promise<{ repay: bigint; seized: bigint }>>();
    const collateral = w.scenario.market.collateral;
    return {
      block: c.block,
      timestamp: c.timestamp,
      baseFee: await w.chain.nextBaseFee(),
      externalPrice: c.externalPrice,
      ammPrice: c.ammPrice,
      oraclePrice: c.oraclePrice,
      oracleUpdatedAt: Number(c.updatedAt),
      liquidationThreshold: collateral.liquidationThreshold,
      ltv: collateral.ltv,
      reserves: c.reserves,
      positions,
      liquidatable: liquidatable.map(([b]) => b),
      liquidatableFor,
      auctions: [],
      pendingOracle: await this.pendingOracle(),
      chainBlock,
      pending: () => w.chain.pendingTransactions(),
      previewMax: (borrower: string) => {
        let p = previews.get(borrower);
        if (!p) previews.set(borrower, (p = adapter.previewLiquidation(borrower, asset, MaxUint256)));
        return p;
      },
      balance: (token, account) => balanceCall(w, token, account),
      // For the frictionless baseline only: the scenario's threshold and close factor, the protocol's own incentive.
      rules: async () => ({
        liquidationThreshold: toWad(collateral.liquidationThreshold),
        closeFactor: toWad(w.scenario.market.closeFactor),
        fullCloseHealthFactor: toWad(w.scenario.market.fullCloseHealthFactor),
        liquidationBonusBps: ((await adapter.incentiveWad(asset)) - 10n ** 18n) / 10n ** 14n,
        dust: 0n,
        unitScale: 10n ** BigInt(w.collateralDecimals + 18 - w.debtDecimals),
        feedDecimals: FEED_DECIMALS,
      }),
      pendingReserves: async () => {
        const amm = w.amm;
        if (!amm) return { collateral: 0n, debt: 0n }; // an asset with no AMM: nothing to sell into
        const [p0, p1] = await w.chain.pendingRead(
          `reserves:${w.addresses.amm}`,
          // The reserves only: the pending block's timestamp (and so a swap's blockTimestampLast) moves with wall time.
          () => amm.getReserves({ blockTag: "pending" }).then(([r0, r1]) => [r0, r1] as const),
          () => amm.getReserves().then(([r0, r1]) => [r0, r1] as const),
        );
        return c.ordered(p0, p1);
      },
    };
  }
}

/** `account`'s balance of the world's collateral or debt token, read on its own (a wallet the view did not batch). */
function balanceCall(w: World, token: "collateral" | "debt", account: string): Promise<bigint> {
  return w[token].balanceOf(account);
}
