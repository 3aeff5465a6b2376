/**
 * Builds and runs a two-chain contagion scenario: a lending market on each chain (the home asset on A, its bridged
 * form on B), the bridge and its relayer, keepers on both chains, the shared whale, a crash on A, optionally the
 * systemic-risk oracle; returns the contagion measures.
 */
import { ethers } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  ConstantProductPool,
  ConstantProductRouter,
  LaggedPriceFeed,
  MockERC20,
  SystemRiskController,
  SystemRiskFeed,
} from "../../../typechain-types";
import { Rng } from "../../sim/random";
import { fromFixedUnits, toFixedUnits } from "../../sim/wad";
import { bridgeParams } from "../bridge-params";
import { bridgeLedger } from "../bridge-ledger";
import { runBridge, type TickAgent } from "../bridge-run";
import { ACCOUNT, ASSET_DECIMALS, deployBridgeWorld, STABLE_DECIMALS, type BridgeWorld } from "../bridge-world";
import { ChainSet } from "../chain-set";
import type { ClockTick } from "../clock";
import { DepegTrader } from "../depeg-trader";
import { Relayer } from "../relayer";
import { SystemRiskAggregator, type RiskOutlet } from "../system-risk";
import { WrappedFeedUpdater } from "../wrapped-feed";
import { ammSpot, CrashSeller, FeedUpdater, LiquidatorBot } from "./agents";
import { deployChainMarket, openBorrowers, type BorrowerSeed, type ChainMarket } from "./market";
import type { ContagionSpec } from "./spec";
import { WhaleAgent } from "./whale";
import { useAllocatorFor } from "../../sim/allocator";

/** Extra accounts (after the bridge's): keeper, crash seller, A's feed updater, system-risk relayer/poker. */
const KEEPER = ACCOUNT.firstUser;
const SELLER = ACCOUNT.firstUser + 1;
const FEED_A = ACCOUNT.firstUser + 2;
const RISK = ACCOUNT.firstUser + 3;
const FEED_DECIMALS = 8;
const WAD = 10n ** 18n;
/** Keepers' stablecoin float per chain, whole stablecoins. */
const KEEPER_FLOAT = 20_000_000;

export const WHALE = ethers.getAddress("0x" + ethers.id("cascade-lab/whale").slice(26));
const borrowerAddress = (chain: string, i: number) =>
  ethers.getAddress("0x" + ethers.id(`cascade-lab/${chain}/borrower/${i}`).slice(26));

/** Per chain: what its market went through. */
export interface ChainOutcome {
  readonly liquidations: number;
  /** Seconds after the start of the first liquidation; null = none. */
  readonly firstLiquidationSec: number | null;
  /** Debt repaid by liquidations, whole stablecoins. */
  readonly repaid: number;
  /** Bad debt the market recognised, whole stablecoins. */
  readonly badDebt: number;
  /** Debt not covered by collateral valued at the chain's AMM at the end, whole stablecoins. */
  readonly underwater: number;
  /** Liquidatable positions keepers left because the sale would not pay. */
  readonly unprofitableSkips: number;
  /** Lowest AMM price seen, stablecoins per token. */
  readonly minAmmPrice: number;
  /** Lowest liquidation threshold in force on the market (fraction). */
  readonly minThreshold: number;
}

export interface ContagionResult {
  readonly A: ChainOutcome;
  readonly B: ChainOutcome;
  /** First liquidation on B minus first on A, seconds; null if either had none. */
  readonly firstLiquidationDelaySec: number | null;
  readonly whale: {
    readonly pulledAtSec: number | null;
    readonly pulled: number;
    readonly depositedAtSec: number | null;
    readonly liquidatedOnA: boolean;
    readonly liquidatedOnB: boolean;
  } | null;
  readonly bridge: { readonly conserved: boolean; readonly inFlightOut: number; readonly inFlightBack: number };
  readonly systemRisk: { readonly readings: number; readonly maxAtRiskShare: number } | null;
  readonly ticks: number;
  /** What happened, tick by tick and liquidation by liquidation (the run's records). */
  readonly records: {
    readonly ticks: readonly TickRecord[];
    readonly liquidations: readonly LiquidationRow[];
  };
}

