/**
 * The standalone perp cascade driver: builds a small world (debt and base tokens, the lab's ConstantProductPool, a
 * LaggedPriceFeed as the mark, the PerpMarket with its vault and insurance fund), opens the traders' book, then
 * steps: the exogenous path and the arbitrageur's past external flow set the external price; the oracle updater
 * submits it (visible after the feed's latency); the arbitrageur trades the pool to it; the keeper liquidates; the
 * backstop vault unwinds part of its inventory. Every step's state goes to a row; the run's totals to a summary.
 * Deterministic: one seed, explicit timestamps (one second per transaction), no wall clock.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionReceipt, ContractTransactionResponse, Signer } from "ethers";
import type { ConstantProductPool, LaggedPriceFeed, MockERC20, PerpMarket } from "../../../typechain-types";
import { Rng } from "../../sim/random";
import { samplePerpBook, marginFor } from "../../agents/perp-trader";
import { liquidationTargets, unwindAmount } from "../../agents/perp-keeper";
import { amountIn, amountOut, arbTrade, exogenousPrice, impactFactor } from "./external";
import { defaultPerpParams, type PerpParams } from "./params";
import type { PerpPreset } from "./scenario";

const DEBT_DECIMALS = 6;
const BASE_DECIMALS = 18;
const FEED_DECIMALS = 8;
const DEBT_UNIT = 10n ** BigInt(DEBT_DECIMALS);
const BASE_UNIT = 10n ** BigInt(BASE_DECIMALS);
/** A fixed start after any genesis the node may pick (2033-05-18): timestamps never come from the wall clock. */
const START_TIME = 2_000_000_000;
const TX_GAS = { gasLimit: 6_000_000 };

/** Whole tokens (a JS number) to base units, through micro-units so the rounding is platform-independent. */
export function toUnits(amount: number, decimals: number): bigint {
  const micro = BigInt(Math.round(amount * 1e6));
  return decimals >= 6 ? micro * 10n ** BigInt(decimals - 6) : micro / 10n ** BigInt(6 - decimals);
}

export interface PerpStepRow {
  step: number;
  externalPrice: number;
  poolPrice: number;
  markPrice: number;
  marketLiquidations: number;
  backstopTakeovers: number;
  liquidatedNotional: number;
  insuranceFund: number;
  badDebtTotal: number;
  coveredByInsurance: number;
  coveredByAdl: number;
  uncovered: number;
  adlEvents: number;
  longOpenInterest: number;
  shortOpenInterest: number;
  backstopExposure: number;
  openPositions: number;
  /** The vault's result since the start at the pool price: cash + base − what it owes open positions. */
  vaultPnl: number;
}

export interface PerpRunResult {
  rows: PerpStepRow[];
  opened: { longs: number; shorts: number; skipped: number; longNotional: number; shortNotional: number };
  gas: { open: bigint[]; liquidateMarket: bigint[]; liquidateBackstop: bigint[] };
  conserved: boolean;
}

class Clock {
  constructor(
    private readonly hre: HardhatRuntimeEnvironment,
    public now: number,
  ) {}

  /** Mines `send()` alone in a block one second after the previous one. */
  async mine(send: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
    this.now += 1;
    await this.hre.network.provider.send("evm_setNextBlockTimestamp", [this.now]);
    return (await (await send()).wait())!;
  }

