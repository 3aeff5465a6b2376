/**
 * The cascade engine: builds the world, then runs the block loop with automine off. Each block the exogenous
 * price moves, the external market absorbs the previous block's net flow, agents observe the chain and send
 * transactions with their own priority fees, background traffic fills the block, and the block is mined (mempool
 * ordered by priority fee, block gas limit enforced). Receipts and events become per-block records.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Scenario } from "./scenario";
import { generatePath } from "./paths";
import { applyNetFlow, initialExternalState, type ExternalMarketState } from "./external-market";
import { borrowersFromScenario } from "./population";
import { Rng } from "./random";
import { buildWorld } from "./world/build";
import { makeAgent } from "./world/accounts";
import { startClock } from "./world/clock";
import { mineChecked } from "./world/open-positions";
import type { World } from "./world/types";
import { Observer } from "./observe";
import { gwei, type Receipt } from "./chain";
import { fromFixedUnits, toFixedUnits } from "./wad";
import {
  HEALTH_BUCKETS,
  emptyBlockRecord,
  summarize,
  type BlockRecord,
  positionRecords,
  type LiquidationRecord,
  type PositionRecord,
  type PositionTiming,
  type RunSummary,
} from "./metrics";
import type { SentTx, SimAgent, View } from "../agents/types";
import { weiToDebt } from "../agents/types";
import { OracleUpdater } from "../agents/oracle-updater";
import { Arbitrageur } from "../agents/arbitrageur";
import { Congestion } from "../agents/congestion";
import { Keeper } from "../agents/keeper";
import { RiskPoker } from "../agents/risk-poker";
import { Attacker, type AttackResult } from "../agents/attacker";
import { Exploiter } from "../agents/exploiter";
import { exposureAtEnd, type Exposure } from "./exposure";
import { BidBook, type BidRecord, type KeeperStats, type MethodGas } from "./bids";
import { endWithdrawals, readLenders, unrealizedBadDebt } from "./isolation";
import { CalmOracleUpdater, calmPath } from "../agents/calm-oracle-updater";
import { summarizeIsolation, type EndWithdrawals } from "./isolation-metrics";
import { frictionlessBaseline } from "../measures/baseline";
import { readBaselineInput } from "../measures/baseline-input";
import { baselineSummary } from "../measures/baseline-summary";

/** Keeper strategies whose fixed-bonus liquidations go through AtomicLiquidator with `execution: atomic`. */
const ATOMIC_STRATEGIES = new Set(["fixed-bonus", "gas-bidder", "oracle-backrunner"]);
/** Gas limit for deploying a keeper contract during setup. */
const DEPLOY_GAS = { gasLimit: 2_000_000 };

/** Positions open at this timestamp on a fresh chain (2033-05-18), so runs are byte-identical. */
export const FIXED_START = 2_000_000_000;

export interface RunResult {
  scenario: Scenario;
  summary: RunSummary;
  blocks: BlockRecord[];
  liquidations: LiquidationRecord[];
  /** Every position at the start and the end of the run (positions.csv). */
  positions: PositionRecord[];
  timings: PositionTiming[];
  /** Every keeper bid with its outcome, per-keeper results and per-method gas (the gas-war report). */
  bids: BidRecord[];
  keeperStats: KeeperStats[];
  methodGas: MethodGas[];
  /** The oracle-manipulation attacker's outcome (`attack.enabled`), else null. */
  attack: AttackResult | null;
  /** What the open book and the exploiter (if any) are worth at the market price after the last block. */
  exposure: Exposure;
  /** Keeper transactions that missed their block and were dropped (they cost nothing). */
  droppedKeeperTxs: number;
  /** Wall-clock seconds spent building the world and running the blocks. */
  setupSeconds: number;
  runSeconds: number;
}

export interface RunOptions {
  /** Called after every block (for a progress bar). */
  onBlock?: (done: number, total: number) => void;
  onPhase?: (phase: string) => void;
  readCsv?: (file: string) => string;
}

interface KeeperBook {
  /** Liquidation records whose collateral this keeper has not sold yet (FIFO). */
  unsold: LiquidationRecord[];
}

