/**
 * One simulated clock for several chains: each chain mines a block every `blockTimeSec` seconds of that clock, and
 * a step of the clock is the next instant at which at least one chain is due. Pure: no chain is touched here.
 */

/** Where the clock stands: `now` (Unix seconds) and when each chain mines next (Unix seconds, one per chain). */
export interface ClockState {
  readonly now: number;
  readonly nextBlockAt: readonly number[];
}

/** One step: the instant (Unix seconds) and the indexes of the chains that mine a block at it, in chain order. */
export interface ClockTick {
  readonly time: number;
  readonly due: readonly number[];
}

/** The clock before its first step: every chain's first block is one block time after `start` (Unix seconds). */
export function startClockState(start: number, blockTimesSec: readonly number[]): ClockState {
  if (blockTimesSec.length === 0) throw new Error("a clock needs at least one chain");
  for (const t of blockTimesSec) {
    if (!Number.isInteger(t) || t < 1) throw new Error(`block time must be a whole number of seconds >= 1, got ${t}`);
  }
  return { now: start, nextBlockAt: blockTimesSec.map((t) => start + t) };
}

/** The next tick and the state after it: the earliest due time; every chain due then mines, in chain order. */
export function advanceClock(
  state: ClockState,
  blockTimesSec: readonly number[],
): { tick: ClockTick; state: ClockState } {
  const time = Math.min(...state.nextBlockAt);
  const due: number[] = [];
  const nextBlockAt = state.nextBlockAt.map((at, i) => {
    if (at !== time) return at;
    due.push(i);
    return at + blockTimesSec[i];
  });
  return { tick: { time, due }, state: { now: time, nextBlockAt } };
}

/** The first `steps` ticks from `start` (for plans and tests). */
export function clockSchedule(start: number, blockTimesSec: readonly number[], steps: number): ClockTick[] {
  let state = startClockState(start, blockTimesSec);
  const ticks: ClockTick[] = [];
  for (let i = 0; i < steps; i++) {
    const next = advanceClock(state, blockTimesSec);
    ticks.push(next.tick);
    state = next.state;
  }
  return ticks;
}