/** One tick of the shared clock after it was mined: seconds after the start, the chains that mined and their
 * latest block numbers, each chain's AMM spot (stablecoins per token) and liquidation threshold in force. */
export interface TickRecord {
  readonly sec: number;
  readonly mined: readonly string[];
  readonly blockA: number;
  readonly blockB: number;
  readonly priceA: number;
  readonly priceB: number;
  readonly thresholdA: number;
  readonly thresholdB: number;
}

/** One liquidation that landed: its chain, block, seconds after the start; amounts in whole tokens. */
export interface LiquidationRow {
  readonly chain: string;
  readonly block: number;
  readonly sec: number;
  readonly borrower: string;
  readonly repaid: number;
  readonly seized: number;
  readonly proceeds: number;
}

interface Built {
  readonly w: BridgeWorld;
  readonly markets: { A: ChainMarket; B: ChainMarket };
  readonly ammA: ConstantProductPool;
  readonly routerA: ConstantProductRouter;
  readonly feedA: LaggedPriceFeed;
  readonly controllerB: SystemRiskController | null;
  readonly riskFeeds: SystemRiskFeed[];
}

/** Bridges `amount` to `to` on B during setup (locked on A by the admin, minted on B by the relayer). */
async function bridgeInSetup(w: BridgeWorld, to: string, amount: bigint) {
  const admin = w.signers.home[ACCOUNT.admin];
  await w.home.settle(w.asset.mint(admin.address, amount));
  await w.home.settle(w.asset.connect(admin).approve(await w.vault.getAddress(), amount));
  const nonce = await w.vault.nextNonce();
  await w.home.settle(w.vault.connect(admin).lock(amount, to));
  await w.remote.settle(w.minter.connect(w.signers.remote[ACCOUNT.relayer]).mint(nonce, to, amount));
}

function population(spec: ContagionSpec, chain: "A" | "B", rng: Rng): BorrowerSeed[] {
  const m = spec.market;
  const seeds: BorrowerSeed[] = [];
  const collateralUnits = toFixedUnits(spec.collateralPerBorrower, ASSET_DECIMALS);
  const value = spec.collateralPerBorrower * spec.price;
  for (let i = 0; i < spec.borrowersPerChain; i++) {
    const h = spec.healthMin + (spec.healthMax - spec.healthMin) * rng.uniform();
    seeds.push({
      address: borrowerAddress(chain, i),
      collateral: collateralUnits,
      debt: toFixedUnits((value * m.liquidationThreshold) / h, STABLE_DECIMALS),
    });
  }
  const wh = spec.whale;
  if (wh) {
    const c = chain === "A" ? wh.collateralA : wh.collateralB;
    seeds.push({
      address: WHALE,
      collateral: toFixedUnits(c, ASSET_DECIMALS),
      debt: toFixedUnits(
        (c * spec.price * m.liquidationThreshold) / (chain === "A" ? wh.healthA : wh.healthB),
        STABLE_DECIMALS,
      ),
    });
  }
  return seeds;
}