export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  opts: RunOptions = {},
): Promise<RunResult> {
  const t0 = Date.now();
  const path = generatePath(s.path, {
    blocks: s.blocks,
    blockTimeSeconds: s.chain.blockTimeSeconds,
    seed: s.seed,
    readCsv: opts.readCsv,
  });
  const initialPrice = path[0];
  const borrowers = borrowersFromScenario(s, initialPrice);
  opts.onPhase?.("deploying contracts");
  const world = await buildWorld(hre, s, initialPrice);
  opts.onPhase?.(`opening ${borrowers.length} positions`);
  const t = await startClock(world, borrowers, initialPrice, FIXED_START);
  const { agents, hashes, budgets } = await makeAgents(hre, world, initialPrice);
  await mineChecked(world.chain, t + 1, hashes, "agents");
  // The exploiter's position is a position like any other: observed, and liquidated when it is under water.
  if (agents.exploiter) world.borrowers.push(agents.exploiter.me.address);
  // Each keeper starts the run with exactly its gas budget (1 ETH was lent for the approvals above).
  for (const [address, wei] of budgets) await world.chain.setBalance(address, wei);
  world.startTime = t + 1;
  await world.chain.setBlockGasLimit(s.chain.blockGasLimit);
  opts.onPhase?.("reading positions");
  const observer = new Observer(world);
  await observer.init();
  opts.onPhase?.("running blocks");
  const setupSeconds = (Date.now() - t0) / 1000;

  const rng = new Rng(`${s.seed}/engine`);
  const blocks: BlockRecord[] = [];
  const liquidations: LiquidationRecord[] = [];
  const firstLiquidated = new Map<string, number>();
  const books = new Map<string, KeeperBook>();
  /** Auction id → borrower, learnt from Kick events. */
  const auctionBorrowers = new Map<bigint, string>();
  const book = new BidBook();
  let pending: SentTx[] = [];
  let external: ExternalMarketState = initialExternalState(initialPrice);
  let netFlow = 0;
  let droppedKeeperTxs = 0;
  let withdrawals: EndWithdrawals | null = null;
  /** Failed transactions of non-keeper agents by kind (oracle, arbitrage, background): should stay empty. */
  const failedOtherTxs: Record<string, number> = {};
  /** Wall-clock milliseconds per phase of the block loop (CASCADE_PROFILE=1 prints them). */
  const profile: Record<string, number> = {};

  const blockTime = (i: number) => world.startTime + (i + 1) * s.chain.blockTimeSeconds;
  await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
  const firstChainBlock = (await world.chain.latestBlock()).number + 1;
  const t1 = Date.now();
  external = applyNetFlow(s.externalMarket, external, path[0], 0);
  // The state after block i is what everyone observes before block i + 1: one read serves both.
  let view = await observer.view(0, blockTime(0), external.price);
  const baselineInput = await readBaselineInput(world, view, path);
  const startPositions = view.positions;
  /** Bad debt the market wrote off per borrower (lowercase address), from `BadDebtRealized`. */
  const badDebtBy = new Map<string, bigint>();
  /** What auction sales recovered of the losses written off at their kicks (`AuctionSettled.recovered`). */
  const recovered = { total: 0n };
  try {
    for (let i = 0; i < s.blocks; i++) {
      const timestamp = blockTime(i);
      let tp = Date.now();
      const lap = (k: string) => {
        const now = Date.now();
        profile[k] = (profile[k] ?? 0) + now - tp;
        tp = now;
      };

      const order = shuffle([...agents.keepers], rng);
      const track = (sent: SentTx[]) => {
        for (const tx of sent) {
          const replaced = book.onSent(tx, i);
          if (replaced) pending = pending.filter((p) => p.hash !== replaced);
          pending.push(tx);
        }
      };
      const oracles = agents.calmOracle ? [agents.oracle, agents.calmOracle] : [agents.oracle];
      const others = [agents.attacker, agents.exploiter].filter((x): x is NonNullable<typeof x> => x !== null);
      for (const agent of [agents.congestion, ...oracles, agents.risk, ...agents.arbs, ...others, ...order]) {
        track(await agent.act(view, world, rng));
        lap(agent.name.split("/")[0] + (agent.keeper ? ":" + agent.name.split("/")[1] : ""));
      }
      // Further bidding rounds in the same block interval: keepers see pending competitors and may replace bids.
      for (let round = 2; round <= s.chain.biddingRounds; round++) {
        for (const k of order) track(await k.rebid(view, world, round));
      }
      lap("rebid");
      await world.chain.mine(timestamp);
      lap("mine");

      const mined: { tx: SentTx; receipt: Receipt }[] = [];
      const still: SentTx[] = [];
      for (const tx of pending) {
        const receipt = await world.chain.receipt(tx.hash);
        if (receipt) mined.push({ tx, receipt });
        else if (tx.keeper) {
          // A keeper's transaction that missed its block is stale (prices moved): bots drop or replace it.
          await world.chain.send("hardhat_dropTransaction", [tx.hash]);
          droppedKeeperTxs += 1;
          book.onDropped(tx);
        } else still.push(tx);
      }
      pending = still;

      const record = emptyBlockRecord(i, timestamp, path[i], external.price);
      // Actions in this block were refused if the price the market read was older than its maxPriceAge.
      record.oracleStale = timestamp > view.oracleUpdatedAt + s.market.collateral.maxPriceAgeSeconds;
      const touched = new Set<string>();
      if (agents.exploiter) touched.add(agents.exploiter.me.address);
      netFlow = 0;
      const latest = await world.chain.latestBlock();
      const landedBefore = liquidations.length;
      for (const { tx, receipt } of mined) {
        collectBadDebt(world, receipt, badDebtBy, recovered);
        if (tx.kind === "arbitrage" && receipt.status === 1) netFlow += arbitrageFlow(world, receipt, external.price);
        if (tx.kind === "attack" && agents.attacker) {
          book.onMined(tx, receipt, methodName(world, tx.kind), false, 0n, 0n);
          for (const l of agents.attacker.onMined(world, receipt, external.price, i)) {
            touched.add(l.borrower);
            if (!firstLiquidated.has(l.borrower)) firstLiquidated.set(l.borrower, i);
            record.liquidations += 1;
            record.collateralSeized += l.collateralSeized;
            record.debtRepaid += l.debtRepaid;
            liquidations.push(l);
          }
          continue;
        }
        if (!tx.keeper && receipt.status !== 1) failedOtherTxs[tx.kind] = (failedOtherTxs[tx.kind] ?? 0) + 1;
        const cost = receipt.gasUsed * receipt.effectiveGasPrice;
        const tip = receipt.gasUsed * (receipt.effectiveGasPrice - latest.baseFeePerGas);
        if (!tx.keeper) {
          book.onMined(tx, receipt, methodName(world, tx.kind), false, 0n, 0n);
          continue;
        }
        const wonBefore = liquidations.length + record.auctionsKicked;
        if (receipt.status === 1) record.keeperGasUsed += receipt.gasUsed;
        else record.keeperGasFailed += receipt.gasUsed;
        record.keeperGasCost += weiToDebt(cost, world);
        record.priorityFeesPaid += weiToDebt(tip, world);
        if (receipt.status !== 1) {
          book.onMined(tx, receipt, methodName(world, tx.kind), false, weiToDebt(cost, world), weiToDebt(tip, world));
          continue;
        }
        const inventory = books.get(tx.agent) ?? { unsold: [] };
        books.set(tx.agent, inventory);
        const gas = { gasUsed: receipt.gasUsed, gasCost: weiToDebt(cost, world), priorityFee: weiToDebt(tip, world) };
        collectKeeperEvents(
          world,
          tx,
          receipt,
          external.price,
          i,
          record,
          liquidations,
          inventory,
          gas,
          touched,
          firstLiquidated,
          auctionBorrowers,
        );
        const won = liquidations.length + record.auctionsKicked > wonBefore;
        book.onMined(tx, receipt, methodName(world, tx.kind), won, weiToDebt(cost, world), weiToDebt(tip, world));
      }
      lap("receipts");
      await observer.refresh(touched);
      const nextExternal = i + 1 < s.blocks ? applyNetFlow(s.externalMarket, external, path[i + 1], netFlow) : external;
      if (s.chain.baseFee.mode === "fixed") await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
      const after = await observer.view(i + 1, blockTime(i + 1), nextExternal.price);
      record.ammPrice = after.ammPrice;
      record.oraclePrice = after.oraclePrice;
      // Auction takes do not read the oracle: they keep the price it showed in their block.
      for (const l of liquidations.slice(landedBefore))
        if (l.kind === "auction-take") l.oraclePrice = after.oraclePrice;
      record.positionsAtRisk = bucket(after);
      // The market's totalBadDebt is gross: a kick writes off the lot's expected loss at once (F3) and a later sale above
      // that mark gives part of it back to lenders. Bad debt here is the net loss: gross write-offs less recoveries.
      record.totalBadDebt = (await world.pool.totals())[4] - recovered.total;
      if (world.breaker) record.breakerTripped = await world.breaker.isTripped();
      if (world.isolation) record.lenders = await readLenders(world);
      record.liquidationThreshold = after.liquidationThreshold;
      record.ltv = after.ltv;
      blocks.push(record);
      external = nextExternal;
      view = after;
      lap("record");
      opts.onBlock?.(i + 1, s.blocks);
    }
    if (world.isolation) withdrawals = await endWithdrawals(world, blockTime(s.blocks - 1));
  } finally {
    await world.chain.setAutomine(true);
  }

  const timings: PositionTiming[] = [...observer.firstLiquidatableBlocks().entries()]
    .filter(([, first]) => first < s.blocks) // seen only after the last block: outside the run
    .map(([borrower, first]) => ({
      borrower,
      firstLiquidatableBlock: first,
      firstLiquidatedBlock: firstLiquidated.get(borrower) ?? null,
    }));
  const exposure = await exposureAtEnd(world, view, external.price, agents.exploiter, firstChainBlock);
  const summary = summarize(
    blocks,
    liquidations,
    timings,
    { positions: exposure.underwaterPositions, shortfall: exposure.shortfallAtMarket },
    { collateral: world.collateralDecimals, debt: world.debtDecimals },
  );
  summary.baseline = baselineSummary(
    frictionlessBaseline(baselineInput),
    baselineInput.shockedPrice,
    summary.exogenousShock,
    summary,
    s,
  );
  const positions = positionRecords(startPositions, view.positions, liquidations, badDebtBy);
  if (world.isolation && withdrawals) {
    summary.isolation = summarizeIsolation(
      world.isolation.mode,
      blocks.map((b) => b.lenders!),
      {
        crash: (await world.pool.totals())[4],
        crashUnrealized: await unrealizedBadDebt(world),
        calmMarket: (await world.isolation.calmPool.totals())[4],
      },
      withdrawals,
    );
  }
  const runSeconds = (Date.now() - t1) / 1000;
  const grossByKeeper = new Map<string, bigint>();
  for (const l of liquidations) {
    if (l.keeper === agents.attacker?.name) continue; // the attacker is not a keeper: its result is `attack`
    grossByKeeper.set(l.keeper, (grossByKeeper.get(l.keeper) ?? 0n) + l.grossProfit);
  }
  for (const k of agents.keepers) book.keeper(k.name).opportunities = k.stats.opportunities;
  const keeperStats = book.keeperResults(grossByKeeper);
  if (process.env.CASCADE_PROFILE) {
    process.stderr.write(
      `profile (ms): ${JSON.stringify(profile)}\nfailed non-keeper txs: ${JSON.stringify(failedOtherTxs)}\n`,
    );
  }
  return {
    scenario: s,
    summary,
    blocks,
    liquidations,
    positions,
    timings,
    bids: book.bids,
    keeperStats,
    methodGas: book.methodTable(),
    attack: agents.attacker?.result ?? null,
    exposure,
    droppedKeeperTxs,
    setupSeconds,
    runSeconds,
  };
}