  /** Like `mine`, but a revert is returned as null (a keeper's lost race or a slice cooling down). */
  async tryMine(send: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt | null> {
    try {
      return await this.mine(send);
    } catch {
      return null;
    }
  }
}

const num = (x: bigint, unit: bigint) => Number(x) / Number(unit);

/** Overrides by name on top of the defaults (integers, as the contract takes them). */
export function perpParams(preset: PerpPreset): PerpParams {
  const params = defaultPerpParams(DEBT_DECIMALS);
  for (const [name, value] of Object.entries(preset.market)) {
    if (!(name in params)) throw new Error(`market.${name}: not a perp market parameter`);
    params[name as keyof PerpParams] = BigInt(value);
  }
  return params;
}

/** Runs the preset; `withTraders: false` is the counterfactual without the perp book (same path, same pool). */
export async function runPerpCascade(
  hre: HardhatRuntimeEnvironment,
  preset: PerpPreset,
  withTraders = true,
): Promise<PerpRunResult> {
  const { ethers } = hre;
  await hre.network.provider.send("hardhat_reset", []);
  await hre.network.provider.send("evm_setAutomine", [true]);
  const clock = new Clock(hre, START_TIME);
  await hre.network.provider.send("evm_setNextBlockTimestamp", [clock.now]);
  const [admin, arb, keeper] = await ethers.getSigners();
  const deploy = async <T>(name: string, args: unknown[]): Promise<T> => {
    clock.now += 1;
    await hre.network.provider.send("evm_setNextBlockTimestamp", [clock.now]);
    const c = await ethers.deployContract(name, args, admin);
    await c.waitForDeployment();
    return c as unknown as T;
  };
  const debt = await deploy<MockERC20>("MockERC20", ["USD Coin", "USDC", DEBT_DECIMALS]);
  const base = await deploy<MockERC20>("MockERC20", ["Wrapped Ether", "WETH", BASE_DECIMALS]);
  const pool = await deploy<ConstantProductPool>("ConstantProductPool", [debt, base, preset.pool.feeBps, "LP", "LP"]);
  const baseReserve = toUnits(preset.pool.baseReserve, BASE_DECIMALS);
  await clock.mine(() => debt.mint(pool, toUnits(preset.pool.baseReserve * preset.initialPrice, DEBT_DECIMALS)));
  await clock.mine(() => base.mint(pool, baseReserve));
  await clock.mine(() => pool.mint(admin.address));
  const feed = await deploy<LaggedPriceFeed>("LaggedPriceFeed", [
    FEED_DECIMALS,
    "ETH / USD",
    admin.address,
    admin.address,
    preset.oracleLatencySeconds,
    0,
  ]);
  const price8 = (p: number) => toUnits(p, FEED_DECIMALS);
  // The first round is visible at once (the market opens on it).
  await clock.mine(() => feed.setLatency(0, 0));
  await clock.mine(() => feed.submit(price8(preset.initialPrice), clock.now));
  await clock.mine(() => feed.setLatency(preset.oracleLatencySeconds, 0));
  const params = perpParams(preset);
  const market = await deploy<PerpMarket>("PerpMarket", [pool, debt, base, feed, admin.address, params]);
  const vaultCash = toUnits(preset.vault.cash, DEBT_DECIMALS);
  const vaultBase = toUnits(preset.vault.base, BASE_DECIMALS);
  const insurance = toUnits(preset.insuranceFund, DEBT_DECIMALS);
  await clock.mine(() => debt.mint(admin.address, vaultCash + insurance));
  await clock.mine(() => base.mint(admin.address, vaultBase));
  await clock.mine(() => debt.approve(market, ethers.MaxUint256));
  await clock.mine(() => base.approve(market, ethers.MaxUint256));
  await clock.mine(() => market.fundVault(vaultCash, vaultBase));
  if (insurance > 0n) await clock.mine(() => market.fundInsurance(insurance));
  // The arbitrageur's inventory: deep enough for any trade of the run.
  const arbDebt = toUnits(preset.pool.baseReserve * preset.initialPrice * 10, DEBT_DECIMALS);
  await clock.mine(() => debt.mint(arb.address, arbDebt));
  await clock.mine(() => base.mint(arb.address, baseReserve * 10n));

  const gas: PerpRunResult["gas"] = { open: [], liquidateMarket: [], liquidateBackstop: [] };
  const opened = { longs: 0, shorts: 0, skipped: 0, longNotional: 0, shortNotional: 0 };
  if (withTraders) {
    const book = samplePerpBook(new Rng(preset.seed), preset.longs, preset.shorts);
    for (const [i, intent] of book.entries()) {
      const trader = await traderSigner(hre, preset.seed, i);
      const size = toUnits(intent.notional / preset.initialPrice, BASE_DECIMALS);
      const [reserveBase, reserveDebt] = await reservesOf(pool, base);
      const executed = intent.isLong
        ? amountIn(size, reserveDebt, reserveBase, BigInt(preset.pool.feeBps))
        : amountOut(size, reserveBase, reserveDebt, BigInt(preset.pool.feeBps));
      const markNotional = (size * (await market.markPrice())) / BASE_UNIT;
      const margin = marginFor(executed, markNotional, intent.leverage, intent.isLong, params.takerFeeBps);
      await clock.mine(() => debt.connect(trader).mint(trader, margin));
      await clock.mine(() => debt.connect(trader).approve(market, margin));
      const receipt = await clock.tryMine(() =>
        market.connect(trader).openPosition(intent.isLong, size, margin, executed, TX_GAS),
      );
      if (!receipt) {
        opened.skipped++;
        continue;
      }
      gas.open.push(receipt.gasUsed);
      // The book is already in the start price: the arbitrageur restores the pool, its external leg is not counted.
      const [rbAfter, rdAfter] = await reservesOf(pool, base);
      const restore = arbTrade(rbAfter, rdAfter, toUnits(preset.initialPrice, DEBT_DECIMALS), BASE_UNIT, 0n);
      if (restore) await arbitrage(clock, pool, debt, base, arb, restore, BigInt(preset.pool.feeBps));
      if (intent.isLong) {
        opened.longs++;
        opened.longNotional += num(executed, DEBT_UNIT);
      } else {
        opened.shorts++;
        opened.shortNotional += num(executed, DEBT_UNIT);
      }
    }
  }

  const rows: PerpStepRow[] = [];
  let impact = 1;
  const vaultStart = await vaultEquity(market, toUnits(preset.initialPrice, DEBT_DECIMALS));
  const unwindPerStep = toUnits(preset.vault.unwindPerStep, BASE_DECIMALS);
  for (let step = 0; step < preset.steps; step++) {
    clock.now = Math.max(clock.now, START_TIME + 1_000 + step * preset.stepSeconds);
    const external = exogenousPrice(preset.initialPrice, step, preset.shock) * impact;
    if (step % preset.oracleUpdateEverySteps === 0) await clock.mine(() => feed.submit(price8(external), clock.now));
    // The arbitrageur: the pool back to the external price; its other leg trades on the external market.
    const [reserveBase, reserveDebt] = await reservesOf(pool, base);
    const trade = arbTrade(
      reserveBase,
      reserveDebt,
      toUnits(external, DEBT_DECIMALS),
      BASE_UNIT,
      BigInt(preset.pool.feeBps),
    );
    if (trade) {
      const flow = await arbitrage(clock, pool, debt, base, arb, trade, BigInt(preset.pool.feeBps));
      impact *= impactFactor(flow, preset.externalDepthUsd);
    }
    let marketLiquidations = 0;
    let backstopTakeovers = 0;
    let liquidatedNotional = 0;
    let adlEvents = 0;
    for (const id of await liquidationTargets(market)) {
      const receipt = await clock.tryMine(() => market.connect(keeper).liquidate(id, TX_GAS));
      if (!receipt) continue;
      for (const log of receipt.logs) {
        const parsed = safeParse(market, log);
        if (parsed?.name === "Liquidated") {
          const backstop = parsed.args.kind === 1n;
          if (backstop) backstopTakeovers++;
          else marketLiquidations++;
          (backstop ? gas.liquidateBackstop : gas.liquidateMarket).push(receipt.gasUsed);
          liquidatedNotional += num(parsed.args.exitNotional, DEBT_UNIT);
        }
        if (parsed?.name === "AutoDeleveraged") adlEvents++;
      }
    }
    const unwind = unwindAmount(await market.backstopExposure(), unwindPerStep);
    if (unwind !== 0n) {
      const amount = unwind > 0n ? unwind : -unwind;
      await clock.tryMine(() => market.unwindBackstop(amount, 0n, ethers.MaxUint256, TX_GAS));
    }
    const [rb, rd] = await reservesOf(pool, base);
    rows.push({
      step,
      externalPrice: round(external, 2),
      poolPrice: round(Number((rd * BASE_UNIT) / rb) / Number(DEBT_UNIT), 2),
      markPrice: round(num(await market.markPrice(), DEBT_UNIT), 2),
      marketLiquidations,
      backstopTakeovers,
      liquidatedNotional: round(liquidatedNotional, 2),
      insuranceFund: round(num(await market.insuranceFund(), DEBT_UNIT), 2),
      badDebtTotal: round(num(await market.badDebtTotal(), DEBT_UNIT), 2),
      coveredByInsurance: round(num(await market.badDebtCoveredByInsurance(), DEBT_UNIT), 2),
      coveredByAdl: round(num(await market.badDebtCoveredByAdl(), DEBT_UNIT), 2),
      uncovered: round(num(await market.badDebtUncovered(), DEBT_UNIT), 2),
      adlEvents,
      longOpenInterest: round(num(await market.longOpenInterest(), BASE_UNIT), 4),
      shortOpenInterest: round(num(await market.shortOpenInterest(), BASE_UNIT), 4),
      backstopExposure: round(num(await market.backstopExposure(), BASE_UNIT), 4),
      openPositions: (await market.openPositionIds()).length,
      vaultPnl: round(num((await vaultEquity(market, (rd * BASE_UNIT) / rb)) - vaultStart, DEBT_UNIT), 2),
    });
  }
  const held = await debt.balanceOf(market);
  const booked =
    (await market.totalMargin()) +
    (await market.insuranceFund()) +
    (await market.vaultCash()) +
    (await market.protocolFees());
  const conserved = held === booked && (await base.balanceOf(market)) === (await market.vaultBase());
  return { rows, opened, gas, conserved };
}

/**
 * The vault's equity at `price` (debt units per whole base): its cash and base, less what it owes the open
 * positions (a long is owed its base's value minus the cash its hedge cost; a short its proceeds minus its
 * buy-back's value). Takeovers at a lagging mark and inventory sold lower show here, not as bad debt.
 */
export async function vaultEquity(market: PerpMarket, price: bigint): Promise<bigint> {
  let equity = (await market.vaultCash()) + ((await market.vaultBase()) * price) / BASE_UNIT;
  for (const id of await market.openPositionIds()) {
    const p = await market.position(id);
    const value = (p.size * price) / BASE_UNIT;
    equity -= p.isLong ? value - p.entryNotional : p.entryNotional - value;
  }
  return equity;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function safeParse(market: PerpMarket, log: { topics: readonly string[]; data: string }) {
  try {
    return market.interface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return null;
  }
}

async function traderSigner(hre: HardhatRuntimeEnvironment, seed: string, i: number): Promise<Signer> {
  const { ethers } = hre;
  const wallet = new ethers.Wallet(ethers.id(`perp-trader/${seed}/${i}`), ethers.provider);
  await hre.network.provider.send("hardhat_setBalance", [wallet.address, "0x56BC75E2D63100000"]);
  return wallet;
}

async function reservesOf(pool: ConstantProductPool, base: MockERC20): Promise<[bigint, bigint]> {
  const [r0, r1] = await pool.getReserves();
  return (await pool.token0()) === (await base.getAddress()) ? [r0, r1] : [r1, r0];
}

/** Executes the arbitrageur's pool trade; returns its external leg as net debt sold (negative: bought). */
async function arbitrage(
  clock: Clock,
  pool: ConstantProductPool,
  debt: MockERC20,
  base: MockERC20,
  arb: Signer,
  trade: { sellBase: boolean; baseAmount: bigint },
  feeBps: bigint,
): Promise<number> {
  const [rb, rd] = await reservesOf(pool, base);
  const baseIs0 = (await pool.token0()) === (await base.getAddress());
  const to = await arb.getAddress();
  if (trade.sellBase) {
    const out = amountOut(trade.baseAmount, rb, rd, feeBps);
    await clock.mine(() => base.connect(arb).transfer(pool, trade.baseAmount));
    await clock.mine(() => pool.connect(arb).swap(baseIs0 ? 0n : out, baseIs0 ? out : 0n, to, "0x"));
    // It buys the base back externally: negative selling.
    return -num(out, DEBT_UNIT);
  }
  const cost = amountIn(trade.baseAmount, rd, rb, feeBps);
  await clock.mine(() => debt.connect(arb).transfer(pool, cost));
  await clock.mine(() =>
    pool.connect(arb).swap(baseIs0 ? trade.baseAmount : 0n, baseIs0 ? 0n : trade.baseAmount, to, "0x"),
  );
  // It sells the base it bought on the external market.
  return num(cost, DEBT_UNIT);
}
