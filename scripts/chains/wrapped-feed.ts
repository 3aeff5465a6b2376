/**
 * The wrapped asset's feed on the remote chain, updated every remote block: at "par" it reports the home asset's
 * price (what a lending market pricing bridged collateral at par reads, whatever the wrapped asset trades at); at
 * "market" it reports the remote AMM's spot.
 */
import { toFixedUnits } from "../sim/wad";
import { ACCOUNT, ASSET_DECIMALS, STABLE_DECIMALS, WRAPPED_FEED_DECIMALS, type BridgeWorld } from "./bridge-world";
import type { ClockTick } from "./clock";

const SUBMIT_GAS = 200_000n;

/** AMM spot in feed units (8 decimals) from reserves in token units: stable per whole wrapped token; rounds down. */
export function spotAnswer(wrappedReserve: bigint, stableReserve: bigint): bigint {
  if (wrappedReserve === 0n) return 0n;
  return (
    (stableReserve * 10n ** BigInt(ASSET_DECIMALS) * 10n ** BigInt(WRAPPED_FEED_DECIMALS)) /
    (wrappedReserve * 10n ** BigInt(STABLE_DECIMALS))
  );
}

export class WrappedFeedUpdater {
  constructor(readonly world: BridgeWorld) {}

  /** The answer the feed gets now, 8 decimals. */
  async answer(): Promise<bigint> {
    const w = this.world;
    if (w.params.wrappedFeed === "par") return toFixedUnits(w.homePrice, WRAPPED_FEED_DECIMALS);
    const [r0, r1] = await w.amm.getReserves();
    const wrappedIs0 = (await w.amm.token0()) === (await w.wrapped.getAddress());
    return wrappedIs0 ? spotAnswer(r0, r1) : spotAnswer(r1, r0);
  }

  async act(tick: ClockTick): Promise<void> {
    const w = this.world;
    if (!tick.due.includes(w.set.chains.indexOf(w.remote))) return;
    const answer = await this.answer();
    if (answer <= 0n) return;
    const signer = await w.remote.signer(ACCOUNT.feedUpdater);
    await w.feed.connect(signer).submit(answer, tick.time, {
      gasLimit: SUBMIT_GAS,
      // Lowest priority: the feed reads the AMM as it stood before this block's trades.
      maxPriorityFeePerGas: 0n,
      maxFeePerGas: 2n * (await w.remote.chain.nextBaseFee()),
    });
  }
}