/** Creates and funds the agents; their setup transactions are returned for the caller to mine. */
async function makeAgents(hre: HardhatRuntimeEnvironment, world: World, initialPrice: number) {
  const s = world.scenario;
  const hashes: string[] = [];
  const pin = { gasLimit: 100_000 };
  const oracle = new OracleUpdater(initialPrice, world.startTime);
  const calmOracle = world.isolation ? new CalmOracleUpdater(calmPath(s), world.startTime) : null;
  const arbs: SimAgent[] = [];
  const admin = world.deployer.signer;
  for (let i = 0; i < s.arbitrage.count; i++) {
    const me = await makeAgent(hre, world.chain, `arbitrageur/${i}`);
    // Inventory for both directions of trade (settled off-chain against the external market).
    const capital = BigInt(Math.ceil(s.arbitrage.capital * 10));
    const collateral =
      (capital * 10n ** BigInt(world.collateralDecimals)) / BigInt(Math.max(1, Math.floor(initialPrice)));
    hashes.push(
      (await world.debt.connect(admin).mint(me.address, capital * 10n ** BigInt(world.debtDecimals), pin)).hash,
    );
    hashes.push((await world.collateral.connect(admin).mint(me.address, collateral, pin)).hash);
    hashes.push((await world.debt.connect(me.signer).approve(world.addresses.router, 2n ** 255n, pin)).hash);
    hashes.push((await world.collateral.connect(me.signer).approve(world.addresses.router, 2n ** 255n, pin)).hash);
    arbs.push(new Arbitrageur(`arbitrageur/${i}`, me, 1 / s.arbitrage.count));
  }
  const keepers: Keeper[] = [];
  const budgets: [string, bigint][] = [];
  const legacy = s.keeperModel === "legacy";
  // One stateless AtomicLiquidator serves every atomic keeper (it only moves its caller's own funds); deployed only
  // when some keeper liquidates atomically, so that other runs keep their addresses.
  let atomicAddress = "";
  if (!legacy && s.keepers.some((g) => g.execution === "atomic" && ATOMIC_STRATEGIES.has(g.strategy))) {
    const atomic = await (await hre.ethers.getContractFactory("AtomicLiquidator", admin)).deploy(DEPLOY_GAS);
    hashes.push(atomic.deploymentTransaction()!.hash);
    atomicAddress = await atomic.getAddress();
  }
  for (const [g, group] of s.keepers.entries()) {
    for (let k = 0; k < group.count; k++) {
      const name = `keeper/${group.strategy}/${g}.${k}`;
      const me = await makeAgent(hre, world.chain, name, 1n);
      const capital = BigInt(Math.round(group.capital)) * 10n ** BigInt(world.debtDecimals);
      if (capital > 0n) hashes.push((await world.debt.connect(admin).mint(me.address, capital, pin)).hash);
      for (const spender of [world.addresses.pool, world.addresses.router, world.addresses.auctions]) {
        if (!spender) continue;
        hashes.push((await world.debt.connect(me.signer).approve(spender, 2n ** 255n, pin)).hash);
        hashes.push((await world.collateral.connect(me.signer).approve(spender, 2n ** 255n, pin)).hash);
      }
      if (atomicAddress && group.execution === "atomic" && capital > 0n) {
        hashes.push((await world.debt.connect(me.signer).approve(atomicAddress, 2n ** 255n, pin)).hash);
      }
      keepers.push(new Keeper(name, me, group, atomicAddress, legacy));
      budgets.push([me.address, BigInt(Math.round(group.gasBudget * 1e6)) * 10n ** 12n]);
    }
  }
  const background = [
    await makeAgent(hre, world.chain, "background/0", 10n ** 9n),
    await makeAgent(hre, world.chain, "background/1", 10n ** 9n),
  ];
  let attacker: Attacker | null = null;
  if (s.attack.enabled) {
    const me = await makeAgent(hre, world.chain, "attacker");
    const m = world.addresses.manipulator;
    // Flash: a float in the debt asset; multi-block: collateral worth `capital` at the initial price, to sell.
    if (s.attack.mode === "flash") {
      hashes.push(
        (await world.debt.connect(admin).mint(m, toFixedUnits(s.attack.capital, world.debtDecimals), pin)).hash,
      );
    } else {
      const amount = toFixedUnits(s.attack.capital / initialPrice, world.collateralDecimals);
      hashes.push((await world.collateral.connect(admin).mint(m, amount, pin)).hash);
    }
    attacker = new Attacker(me, world);
  }
  let exploiter: Exploiter | null = null;
  if (s.exploiter.enabled) {
    const me = await makeAgent(hre, world.chain, "exploiter");
    const capital = BigInt(Math.round(s.exploiter.capital)) * 10n ** BigInt(world.debtDecimals);
    if (capital > 0n) hashes.push((await world.debt.connect(admin).mint(me.address, capital, pin)).hash);
    hashes.push((await world.debt.connect(me.signer).approve(world.addresses.router, 2n ** 255n, pin)).hash);
    hashes.push((await world.collateral.connect(me.signer).approve(world.addresses.pool, 2n ** 255n, pin)).hash);
    exploiter = new Exploiter(me);
  }
  const agents = {
    oracle,
    calmOracle,
    arbs,
    keepers,
    attacker,
    exploiter,
    risk: new RiskPoker(),
    congestion: new Congestion(background),
  };
  return { agents, hashes, budgets };
}

