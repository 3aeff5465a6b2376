/**
 * The calm asset's oracle updater (`isolation.mode` shared or isolated): follows the calm asset's own exogenous path
 * and submits to its feed on the oracle's deviation threshold or heartbeat, as the main updater does.
 */
import type { World } from "../sim/world/types";
import { FEED_DECIMALS } from "../sim/world/types";
import type { Scenario } from "../sim/scenario";
import { gwei } from "../sim/chain";
import { gbmPath } from "../sim/paths";
import { Rng } from "../sim/random";
import { toFixedUnits } from "../sim/wad";
import type { AgentFactory, SentTx, SimAgent, View } from "./types";
import { LenderWatch } from "./lender-watch";

/** The calm asset's exogenous price per block: a driftless GBM from its start price (flat at zero volatility). */
export function calmPath(s: Scenario): number[] {
  const a = s.isolation.calmAsset;
  return gbmPath(
    {
      initialPrice: a.price,
      driftPerYear: 0,
      volatilityPerYear: a.volatilityPerYear,
      blockTimeSeconds: s.chain.blockTimeSeconds,
    },
    s.blocks,
    new Rng(`${s.seed}/calm-path`),
  );
}

/** Keeps the calm feed fresh: submits on the oracle's deviation threshold or heartbeat, as the main updater does. */
export class CalmOracleUpdater implements SimAgent {
  readonly name = "calm-oracle-updater";
  readonly keeper = false;
  private lastAnswer: number;
  private lastSubmitTime: number;

  constructor(
    private readonly path: readonly number[],
    startTime: number,
  ) {
    this.lastAnswer = path[0];
    this.lastSubmitTime = startTime;
  }

  async act(view: View, world: World): Promise<SentTx[]> {
    const o = world.scenario.oracle;
    const iso = world.isolation!;
    const price = this.path[Math.min(view.block, this.path.length - 1)];
    const deviationBps = (Math.abs(price - this.lastAnswer) / this.lastAnswer) * 10_000;
    if (deviationBps < o.deviationThresholdBps && view.timestamp - this.lastSubmitTime < o.heartbeatSeconds) return [];
    const tip = gwei(2);
    const tx = await iso.calmFeed
      .connect(iso.calmUpdater.signer)
      .submit(toFixedUnits(price, FEED_DECIMALS), view.timestamp - world.scenario.chain.blockTimeSeconds, {
        gasLimit: 150_000,
        maxPriorityFeePerGas: tip,
        maxFeePerGas: view.baseFee * 2n + tip,
      });
    this.lastAnswer = price;
    this.lastSubmitTime = view.timestamp;
    return [{ hash: tx.hash, agent: this.name, kind: "oracle", keeper: false, sentBlock: view.block }];
  }
}

/** `isolation.mode` shared or isolated: the calm asset's oracle updater and the watch over both lender groups. */
export const isolationSetup: AgentFactory = {
  kind: "isolation",
  rank: 11,
  create: async ({ world }) =>
    world.isolation ? [new CalmOracleUpdater(calmPath(world.scenario), world.startTime), new LenderWatch()] : [],
};