async function build(hre: HardhatRuntimeEnvironment, spec: ContagionSpec, hooks: ContagionHooks): Promise<Built> {
  const set = await ChainSet.create(hre, spec.chains, { setupSeconds: 5_000 });
  const w = await deployBridgeWorld(
    set,
    bridgeParams(spec.bridge),
    {
      homePrice: spec.price,
      remoteAmmDepth: spec.remoteAmmDepth,
      remoteAmmFeeBps: 30,
      traderInventory: 2_000,
      feedLatencySeconds: spec.remoteFeedLatencySec,
      feedLatencyBlocks: 0,
    },
    "A",
    "B",
    4,
  );
  const A = w.home;
  const hA = w.signers.home;
  const hB = w.signers.remote;
  const admin = hA[ACCOUNT.admin];
  // Home chain: a stablecoin, the asset's AMM and router, its feed.
  const usdcA = await A.deploy<MockERC20>("MockERC20", ["USD Coin", "USDC", STABLE_DECIMALS], admin);
  const ammA = await A.deploy<ConstantProductPool>(
    "ConstantProductPool",
    [await w.asset.getAddress(), await usdcA.getAddress(), 30, "Home AMM LP", "HLP"],
    admin,
  );
  const routerA = await A.deploy<ConstantProductRouter>("ConstantProductRouter", [], admin);
  await A.settle(w.asset.mint(await ammA.getAddress(), toFixedUnits(spec.homeAmmDepth / spec.price, ASSET_DECIMALS)));
  await A.settle(usdcA.mint(await ammA.getAddress(), toFixedUnits(spec.homeAmmDepth, STABLE_DECIMALS)));
  await A.settle(ammA.mint(admin.address));
  const feedA = await A.deploy<LaggedPriceFeed>(
    "LaggedPriceFeed",
    [FEED_DECIMALS, "ETH / USDC", admin.address, hA[FEED_A].address, 0, 0],
    admin,
  );
  const answer = toFixedUnits(spec.price, FEED_DECIMALS);
  await A.settle(feedA.connect(hA[FEED_A]).submit(answer, A.lastTimestamp));
  await w.remote.settle(w.feed.connect(hB[ACCOUNT.feedUpdater]).submit(answer, w.remote.lastTimestamp));

  const marketA = await deployChainMarket(A, admin, w.asset, usdcA, feedA, spec.market);
  const marketB = await deployChainMarket(w.remote, hB[ACCOUNT.admin], w.wrapped, w.stable, w.feed, spec.market);
  const rng = new Rng(`two-chain/${spec.seed}`);
  const seedsA = population(spec, "A", rng.fork("A"));
  const seedsB = population(spec, "B", rng.fork("B"));
  await A.settle(
    w.asset.mint(
      admin.address,
      seedsA.reduce((a, s) => a + s.collateral, 0n),
    ),
  );
  await hooks.onPhase?.("deployed");
  await openBorrowers(marketA, admin, seedsA);
  await hooks.onPhase?.("opened A");
  await bridgeInSetup(
    w,
    hB[ACCOUNT.admin].address,
    seedsB.reduce((a, s) => a + s.collateral, 0n),
  );
  await openBorrowers(marketB, hB[ACCOUNT.admin], seedsB);
  await hooks.onPhase?.("opened B");

  let controllerB: SystemRiskController | null = null;
  const riskFeeds: SystemRiskFeed[] = [];
  const sr = spec.systemRisk;
  if (sr) {
    for (const [c, h] of [
      [A, hA],
      [w.remote, hB],
    ] as const) {
      riskFeeds.push(
        await c.deploy<SystemRiskFeed>(
          "SystemRiskFeed",
          [h[ACCOUNT.admin].address, h[RISK].address, sr.maxAge],
          h[ACCOUNT.admin],
        ),
      );
    }
    const m = spec.market;
    controllerB = await w.remote.deploy<SystemRiskController>(
      "SystemRiskController",
      [
        await marketB.pool.getAddress(),
        await w.wrapped.getAddress(),
        await riskFeeds[1].getAddress(),
        {
          baseLtv: toFixedUnits(m.ltv, 18),
          baseThreshold: toFixedUnits(m.liquidationThreshold, 18),
          cutBps: sr.cutBps,
          atRiskShareTrigger: toFixedUnits(sr.atRiskShareTrigger, 18),
          leverageTrigger: 0n,
          rampDuration: sr.rampDuration,
          tightenWhenStale: false,
        },
      ],
      hB[ACCOUNT.admin],
    );
    await w.remote.settle(marketB.pool.grantRole(await marketB.pool.RISK_ROLE(), await controllerB.getAddress()));
  }
  return { w, markets: { A: marketA, B: marketB }, ammA, routerA, feedA, controllerB, riskFeeds };
}

async function underwater(m: ChainMarket, price: bigint): Promise<number> {
  const collateral = await m.collateral.getAddress();
  let short = 0n;
  for (const b of m.borrowers) {
    const debt = await m.pool.debtOf(b);
    const value = ((await m.pool.collateralOf(b, collateral)) * price) / (10n ** BigInt(ASSET_DECIMALS) * 10n ** 2n);
    if (debt > value) short += debt - value;
  }
  return fromFixedUnits(short, STABLE_DECIMALS);
}

