/**
 * The oracle-manipulation attacker (`attack` section of a scenario), acting through its `OracleManipulator`
 * contract. At `atBlock` it reads the book, picks the richest victim it can reach (largest debt among positions
 * needing an oracle drop ≤ `maxDropPct`), and sizes the drop that puts that victim at `targetHealth`; every position
 * that the same drop puts under water is a victim too.
 * - `flash`: ONE transaction: flash-borrow collateral from a deep second AMM, dump it into the market's AMM down to
 *   that price, liquidate the victims, buy back, repay, keep the profit. Simulated first (the expected revert, if
 *   any, is recorded with its numbers) and sent anyway, so the chain shows what the market lets through.
 * - `multi-block`: its own collateral; holds the AMM spot down at the cost-minimizing hold price of
 *   `heldCost` (its transaction last in each block, after the arbitrageurs), liquidates the victims the moment the
 *   market's oracle shows them under water, and unwinds (buys the collateral back at or below the external price)
 *   once the richest victim is liquidated or after `maxHoldBlocks`.
 * Its accounting values every leg at the external price of the block: gross = seized − repaid, costs = swap and
 * flash fees, price impact (value given away beyond the fee) and gas; net = gross − costs.
 */
import type { World, Agent } from "../sim/world/types";
import { gwei } from "../sim/chain";
import { fromFixedUnits, toFixedUnits, toWad } from "../sim/wad";
import {
  heldCost,
  medianCost,
  prizeAt,
  requiredDrop,
  sellToReachPrice,
  spotFlashCost,
  type CostEstimate,
  type CostInputs,
  type VictimPosition,
} from "../sim/attack-cost";
import type { AgentFactory, MinedContext, MinedOutcome, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS } from "./types";
import { makeAgent } from "../sim/world/accounts";
import type { AgentReports, AttackResult } from "../sim/agent-reports";
import { AttackBook } from "./attack-book";

/** Gas pinned per transaction (Hardhat's priority ordering misbehaves with estimated gas). */
const GAS = { base: 600_000, perTry: 200_000, push: 250_000, liquidateBase: 200_000 };
/** Walks of the victim list (a close-factor-limited liquidation may leave a victim still under water). */
const PASSES = 2;
/** Tip of the push and unwind transactions: lowest, so they run after the arbitrageurs in the block. */
const LAST_TIP = gwei(0.01);

export type AttackPhase = "waiting" | "push" | "unwind" | "done";

export class Attacker implements SimAgent {
  readonly name = "attacker";
  readonly keeper = false;
  phase: AttackPhase = "waiting";
  private victims: string[] = [];
  private target: string | null = null;
  private targetDebt = 0n;
  private holdPriceWad = 0n;
  private pushStart = 0;
  private initialCollateral = 0n;
  /** Its outcome and the borrowers it liquidated, booked from its mined transactions. */
  private readonly book: AttackBook;

  constructor(
    private readonly me: Agent,
    world: World,
  ) {
    this.book = new AttackBook(world, this.name, me.address);
  }

  get result(): AttackResult {
    return this.book.result;
  }

  private get liquidated(): ReadonlySet<string> {
    return this.book.liquidated;
  }

  get address() {
    return this.me.address;
  }

  async act(view: View, world: World): Promise<SentTx[]> {
    const a = world.scenario.attack;
    if (this.phase === "done" || view.block < a.atBlock) return [];
    if (this.phase === "waiting") {
      if (!this.plan(view, world)) {
        this.phase = "done";
        return [];
      }
      if (a.mode === "flash") {
        this.phase = "done";
        return [await this.flash(view, world)];
      }
      this.phase = "push";
      this.pushStart = view.block;
      this.initialCollateral = await world.collateral.balanceOf(world.addresses.manipulator);
    }
    if (this.phase === "push") {
      const sent: SentTx[] = [];
      const crossed = this.victims.filter((v) => view.liquidatable.includes(v) && !this.liquidated.has(v));
      if (crossed.length) sent.push(await this.liquidate(crossed, view, world));
      const giveUp = view.block - this.pushStart >= a.maxHoldBlocks;
      // Done once the target has been liquidated (by the attacker or, having crossed, by a keeper).
      const targetHit = this.target !== null && (view.positions.get(this.target)?.debt ?? 0n) < this.targetDebt;
      if (giveUp || targetHit) this.phase = "unwind";
      else {
        sent.push(await this.push(view, world));
        this.result.heldBlocks += 1;
      }
      if (this.phase !== "unwind") return sent;
      return [...sent, ...(await this.unwind(view, world))];
    }
    return this.unwind(view, world);
  }