function bucket(view: View): number[] {
  const counts: number[] = HEALTH_BUCKETS.map(() => 0);
  for (const p of view.positions.values()) {
    if (p.debt === 0n) continue;
    const i = HEALTH_BUCKETS.findIndex((b) => p.health < b);
    if (i >= 0) counts[i]++;
  }
  return counts;
}

/** Net selling the arbitrageur's external offset puts on the external market (debt value; negative = buying). */
function arbitrageFlow(world: World, receipt: Receipt, externalPrice: number): number {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== world.addresses.amm.toLowerCase()) continue;
    const parsed = world.amm.interface.parseLog(log);
    if (parsed?.name !== "Swap") continue;
    const collateralIs0 = world.addresses.collateral.toLowerCase() < world.addresses.debt.toLowerCase();
    const [in0, in1, out0, out1] = [parsed.args[1], parsed.args[2], parsed.args[3], parsed.args[4]] as bigint[];
    const bought = collateralIs0 ? out0 : out1; // collateral taken out of the AMM is sold outside
    const sold = collateralIs0 ? in0 : in1; // collateral put into the AMM was bought outside
    return fromFixedUnits(bought - sold, world.collateralDecimals) * externalPrice;
  }
  return 0;
}

/** Adds the bad debt a mined transaction made the market write off, per borrower, and what auctions recovered. */
function collectBadDebt(world: World, receipt: Receipt, badDebtBy: Map<string, bigint>, recovered: { total: bigint }) {
  const pool = world.addresses.pool.toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== pool) continue;
    const e = world.pool.interface.parseLog(log);
    if (e?.name === "AuctionSettled") recovered.total += e.args[1] as bigint;
    if (e?.name !== "BadDebtRealized") continue;
    const b = (e.args[0] as string).toLowerCase();
    badDebtBy.set(b, (badDebtBy.get(b) ?? 0n) + (e.args[1] as bigint));
  }
}