/** Observers of a run (progress, memory per phase): called after each phase and each tick of the shared clock. */
export interface ContagionHooks {
  onPhase?(phase: "deployed" | "opened A" | "opened B" | "built" | "ran" | "measured"): void | Promise<void>;
  onTick?(tick: ClockTick, ticks: number): void | Promise<void>;
}

/** Runs `spec` and measures it. */
export async function runContagion(
  hre: HardhatRuntimeEnvironment,
  spec: ContagionSpec,
  hooks: ContagionHooks = {},
): Promise<ContagionResult> {
  // Before the chains' first request: the network's allocator reads its options when it loads (sim/allocator.ts).
  useAllocatorFor(2 * spec.borrowersPerChain);
  const b = await build(hre, spec, hooks);
  await hooks.onPhase?.("built");
  const { w, markets } = b;
  const set = w.set;
  const chains = set.chains;
  const asset = await w.asset.getAddress();
  const wrapped = await w.wrapped.getAddress();
  const spotA = () => ammSpot(b.ammA, asset, ASSET_DECIMALS, STABLE_DECIMALS);
  const spotB = () => ammSpot(w.amm, wrapped, ASSET_DECIMALS, STABLE_DECIMALS);
  const hA = w.signers.home;
  const hB = w.signers.remote;
  const keeperA = new LiquidatorBot(markets.A, chains, b.ammA, hA[KEEPER], spec.keeperMaxPerBlock);
  const keeperB = new LiquidatorBot(markets.B, chains, w.amm, hB[KEEPER], spec.keeperMaxPerBlock);
  await keeperA.setup(toFixedUnits(KEEPER_FLOAT, STABLE_DECIMALS));
  await keeperB.setup(toFixedUnits(KEEPER_FLOAT, STABLE_DECIMALS));
  const whale = spec.whale
    ? new WhaleAgent(WHALE, w, markets.A, markets.B, spec.whale.rescueBelow, spec.whale.rescueShare)
    : null;
  const priceLink: TickAgent = {
    // Par on B is the home asset's price: A's AMM as it stands before this tick.
    act: async () => {
      w.homePrice = Number(await spotA()) / 10 ** FEED_DECIMALS;
    },
  };
  const agents: TickAgent[] = [
    priceLink,
    new FeedUpdater(w.home, chains, b.feedA, hA[FEED_A], spotA),
    new WrappedFeedUpdater(w),
    new DepegTrader(w),
    new CrashSeller(
      w.home,
      chains,
      set.start,
      w.asset,
      b.ammA,
      b.routerA,
      hA[SELLER],
      spec.crash.atSec,
      spec.crash.drop,
    ),
    ...(whale ? [whale] : []),
    keeperA,
    keeperB,
  ];
  let aggregator: SystemRiskAggregator | null = null;
  if (spec.systemRisk) {
    const outlets: RiskOutlet[] = [
      { chain: w.home, feed: b.riskFeeds[0], relayer: hA[RISK], controller: null, poker: hA[RISK] },
      { chain: w.remote, feed: b.riskFeeds[1], relayer: hB[RISK], controller: b.controllerB, poker: hB[RISK] },
    ];
    aggregator = new SystemRiskAggregator(
      chains,
      [markets.A, markets.B],
      outlets,
      spec.systemRisk.everySec,
      spec.systemRisk.relayDelaySec,
      toFixedUnits(spec.systemRisk.atRiskHealth, 18),
    );
    agents.push(aggregator);
  }
  const relayer = await Relayer.start(w);
  const minPrice = { A: await spotA(), B: await spotB() };
  const minThreshold = { A: WAD, B: WAD };
  let ticks = 0;
  const tickRecords: TickRecord[] = [];
  await runBridge(w, relayer, agents, set.start + spec.durationSec, async (tick) => {
    ticks++;
    await keeperA.observe();
    await keeperB.observe();
    const [pa, pb] = [await spotA(), await spotB()];
    if (pa < minPrice.A) minPrice.A = pa;
    if (pb < minPrice.B) minPrice.B = pb;
    const threshold = { A: 0n, B: 0n };
    for (const k of ["A", "B"] as const) {
      const t = (await markets[k].pool.collateralConfig(await markets[k].collateral.getAddress())).liquidationThreshold;
      threshold[k] = t;
      if (t < minThreshold[k]) minThreshold[k] = t;
    }
    tickRecords.push({
      sec: tick.time - set.start,
      mined: tick.due.map((i) => chains[i].spec.name),
      blockA: w.home.lastBlockNumber,
      blockB: w.remote.lastBlockNumber,
      priceA: fromFixedUnits(pa, FEED_DECIMALS),
      priceB: fromFixedUnits(pb, FEED_DECIMALS),
      thresholdA: fromFixedUnits(threshold.A, 18),
      thresholdB: fromFixedUnits(threshold.B, 18),
    });
    await hooks.onTick?.(tick, ticks);
  });
  await hooks.onPhase?.("ran");
  const outcome = async (k: "A" | "B", bot: LiquidatorBot, price: bigint): Promise<ChainOutcome> => {
    const first = bot.records.length ? Math.min(...bot.records.map((r) => r.time)) - set.start : null;
    const totals = await markets[k].pool.totals();
    return {
      liquidations: bot.records.length,
      firstLiquidationSec: first,
      repaid: fromFixedUnits(
        bot.records.reduce((a, r) => a + r.repaid, 0n),
        STABLE_DECIMALS,
      ),
      badDebt: fromFixedUnits(totals[4], STABLE_DECIMALS),
      underwater: await underwater(markets[k], price),
      unprofitableSkips: bot.unprofitable,
      minAmmPrice: fromFixedUnits(minPrice[k], FEED_DECIMALS),
      minThreshold: fromFixedUnits(minThreshold[k], 18),
    };
  };
  const A = await outcome("A", keeperA, await spotA());
  const B = await outcome("B", keeperB, await spotB());
  const ledger = await bridgeLedger(w);
  await hooks.onPhase?.("measured");
  const rel = (t: number | null) => (t === null ? null : t - set.start);
  return {
    A,
    B,
    firstLiquidationDelaySec:
      A.firstLiquidationSec !== null && B.firstLiquidationSec !== null
        ? B.firstLiquidationSec - A.firstLiquidationSec
        : null,
    whale: whale
      ? {
          pulledAtSec: rel(whale.pulledAt),
          pulled: fromFixedUnits(whale.pulled, ASSET_DECIMALS),
          depositedAtSec: rel(whale.depositedAt),
          liquidatedOnA: keeperA.records.some((r) => r.borrower === WHALE),
          liquidatedOnB: keeperB.records.some((r) => r.borrower === WHALE),
        }
      : null,
    bridge: {
      conserved: ledger.conserved,
      inFlightOut: fromFixedUnits(ledger.inFlightOut, ASSET_DECIMALS),
      inFlightBack: fromFixedUnits(ledger.inFlightBack, ASSET_DECIMALS),
    },
    systemRisk: aggregator
      ? {
          readings: aggregator.readings.length,
          maxAtRiskShare: Math.max(
            0,
            ...aggregator.readings.map((r) =>
              r.totalCollateral === 0n ? 0 : Number((r.collateralAtRisk * 10_000n) / r.totalCollateral) / 10_000,
            ),
          ),
        }
      : null,
    ticks,
    records: {
      ticks: tickRecords,
      liquidations: [...keeperA.records, ...keeperB.records]
        .map((r) => ({
          chain: r.chain,
          block: r.block,
          sec: r.time - set.start,
          borrower: r.borrower,
          repaid: fromFixedUnits(r.repaid, STABLE_DECIMALS),
          seized: fromFixedUnits(r.seized, ASSET_DECIMALS),
          proceeds: fromFixedUnits(r.proceeds, STABLE_DECIMALS),
        }))
        .sort((x, y) => x.sec - y.sec || x.chain.localeCompare(y.chain) || x.block - y.block),
    },
  };
}