  /** Picks the target and the victims; false when nobody is reachable. */
  private plan(view: View, world: World): boolean {
    const s = world.scenario;
    const a = s.attack;
    const dd = world.debtDecimals;
    const cd = world.collateralDecimals;
    const positions: VictimPosition[] = [...view.positions.entries()]
      .filter(([, p]) => p.debt > 0n)
      .map(([borrower, p]) => ({
        borrower,
        collateral: fromFixedUnits(p.collateral, cd),
        debt: fromFixedUnits(p.debt, dd),
        health: p.health,
      }));
    const reachable = positions
      .map((p) => ({ p, d: requiredDrop(p.health, a.targetHealth) }))
      .filter(({ d }) => d > 0 && d <= a.maxDropPct / 100)
      .sort((x, y) => y.p.debt - x.p.debt);
    if (!reachable.length) return false;
    const { p: target, d } = reachable[0];
    const terms = {
      liquidationBonusBps: s.market.collateral.liquidationBonusBps,
      closeFactor: s.market.closeFactor,
      fullCloseHealthFactor: s.market.fullCloseHealthFactor,
    };
    const prize = prizeAt(positions, d, view.externalPrice, terms);
    const byDebt = new Map(positions.map((p) => [p.borrower, p.debt]));
    this.victims = prize.victims.sort((x, y) => byDebt.get(y)! - byDebt.get(x)!);
    this.target = target.borrower;
    this.targetDebt = view.positions.get(target.borrower)!.debt;
    const inputs = this.costInputs(view, world, d);
    const estimates: Record<string, CostEstimate> = {
      "amm-spot-live": spotFlashCost(inputs),
      "amm-spot": heldCost(inputs, 0, "amm-spot"),
      "amm-twap": heldCost(inputs, s.oracle.twapWindowSeconds, "amm-twap"),
      median: medianCost(inputs, s.oracle.medianOf, s.oracle.twapWindowSeconds),
    };
    const r = this.result;
    r.requiredDropPct = 100 * d;
    r.targetVictim = target.borrower;
    r.plannedVictims = this.victims.length;
    r.prizeEstimate = prize.prize;
    r.costEstimates = estimates;
    r.costEstimate = s.oracle.source === "external" ? null : estimates[s.oracle.source];
    // Multi-block: the cost-minimizing hold price for this oracle (live spot and lagged spot: the drop itself).
    const hold = r.costEstimate?.holdDrop ?? d;
    this.holdPriceWad = toWad(view.oraclePrice * (1 - hold));
    return true;
  }

  private costInputs(view: View, world: World, d: number): CostInputs {
    const s = world.scenario;
    const latency = s.oracle.latencyBlocks + Math.ceil(s.oracle.latencySeconds / s.chain.blockTimeSeconds) + 1;
    return {
      reserves: {
        collateral: fromFixedUnits(view.reserves.collateral, world.collateralDecimals),
        debt: fromFixedUnits(view.reserves.debt, world.debtDecimals),
      },
      price: view.externalPrice,
      feeBps: s.amm.feeBps,
      lenderFeeBps: s.amm.feeBps,
      requiredDrop: d,
      blockSeconds: s.chain.blockTimeSeconds,
      latencyBlocks: latency,
      arbCapacityPerBlock: s.arbitrage.count * Math.min(s.arbitrage.maxTradePerBlock, s.arbitrage.capital),
    };
  }

  private fee(view: View, tip: bigint) {
    return { maxPriorityFeePerGas: tip, maxFeePerGas: view.baseFee * 2n + tip };
  }

  private tip(world: World) {
    return gwei(world.scenario.attack.priorityFeeGwei);
  }

  private async flash(view: View, world: World): Promise<SentTx> {
    const s = world.scenario;
    const reserves = {
      collateral: fromFixedUnits(view.reserves.collateral, world.collateralDecimals),
      debt: fromFixedUnits(view.reserves.debt, world.debtDecimals),
    };
    const hold = (this.result.requiredDropPct ?? 0) / 100;
    const amount = sellToReachPrice(reserves, view.oraclePrice * (1 - hold), s.amm.feeBps);
    // Gas: what one block can carry, at most.
    const maxTries = Math.max(1, Math.floor((s.chain.blockGasLimit / 2 - GAS.base) / (GAS.perTry * PASSES)));
    const victims = this.victims.slice(0, maxTries);
    const params = {
      lender: world.addresses.attackLender,
      oracleAmm: world.addresses.amm,
      market: world.addresses.pool,
      victims,
      borrowAmount: toFixedUnits(amount, world.collateralDecimals),
      passes: PASSES,
      minProfit: toFixedUnits(s.attack.minProfit, world.debtDecimals),
    };
    const m = world.manipulator!.connect(this.me.signer);
    try {
      await m.flashAttack.staticCall(params);
    } catch (e) {
      const revert = decodeRevert(e, world);
      this.result.revertReason = revert.text;
      if (revert.name === "UnprofitableAttack") {
        this.result.revertedProfit = fromFixedUnits(revert.args[0] as bigint, world.debtDecimals);
      }
    }
    const gasLimit = GAS.base + victims.length * GAS.perTry * PASSES;
    const tx = await m.flashAttack(params, { gasLimit, ...this.fee(view, this.tip(world)) });
    this.result.transactions += 1;
    return { hash: tx.hash, agent: this.name, kind: "attack", keeper: false, sentBlock: view.block };
  }