/** Turns a keeper's mined transaction into liquidation records, sales and block totals. */
function collectKeeperEvents(
  world: World,
  tx: SentTx,
  receipt: Receipt,
  externalPrice: number,
  block: number,
  record: BlockRecord,
  liquidations: LiquidationRecord[],
  book: KeeperBook,
  gas: { gasUsed: bigint; gasCost: bigint; priorityFee: bigint },
  touched: Set<string>,
  firstLiquidated: Map<string, number>,
  auctionBorrowers: Map<bigint, string>,
) {
  const w = world;
  const at: Landing = {
    block,
    chainBlock: receipt.blockNumber,
    txHash: receipt.hash,
    actor: tx.agent,
    liquidator: tx.from ?? "",
    externalPrice,
  };
  let flashProfit = 0n;
  /** The sale inside an atomic liquidation (AtomicLiquidator sells every seized unit in the same transaction). */
  let atomicSale: { sold: bigint; proceeds: bigint } | null = null;
  const isFlash = tx.kind === "flash-liquidate" || tx.kind === "flash-take";
  const newRecords: LiquidationRecord[] = [];
  for (const log of receipt.logs) {
    const address = log.address.toLowerCase();
    if (address === w.addresses.pool.toLowerCase()) {
      const e = w.pool.interface.parseLog(log);
      if (e?.name === "Liquidation") {
        const [, borrower, , , repaid, seized, price] = e.args as unknown as [
          string,
          string,
          string,
          string,
          bigint,
          bigint,
          bigint,
        ];
        touched.add(borrower);
        if (!firstLiquidated.has(borrower)) firstLiquidated.set(borrower, block);
        record.liquidations += 1;
        record.collateralSeized += seized;
        record.debtRepaid += repaid;
        record.keeperGrossProfit -= repaid;
        newRecords.push(liquidation("fixed-bonus", at, borrower, repaid, seized, fromFixedUnits(price, 18)));
      } else if (e?.name === "SeizedForAuction") {
        const borrower = e.args[0] as string;
        touched.add(borrower);
        if (!firstLiquidated.has(borrower)) firstLiquidated.set(borrower, block);
        record.collateralSeized += e.args[3] as bigint;
      }
    } else if (w.auctions && address === w.addresses.auctions.toLowerCase()) {
      const e = w.auctions.interface.parseLog(log);
      if (e?.name === "Kick") {
        auctionBorrowers.set(e.args[0] as bigint, e.args[2] as string);
        record.auctionsKicked += 1;
        record.keeperGrossProfit += e.args[8] as bigint; // the keeper's incentive
      } else if (e?.name === "Take") {
        const owe = e.args[4] as bigint;
        const collateral = e.args[5] as bigint;
        record.auctionsTaken += 1;
        record.liquidations += 1;
        record.debtRepaid += owe;
        record.keeperGrossProfit -= owe;
        const borrower = auctionBorrowers.get(e.args[0] as bigint) ?? "";
        // The oracle price is filled in from the block's record (a take does not read the oracle).
        newRecords.push(liquidation("auction-take", at, borrower, owe, collateral, 0));
      } else if (e?.name === "Redo") {
        record.keeperGrossProfit += e.args[3] as bigint;
      }
    } else if (address === w.addresses.amm.toLowerCase() && (tx.kind === "sell" || tx.kind === "atomic-liquidate")) {
      const e = w.amm.interface.parseLog(log);
      if (e?.name !== "Swap") continue;
      const collateralIs0 = w.addresses.collateral.toLowerCase() < w.addresses.debt.toLowerCase();
      const sold = (collateralIs0 ? e.args[1] : e.args[2]) as bigint;
      const proceeds = (collateralIs0 ? e.args[4] : e.args[3]) as bigint;
      record.collateralSold += sold;
      record.keeperGrossProfit += proceeds;
      if (tx.kind === "sell") allocateSale(book, sold, proceeds, w);
      else atomicSale = { sold, proceeds };
    } else if (address === w.addresses.debt.toLowerCase() && isFlash) {
      const e = w.debt.interface.parseLog(log);
      // The flash liquidator pays the keeper its profit in one transfer.
      if (e?.name === "Transfer" && (e.args[0] as string).toLowerCase() === w.addresses.flash.toLowerCase()) {
        flashProfit += e.args[2] as bigint;
      }
    }
  }
  // Gas of the transaction is charged to the first record it produced.
  if (newRecords.length) Object.assign(newRecords[0], gas);
  for (const r of newRecords) {
    if (atomicSale) {
      // Sold within the same transaction (its proceeds are already in the block's cash flow).
      r.collateralSold = atomicSale.sold;
      r.saleProceeds = atomicSale.proceeds;
    } else if (isFlash) {
      // Sold within the same transaction: proceeds are what was repaid plus the profit paid out.
      r.collateralSold = r.collateralSeized;
      r.saleProceeds = r.debtRepaid + (newRecords.length === 1 ? flashProfit : 0n);
      record.collateralSold += r.collateralSold;
      record.keeperGrossProfit += r.saleProceeds;
    } else {
      book.unsold.push(r); // sold by a later sale (FIFO)
    }
    r.salePrice = ratioPrice(r.saleProceeds, r.collateralSold, w);
    r.grossProfit = r.saleProceeds - r.debtRepaid;
    liquidations.push(r);
  }
}

