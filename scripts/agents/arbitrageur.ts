/**
 * The arbitrageur: trades the AMM toward the external price, within its per-block throughput and capital, and
 * offsets each trade on the external market (the engine turns the offset into external net flow, which moves the
 * external price by the external market's impact). Inventory is settled off-chain: the arbitrageur holds enough of
 * both tokens on-chain, and `capital` caps the size of a trade.
 */
import type { World, Agent } from "../sim/world/types";
import { gwei } from "../sim/chain";
import type { AgentFactory, AgentSetup, MinedContext, MinedOutcome, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";
import { fromFixedUnits, toFixedUnits } from "../sim/wad";
import { eventsOf } from "../sim/engine/events";
import { makeAgent } from "../sim/world/accounts";
import { encodeCall } from "../sim/calldata";

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
    // Raw (one RPC call): the same transaction ethers' signer would send, without its look-ups.
    const hash = await world.chain.sendTransaction({
      from: this.me.address,
      to: world.addresses.router,
      data: encodeCall(world.router.interface, "swapExactTokensForTokens", [
        world.addresses.amm,
        tokenIn,
        amountIn,
        0,
        this.me.address,
        DEADLINE,
      ]),
      gasLimit: 200_000,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: view.baseFee * 2n + tip,
    });
    return [{ hash, agent: this.name, kind: "arbitrage", keeper: false, sentBlock: view.block }];
  }

  /** Its trade's offset on the external market: the collateral it took out of the AMM is sold outside (and back). */
  onMined({ receipt, events }: MinedTx, { world, externalPrice }: MinedContext): MinedOutcome {
    if (receipt.status !== 1) return {};
    const swap = eventsOf(events, "amm:Swap")[0];
    if (!swap) return {};
    const collateralIs0 = world.addresses.collateral.toLowerCase() < world.addresses.debt.toLowerCase();
    const { amount0In: in0, amount1In: in1, amount0Out: out0, amount1Out: out1 } = swap.args;
    const bought = collateralIs0 ? out0 : out1; // collateral taken out of the AMM is sold outside
    const sold = collateralIs0 ? in0 : in1; // collateral put into the AMM was bought outside
    return { externalFlow: fromFixedUnits(bought - sold, world.collateralDecimals) * externalPrice };
  }
}

/**
 * `arbitrage.count` arbitrageurs, each holding inventory for both directions of trade (settled off-chain against the
 * external market): `10 × capital` debt tokens and as much collateral at the initial price.
 */
export const arbitrageurSetup: AgentFactory = {
  kind: "arbitrageur",
  rank: 30,
  create: (setup) => createArbitrageurs(setup),
};

/** The arbitrageurs of the AMM of `setup.world`'s asset, named `<label>/<i>`. */
export async function createArbitrageurs(
  { world, initialPrice, hashes }: AgentSetup,
  label = "arbitrageur",
): Promise<SimAgent[]> {
  const s = world.scenario;
  const admin = world.deployer.signer;
  const arbs: SimAgent[] = [];
  for (let i = 0; i < s.arbitrage.count; i++) {
    const me = await makeAgent(world.hre, world.chain, `${label}/${i}`);
    const capital = BigInt(Math.ceil(s.arbitrage.capital * 10));
    const collateral =
      (capital * 10n ** BigInt(world.collateralDecimals)) / BigInt(Math.max(1, Math.floor(initialPrice)));
    const debt = capital * 10n ** BigInt(world.debtDecimals);
    hashes.push((await world.debt.connect(admin).mint(me.address, debt, SETUP_GAS)).hash);
    hashes.push((await world.collateral.connect(admin).mint(me.address, collateral, SETUP_GAS)).hash);
    hashes.push((await world.debt.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
    hashes.push((await world.collateral.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
    arbs.push(new Arbitrageur(`${label}/${i}`, me, 1 / s.arbitrage.count));
  }
  return arbs;
}
