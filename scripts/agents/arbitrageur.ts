/**
 * The arbitrageur: trades the AMM toward the external price, within its per-block throughput and capital, and
 * offsets each trade on the external market (the engine turns the offset into external net flow, which moves the
 * external price by the external market's impact). Inventory is settled off-chain: the arbitrageur holds enough of
 * both tokens on-chain, and `capital` caps the size of a trade.
 */
import type { World, Agent } from "../sim/world/types";
import { gwei } from "../sim/chain";
import { toFixedUnits } from "../sim/wad";
import type { SentTx, SimAgent, View } from "./types";

const DEADLINE = 2n ** 40n;

export class Arbitrageur implements SimAgent {
  readonly keeper = false;
  constructor(
    readonly name: string,
    private readonly me: Agent,
    private readonly share: number,
  ) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const a = world.scenario.arbitrage;
    const gap = (view.ammPrice - view.externalPrice) / view.externalPrice;
    if (Math.abs(gap) * 10_000 < a.minEdgeBps) return [];
    const { collateral: x, debt: y } = view.reserves;
    const fee = 1 - world.scenario.amm.feeBps / 10_000;
    // Price target in base units: debt per collateral unit.
    const scale = 10 ** (world.debtDecimals - world.collateralDecimals);
    const targetUnits = view.externalPrice * scale;
    const k = Number(x) * Number(y);
    // Each arbitrageur trades its share of the gap, up to its own per-block throughput and capital.
    const cap = Math.min(a.maxTradePerBlock, a.capital);
    let tokenIn: string;
    let amountIn: bigint;
    if (gap < 0) {
      // AMM cheap: buy collateral with debt until y/x = target.
      const yTarget = Math.sqrt(k * targetUnits);
      const needed = (yTarget - Number(y)) / fee;
      const capUnits = Number(toFixedUnits(cap, world.debtDecimals));
      amountIn = BigInt(Math.floor(Math.max(0, Math.min(needed * this.share, capUnits))));
      tokenIn = world.addresses.debt;
    } else {
      // AMM dear: sell collateral into it until y/x = target.
      const xTarget = Math.sqrt(k / targetUnits);
      const needed = (xTarget - Number(x)) / fee;
      const capUnits = Number(toFixedUnits(cap / view.externalPrice, world.collateralDecimals));
      amountIn = BigInt(Math.floor(Math.max(0, Math.min(needed * this.share, capUnits))));
      tokenIn = world.addresses.collateral;
    }
    if (amountIn === 0n) return [];
    const tip = gwei(1);
    const tx = await world.router
      .connect(this.me.signer)
      .swapExactTokensForTokens(world.addresses.amm, tokenIn, amountIn, 0, this.me.address, DEADLINE, {
        gasLimit: 200_000,
        maxPriorityFeePerGas: tip,
        maxFeePerGas: view.baseFee * 2n + tip,
      });
    return [{ hash: tx.hash, agent: this.name, kind: "arbitrage", keeper: false, sentBlock: view.block }];
  }
}