/** Where and by whom a liquidation landed. */
interface Landing {
  block: number;
  chainBlock: number;
  txHash: string;
  actor: string;
  liquidator: string;
  externalPrice: number;
}

function liquidation(
  kind: LiquidationRecord["kind"],
  at: Landing,
  borrower: string,
  debtRepaid: bigint,
  collateralSeized: bigint,
  oraclePrice: number,
): LiquidationRecord {
  return {
    block: at.block,
    chainBlock: at.chainBlock,
    txHash: at.txHash,
    kind,
    keeper: at.actor,
    liquidator: at.liquidator,
    borrower,
    debtRepaid,
    collateralSeized,
    collateralSold: 0n,
    saleProceeds: 0n,
    salePrice: 0,
    externalPrice: at.externalPrice,
    oraclePrice,
    grossProfit: -debtRepaid,
    gasUsed: 0n,
    gasCost: 0n,
    priorityFee: 0n,
  };
}

/** Attributes a sale of `sold` collateral for `proceeds` to the keeper's oldest unsold liquidations. */
function allocateSale(book: KeeperBook, sold: bigint, proceeds: bigint, w: World) {
  let left = sold;
  let paid = 0n;
  while (left > 0n && book.unsold.length) {
    const r = book.unsold[0];
    const open = r.collateralSeized - r.collateralSold;
    const part = open < left ? open : left;
    left -= part;
    // Pro rata, rounded down; the last part takes the remainder, so the records add up to the sale.
    const share = left === 0n ? proceeds - paid : (proceeds * part) / sold;
    paid += share;
    r.collateralSold += part;
    r.saleProceeds += share;
    r.salePrice = ratioPrice(r.saleProceeds, r.collateralSold, w);
    r.grossProfit = r.saleProceeds - r.debtRepaid;
    if (r.collateralSold >= r.collateralSeized) book.unsold.shift();
  }
}

