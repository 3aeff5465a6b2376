/**
 * The block loop of a bridge world: before each tick every agent sends its transactions for the chains due, the
 * ChainSet mines them, then the relayer reads what happened.
 */
import type { BridgeWorld } from "./bridge-world";
import type { ClockTick } from "./clock";
import type { Relayer } from "./relayer";

export interface TickAgent {
  act(tick: ClockTick): Promise<void>;
}

/** Steps until the clock reaches `until` (Unix seconds); `after` runs after every tick (measures, checks). */
export async function runBridge(
  world: BridgeWorld,
  relayer: Relayer,
  agents: readonly TickAgent[],
  until: number,
  after?: (tick: ClockTick) => Promise<void>,
): Promise<void> {
  while (world.set.now < until) {
    const tick = world.set.peek();
    for (const a of agents) await a.act(tick);
    await relayer.act(tick);
    await world.set.step();
    await relayer.observe();
    if (after) await after(tick);
  }
}
