/**
 * The oracle updater: observes its source (external market, AMM spot, AMM TWAP, or the median of several) and
 * submits to the lagged feed on a deviation or when the heartbeat is due. The feed's latency does the rest.
 * A scenario may make it fail from `oracle.failure.atBlock` on: `freeze` stops its submissions (the answer ages);
 * `floor` clamps what it submits at `floorPrice`, as an aggregator's `minAnswer` does (the answer stays fresh).
 */
import type { World } from "../sim/world/types";
import { FEED_DECIMALS } from "../sim/world/types";
import { toFixedUnits, fromFixedUnits } from "../sim/wad";
import { gwei } from "../sim/chain";
import type { AgentFactory, SentTx, SimAgent, View } from "./types";
import { encodeCall } from "../sim/calldata";

export class OracleUpdater implements SimAgent {
  readonly keeper = false;
  private lastAnswer = 0;
  private lastSubmitTime = 0;
  /** The TWAP feed's address, read once. */
  private twap = "";

  constructor(
    initialPrice: number,
    startTime: number,
    readonly name = "oracle-updater",
  ) {
    this.lastAnswer = initialPrice;
    this.lastSubmitTime = startTime;
  }

  private async source(kind: string, view: View, world: World): Promise<number> {
    if (kind === "external") return view.externalPrice;
    if (kind === "amm-spot") return view.ammPrice;
    // amm-twap: the on-chain TWAP over the configured window
    const [, answer] = await world.twap!.latestRoundData();
    return fromFixedUnits(answer, FEED_DECIMALS);
  }

  async observe(view: View, world: World): Promise<number> {
    const o = world.scenario.oracle;
    if (o.source !== "median") return this.source(o.source, view, world);
    const xs = (await Promise.all(o.medianOf.map((k) => this.source(k, view, world)))).sort((a, b) => a - b);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  }

  async act(view: View, world: World): Promise<SentTx[]> {
    const o = world.scenario.oracle;
    // A live spot oracle has nothing to submit: the market reads the AMM itself.
    if (o.source === "amm-spot-live") return [];
    const sent: SentTx[] = [];
    const updater = world.oracleUpdater;
    // Raw sends (one RPC call each): the same transactions ethers' signer would send, without its look-ups.
    if (world.twap) {
      this.twap ||= await world.twap.getAddress();
      const data = world.twap.interface.encodeFunctionData("update");
      const hash = await world.chain.sendTransaction({
        from: updater.address,
        to: this.twap,
        data,
        ...fee(view, 200_000),
      });
      sent.push({ hash, agent: this.name, kind: "twap-update", keeper: false, sentBlock: view.block });
    }
    const failure = o.failure;
    const failing = failure.mode !== "none" && view.block >= failure.atBlock;
    if (failing && failure.mode === "freeze") return sent;
    const observed = await this.observe(view, world);
    const price = failing && failure.mode === "floor" ? Math.max(observed, failure.floorPrice) : observed;
    const deviationBps = (Math.abs(price - this.lastAnswer) / this.lastAnswer) * 10_000;
    const heartbeatDue = view.timestamp - this.lastSubmitTime >= o.heartbeatSeconds;
    if (deviationBps < o.deviationThresholdBps && !heartbeatDue) return sent;
    const observedAt = view.timestamp - world.scenario.chain.blockTimeSeconds;
    const data = encodeCall(world.feed.interface, "submit", [toFixedUnits(price, FEED_DECIMALS), observedAt]);
    const hash = await world.chain.sendTransaction({
      from: updater.address,
      to: world.addresses.feed,
      data,
      ...fee(view, 150_000),
    });
    this.lastAnswer = price;
    this.lastSubmitTime = view.timestamp;
    sent.push({ hash, agent: this.name, kind: "oracle", keeper: false, sentBlock: view.block });
    return sent;
  }
}

/** Oracle updates pay a modest fixed priority fee (2 gwei). */
function fee(view: View, gasLimit: number) {
  const tip = gwei(2);
  return { gasLimit, maxPriorityFeePerGas: tip, maxFeePerGas: view.baseFee * 2n + tip };
}

/** The oracle updater (every scenario has one; a live spot oracle leaves it nothing to do). */
export const oracleUpdaterSetup: AgentFactory = {
  kind: "oracle-updater",
  rank: 10,
  // `world.startTime` is still 0 here: the first heartbeat is due at once.
  create: async ({ world, initialPrice }) => [new OracleUpdater(initialPrice, world.startTime)],
};