function ratioPrice(debtAmount: bigint, collateralAmount: bigint, w: World): number {
  if (collateralAmount === 0n) return 0;
  return fromFixedUnits(debtAmount, w.debtDecimals) / fromFixedUnits(collateralAmount, w.collateralDecimals);
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** The contract method behind a transaction kind, for the per-method gas table. */
function methodName(_world: World, kind: SentTx["kind"]): string {
  const names: Record<SentTx["kind"], string> = {
    liquidate: "LendingPool.liquidate",
    "atomic-liquidate": "AtomicLiquidator.liquidateAndSell",
    "flash-liquidate": "FlashLiquidator.liquidateWithFlashSwap",
    kick: "DutchAuctionLiquidator.kick",
    take: "DutchAuctionLiquidator.take",
    "flash-take": "FlashLiquidator.takeAndSell",
    redo: "DutchAuctionLiquidator.redo",
    sell: "ConstantProductRouter.swapExactTokensForTokens",
    arbitrage: "ConstantProductRouter.swapExactTokensForTokens",
    oracle: "LaggedPriceFeed.submit",
    "twap-update": "AmmTwapFeed.update",
    risk: "CircuitBreaker.poke / DynamicRiskController.update / BoundedFeed.record",
    attack: "OracleManipulator (flashAttack / pushPriceDown / liquidateMany / pushPriceUp)",
    exploit: "LendingPool.depositCollateral / borrow, ConstantProductRouter.swapExactTokensForTokens",
    background: "GasBurner.burn",
  };
  return names[kind];
}