  private async push(view: View, world: World): Promise<SentTx> {
    const m = world.manipulator!.connect(this.me.signer);
    const tx = await m.pushPriceDown(world.addresses.amm, this.holdPriceWad, 2n ** 255n, {
      gasLimit: GAS.push,
      ...this.fee(view, LAST_TIP),
    });
    this.result.transactions += 1;
    return { hash: tx.hash, agent: this.name, kind: "attack", keeper: false, sentBlock: view.block };
  }

  private async liquidate(victims: string[], view: View, world: World): Promise<SentTx> {
    const m = world.manipulator!.connect(this.me.signer);
    const gasLimit = GAS.liquidateBase + victims.length * GAS.perTry * PASSES;
    const tx = await m.liquidateMany(world.addresses.pool, victims, PASSES, {
      gasLimit,
      ...this.fee(view, this.tip(world)),
    });
    this.result.transactions += 1;
    return { hash: tx.hash, agent: this.name, kind: "attack", keeper: false, sentBlock: view.block };
  }

  /** Buys back the collateral sold, at or below the external price; done when restored. */
  private async unwind(view: View, world: World): Promise<SentTx[]> {
    const held = await world.collateral.balanceOf(world.addresses.manipulator);
    if (held >= this.initialCollateral) {
      this.phase = "done";
      return [];
    }
    const missing = fromFixedUnits(this.initialCollateral - held, world.collateralDecimals);
    const maxIn = toFixedUnits(missing * view.externalPrice * 1.01, world.debtDecimals);
    const m = world.manipulator!.connect(this.me.signer);
    const tx = await m.pushPriceUp(world.addresses.amm, toWad(view.externalPrice), maxIn, {
      gasLimit: GAS.push,
      ...this.fee(view, LAST_TIP),
    });
    this.result.transactions += 1;
    return [{ hash: tx.hash, agent: this.name, kind: "attack", keeper: false, sentBlock: view.block }];
  }

  onMined(mined: MinedTx, ctx: MinedContext): MinedOutcome {
    return this.book.onMined(mined, ctx);
  }

  report(reports: AgentReports): void {
    reports.attack = this.result;
  }
}

/** The custom error a simulated call reverted with, as `Name(arg, …)`, from the manipulator's or market's ABI. */
function decodeRevert(e: unknown, world: World): { text: string; name: string | null; args: unknown[] } {
  const data = (e as { data?: string }).data;
  if (typeof data === "string" && data.length >= 10) {
    for (const iface of [world.manipulator!.interface, world.lab.interface]) {
      try {
        const parsed = iface.parseError(data);
        if (parsed) {
          return {
            text: `${parsed.name}(${parsed.args.map(String).join(", ")})`,
            name: parsed.name,
            args: [...parsed.args],
          };
        }
      } catch {
        // not this ABI
      }
    }
  }
  return { text: (e as Error).message?.split("\n")[0] ?? "reverted", name: null, args: [] };
}

/**
 * `attack.enabled`: the attacker, whose contract (deployed with the world) holds its float — debt tokens for a flash
 * attack, collateral worth `attack.capital` at the initial price to sell for a multi-block one.
 */
export const attackerSetup: AgentFactory = {
  kind: "attacker",
  rank: 40,
  async create({ world, initialPrice, hashes }) {
    const s = world.scenario;
    if (!s.attack.enabled) return [];
    const me = await makeAgent(world.hre, world.chain, "attacker");
    const m = world.addresses.manipulator;
    const admin = world.deployer.signer;
    if (s.attack.mode === "flash") {
      const float = toFixedUnits(s.attack.capital, world.debtDecimals);
      hashes.push((await world.debt.connect(admin).mint(m, float, SETUP_GAS)).hash);
    } else {
      const amount = toFixedUnits(s.attack.capital / initialPrice, world.collateralDecimals);
      hashes.push((await world.collateral.connect(admin).mint(m, amount, SETUP_GAS)).hash);
    }
    return [new Attacker(me, world)];
  },
};
