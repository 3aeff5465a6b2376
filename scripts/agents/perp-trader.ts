/**
 * Leveraged perp traders, as populations like the borrowers': each side draws its notionals (lognormal) and
 * leverages (uniform) from the seeded stream, and each trader opens one isolated position early in the run. Sampling
 * is pure (`samplePerpBook`); the margin is sized from the pool's quote (`marginFor`) so the initial margin holds at
 * the mark after the hedge's slippage. The engine agent (`PerpTrader`, factory `perpTraderSetup`) and the
 * standalone perp driver (scripts/derivatives/perp/run.ts) share both.
 */
import { gwei } from "../sim/chain";
import { Rng } from "../sim/random";
import { toFixedUnits } from "../sim/wad";
import { makeAgent } from "../sim/world/accounts";
import type { Agent, World } from "../sim/world/types";
import { amountIn, amountOut } from "../derivatives/perp/external";
import { perpParamsFor } from "../derivatives/engine/build";
import { perpLedger } from "../derivatives/engine/perp-ledger";
import type { AgentFactory, AgentSetup, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";

/** Worst fill a trader accepts, bps away from the quote at the block's start (others open in the same block). */
const SLACK_BPS = 500n;
const OPEN_GAS = 1_500_000;

export interface PerpPopulation {
  count: number;
  medianNotional: number;
  notionalSigma: number;
  minLeverage: number;
  maxLeverage: number;
}

/** One trader's intent: side, notional (debt tokens, at the start price) and leverage (×). */
export interface PerpTraderIntent {
  isLong: boolean;
  notional: number;
  leverage: number;
}

/** Draws a book: all longs, then all shorts, each from its own fork of `rng` (adding shorts never moves longs). */
export function samplePerpBook(rng: Rng, longs: PerpPopulation, shorts: PerpPopulation): PerpTraderIntent[] {
  const draw = (stream: Rng, pop: PerpPopulation, isLong: boolean) =>
    Array.from({ length: pop.count }, () => ({
      isLong,
      notional: pop.medianNotional * stream.lognormal(0, pop.notionalSigma),
      leverage: stream.uniformIn(pop.minLeverage, pop.maxLeverage),
    }));
  return [...draw(rng.fork("longs"), longs, true), ...draw(rng.fork("shorts"), shorts, false)];
}

/**
 * Margin (debt units) for `size` base units opened at `leverage` when the hedge executes at `executedNotional` and
 * the mark values it at `markNotional`: the initial margin on the larger of the two, plus the immediate loss to the
 * mark and the taker fee, plus `bufferBps` of the notional. Rounds up.
 */
export function marginFor(
  executedNotional: bigint,
  markNotional: bigint,
  leverage: number,
  isLong: boolean,
  takerFeeBps: bigint,
  bufferBps = 10n,
): bigint {
  const larger = executedNotional > markNotional ? executedNotional : markNotional;
  const lev = BigInt(Math.round(leverage * 1_000));
  const initial = (larger * 1_000n + lev - 1n) / lev;
  const immediateLoss = isLong
    ? executedNotional > markNotional
      ? executedNotional - markNotional
      : 0n
    : markNotional > executedNotional
      ? markNotional - executedNotional
      : 0n;
  const fee = (executedNotional * takerFeeBps + 9_999n) / 10_000n;
  return initial + immediateLoss + fee + (larger * bufferBps) / 10_000n + 1n;
}

/** One trader of the engine: opens its position in its block (`i mod perp.openBlocks`), then holds it. */
export class PerpTrader implements SimAgent {
  readonly keeper = false;
  private sent = false;

  constructor(
    readonly name: string,
    private readonly me: Agent,
    private readonly intent: PerpTraderIntent,
    private readonly openBlock: number,
    private readonly initialPrice: number,
  ) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const perp = world.derivatives?.perp;
    if (!perp || this.sent || view.block < this.openBlock) return [];
    this.sent = true;
    const s = world.scenario;
    const fee = BigInt(s.amm.feeBps);
    const size = toFixedUnits(this.intent.notional / this.initialPrice, world.collateralDecimals);
    const { collateral: rb, debt: rd } = view.reserves;
    const { isLong, leverage } = this.intent;
    const quote = isLong ? amountIn(size, rd, rb, fee) : amountOut(size, rb, rd, fee);
    const limit = isLong ? (quote * (10_000n + SLACK_BPS)) / 10_000n : (quote * (10_000n - SLACK_BPS)) / 10_000n;
    const mark = await perp.market.markPrice();
    const markNotional = (size * mark) / 10n ** BigInt(world.collateralDecimals);
    const takerFee = perpParamsFor(s.perp!.market, world.debtDecimals).takerFeeBps;
    // Sized on the worst fill it accepts: the initial margin holds whatever the others in its block do.
    const margin = marginFor(limit, markNotional, leverage, isLong, takerFee);
    const tip = gwei(1);
    const tx = await perp.market.connect(this.me.signer).openPosition(isLong, size, margin, limit, {
      gasLimit: OPEN_GAS,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: view.baseFee * 2n + tip,
    });
    return [{ hash: tx.hash, agent: this.name, kind: "perp-open", keeper: false, sentBlock: view.block }];
  }

  onMined({ receipt }: MinedTx, { world }: { world: World }): void {
    const perp = world.derivatives!.perp!;
    const ledger = perpLedger(world);
    if (receipt.status !== 1) {
      ledger.skipped++;
      return;
    }
    for (const log of receipt.logs) {
      const parsed = perp.market.interface.parseLog(log);
      if (parsed?.name !== "PositionOpened") continue;
      const notional = Number(parsed.args.entryNotional) / 10 ** world.debtDecimals;
      if (parsed.args.isLong) {
        ledger.longs++;
        ledger.longNotional += notional;
      } else {
        ledger.shorts++;
        ledger.shortNotional += notional;
      }
    }
  }
}

/**
 * The `perp.longs` and `perp.shorts` traders (`perp-trader/<i>`, longs first), drawn from `perp.seed` (default
 * `<scenario seed>/perp`); each holds its margin in debt tokens (minted at setup, with room for slippage) and has
 * approved the market. None without a `perp` section.
 */
export const perpTraderSetup: AgentFactory = {
  kind: "perp-trader",
  rank: 35,
  create: (setup) => createPerpTraders(setup),
};

async function createPerpTraders({ world, initialPrice, hashes }: AgentSetup): Promise<SimAgent[]> {
  const p = world.scenario.perp;
  const perp = world.derivatives?.perp;
  if (!p || !perp) return [];
  const book = samplePerpBook(new Rng(p.seed ?? `${world.scenario.seed}/perp`), p.longs, p.shorts);
  const market = await perp.market.getAddress();
  const traders: SimAgent[] = [];
  for (const [i, intent] of book.entries()) {
    const me = await makeAgent(world.hre, world.chain, `perp-trader/${i}`);
    // Margin at the leverage plus a quarter of the notional: room for the fill, the fee and the mark's lag.
    const wallet = toFixedUnits(intent.notional * (1 / intent.leverage + 0.25), world.debtDecimals);
    hashes.push((await world.debt.connect(me.signer).mint(me.address, wallet, SETUP_GAS)).hash);
    hashes.push((await world.debt.connect(me.signer).approve(market, UNLIMITED, SETUP_GAS)).hash);
    traders.push(new PerpTrader(`perp-trader/${i}`, me, intent, i % p.openBlocks, initialPrice));
  }
  return traders;
}
