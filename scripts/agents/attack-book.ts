/**
 * The attacker's books: its outcome (`AttackResult`), from its mined transactions' decoded events — liquidations
 * (as records for the run), swaps on the AMM and the flash venue (fees and price impact at the external price), the
 * contract's own `FlashAttack` profit — and the gas it paid.
 */
import type { World } from "../sim/world/types";
import type { LiquidationRecord } from "../sim/metrics";
import type { AttackResult } from "../sim/agent-reports";
import { fromFixedUnits } from "../sim/wad";
import { is } from "../sim/engine/events";
import { liquidationRecord, type Landing } from "../sim/engine/records";
import type { MinedContext, MinedOutcome, MinedTx } from "./types";

export class AttackBook {
  readonly result: AttackResult;
  /** Borrowers the attacker has liquidated. */
  readonly liquidated = new Set<string>();

  /**
   * @param name the attacker's agent name (its records' `keeper`)
   * @param liquidator the attacker's address (its records' `liquidator`)
   */
  constructor(
    world: World,
    private readonly name: string,
    private readonly liquidator: string,
  ) {
    const a = world.scenario.attack;
    this.result = {
      mode: a.mode,
      oracle: world.scenario.oracle.source,
      atBlock: a.atBlock,
      requiredDropPct: null,
      targetVictim: null,
      plannedVictims: 0,
      transactions: 0,
      reverted: 0,
      revertReason: null,
      revertedProfit: null,
      liquidations: 0,
      positionsLiquidated: 0,
      debtRepaid: 0,
      collateralSeized: 0,
      grossProfit: 0,
      swapFees: 0,
      priceImpact: 0,
      gasCost: 0,
      netProfit: 0,
      onChainProfit: null,
      manipulatedPrice: null,
      prizeEstimate: 0,
      costEstimate: null,
      costEstimates: {},
      heldBlocks: 0,
    };
  }

  /**
   * Books a mined attack transaction at the block's external price; returns the liquidation records it produced
   * (gas charged to the first).
   */
  onMined({ receipt, events }: MinedTx, ctx: MinedContext): MinedOutcome {
    const { world, externalPrice } = ctx;
    const r = this.result;
    const dd = world.debtDecimals;
    const cd = world.collateralDecimals;
    const gas = ctx.gas.gasCost;
    r.gasCost += fromFixedUnits(gas, dd);
    if (receipt.status !== 1) {
      r.reverted += 1;
      this.finish();
      return {};
    }
    const me = world.addresses.manipulator.toLowerCase();
    const collateralIs0 = world.addresses.collateral.toLowerCase() < world.addresses.debt.toLowerCase();
    const value = (collateralIn: bigint, debtIn: bigint) =>
      fromFixedUnits(collateralIn, cd) * externalPrice + fromFixedUnits(debtIn, dd);
    const at: Landing = {
      block: ctx.block,
      chainBlock: receipt.blockNumber,
      txHash: receipt.hash,
      actor: this.name,
      liquidator: this.liquidator,
      externalPrice,
      market: ctx.market,
      asset: ctx.asset,
    };
    const records: LiquidationRecord[] = [];
    for (const e of events) {
      if (is(e, "pool:Liquidation")) {
        if (e.args.liquidator.toLowerCase() !== me) continue;
        const { borrower, repaid, seized, price } = e.args;
        r.liquidations += 1;
        this.liquidated.add(borrower);
        r.positionsLiquidated = this.liquidated.size;
        r.debtRepaid += fromFixedUnits(repaid, dd);
        r.collateralSeized += fromFixedUnits(seized, cd);
        const gross = value(seized, 0n) - fromFixedUnits(repaid, dd);
        r.grossProfit += gross;
        const p = fromFixedUnits(price, 18);
        r.manipulatedPrice = r.manipulatedPrice === null ? p : Math.min(r.manipulatedPrice, p);
        // Realized by the records' rule (proceeds − repaid): the attack's own sale and profit are in `attack`.
        records.push(liquidationRecord("fixed-bonus", at, borrower, repaid, seized, p));
      } else if (is(e, "amm:Swap") || is(e, "attack-lender:Swap")) {
        if (e.args.to.toLowerCase() !== me) continue;
        const { amount0In: in0, amount1In: in1, amount0Out: out0, amount1Out: out1 } = e.args;
        const [cIn, dIn, cOut, dOut] = collateralIs0 ? [in0, in1, out0, out1] : [in1, in0, out1, out0];
        const given = value(cIn, dIn);
        const fee = (given * world.scenario.amm.feeBps) / 10_000;
        r.swapFees += fee;
        r.priceImpact += given - value(cOut, dOut) - fee;
      } else if (is(e, "manipulator:FlashAttack")) {
        r.onChainProfit = fromFixedUnits(e.args.profit, dd);
        const p = fromFixedUnits(e.args.priceWad, 18);
        r.manipulatedPrice = r.manipulatedPrice === null ? p : Math.min(r.manipulatedPrice, p);
      }
    }
    if (records.length) records[0].gasUsed = receipt.gasUsed;
    if (records.length) records[0].gasCost = gas;
    this.finish();
    return { liquidations: records };
  }

  /** Net profit: gross less swap fees, price impact and gas. */
  private finish() {
    const r = this.result;
    r.netProfit = r.grossProfit - r.swapFees - r.priceImpact - r.gasCost;
  }
}
