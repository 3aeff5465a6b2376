/**
 * The delta-hedging dealer short gamma (issue 20): short `options.dealer.units` puts spread over the strikes, it
 * starts delta-hedged (holding its inventory plus Σ units·Δ of the collateral) and re-hedges on the AMM every block.
 * As the price falls the puts' |Δ| grows, so it sells more into the fall: the gamma loop. `options.dealer.hedges`
 * false keeps it short but unhedged (the counterfactual).
 */
import { toFixedUnits } from "../sim/wad";
import { makeAgent } from "../sim/world/accounts";
import type { Agent, World } from "../sim/world/types";
import { optionsLedger } from "../derivatives/engine/options-ledger";
import { toWad } from "../derivatives/engine/build";
import { hedgeFlow, sendHedge, wadToUnits } from "../derivatives/engine/hedging";
import { hedgeTarget } from "../derivatives/options/hedge";
import { OptionWriter, depositCover, fees } from "./option-writer";
import type { AgentFactory, AgentSetup, MinedContext, MinedOutcome, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";

export class OptionDealer extends OptionWriter {
  constructor(
    me: Agent,
    legs: readonly { id: bigint; units: bigint }[],
    marginMultiple: number,
    private readonly inventoryWad: bigint,
    private readonly minTradeWad: bigint,
    private readonly hedges: boolean,
  ) {
    super("option-dealer", me, legs, marginMultiple);
  }

  async act(view: View, world: World): Promise<SentTx[]> {
    const out = await super.act(view, world);
    if (view.block === 0) {
      // Starts hedged: its inventory plus Σ units·Δ at the opening spot (the series' deltas need no position).
      const venue = world.derivatives!.options!.venue;
      const legs = [];
      for (const leg of this.legs) legs.push({ units: leg.units, delta: (await venue.greeks(leg.id))[0] });
      const start = wadToUnits(hedgeTarget(this.inventoryWad, legs), world.collateralDecimals);
      const tx = await world.collateral
        .connect(this.me.signer)
        .mint(this.me.address, start, { gasLimit: 100_000, ...fees(view) });
      out.push({ hash: tx.hash, agent: this.name, kind: "option-write", keeper: false, sentBlock: view.block });
      return out;
    }
    if (!this.hedges) return out;
    const hash = await sendHedge(world, view, this.me, this.inventoryWad, this.minTradeWad);
    if (hash) out.push({ hash, agent: this.name, kind: "hedge", keeper: false, sentBlock: view.block });
    return out;
  }

  onMined(mined: MinedTx, ctx: MinedContext): MinedOutcome | void {
    if (mined.tx.kind !== "hedge") return super.onMined(mined, ctx);
    if (mined.receipt.status !== 1) return;
    const flow = hedgeFlow(ctx.world, mined.events);
    const l = optionsLedger(ctx.world).dealer;
    l.sold += flow.sold;
    l.bought += flow.bought;
    l.trades += 1;
  }
}

/** The dealer (`option-dealer`), when `options.dealer.units` > 0. */
export const optionDealerSetup: AgentFactory = {
  kind: "option-dealer",
  rank: 37,
  create: (setup) => createDealer(setup),
};

async function createDealer({ world, initialPrice, hashes }: AgentSetup): Promise<SimAgent[]> {
  const o = world.scenario.options;
  if (!o || !world.derivatives?.options || o.dealer.units === 0) return [];
  const ledger = optionsLedger(world);
  const me = await makeAgent(world.hre, world.chain, "option-dealer");
  const top = Math.max(...o.strikes);
  await depositCover(world, me, toFixedUnits(o.dealer.units * initialPrice * top, world.debtDecimals), hashes);
  // Debt in its wallet to buy hedges back (a rebound), and approvals of both tokens on the router.
  const wallet = toFixedUnits(o.dealer.units * initialPrice, world.debtDecimals);
  hashes.push((await world.debt.connect(me.signer).mint(me.address, wallet, SETUP_GAS)).hash);
  hashes.push((await world.debt.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
  hashes.push((await world.collateral.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
  ledger.accounts.push(me.address);
  const per = toWad(o.dealer.units / ledger.series.length);
  const legs = ledger.series.map((id) => ({ id, units: per }));
  return [
    new OptionDealer(
      me,
      legs,
      o.dealer.marginMultiple,
      toWad(o.dealer.inventory),
      toWad(o.dealer.minHedgeTrade),
      o.dealer.hedges,
    ),
  ];
}
