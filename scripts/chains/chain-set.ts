/**
 * Several in-process chains stepped on one simulated clock: a step mines one block on every chain due at that
 * instant (each chain every `blockTimeSec` seconds), all at the same timestamp, so the same specs and the same
 * transactions give the same blocks, hashes and numbers on every run.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { advanceClock, startClockState, type ClockState, type ClockTick } from "./clock";
import { LabChain, type ChainSpec } from "./lab-chain";

/** Genesis of every chain of a set (Unix seconds): 2026-01-01T00:00:00Z, fixed so timestamps do not follow the wall. */
export const DEFAULT_GENESIS = 1_767_225_600;
/** Seconds between genesis and the clock's start left to setup blocks (one second each). */
export const DEFAULT_SETUP_SECONDS = 3_600;

export interface ChainSetOptions {
  /** Genesis of every chain (Unix seconds). */
  readonly genesis?: number;
  /** Seconds left for setup blocks before the clock starts. */
  readonly setupSeconds?: number;
}

export class ChainSet {
  private state: ClockState | null = null;
  /** Ticks stepped so far. */
  steps = 0;

  private constructor(
    readonly chains: readonly LabChain[],
    readonly genesis: number,
    readonly setupSeconds: number,
  ) {}

  static async create(
    hre: HardhatRuntimeEnvironment,
    specs: readonly ChainSpec[],
    options: ChainSetOptions = {},
  ): Promise<ChainSet> {
    const ids = new Set(specs.map((s) => s.chainId));
    if (ids.size !== specs.length) throw new Error("every chain of a set needs its own chain id");
    const genesis = options.genesis ?? DEFAULT_GENESIS;
    const chains: LabChain[] = [];
    for (const spec of specs) chains.push(await LabChain.create(hre, spec, genesis));
    return new ChainSet(chains, genesis, options.setupSeconds ?? DEFAULT_SETUP_SECONDS);
  }

  byName(name: string): LabChain {
    const c = this.chains.find((x) => x.spec.name === name);
    if (!c) throw new Error(`no chain named ${name}`);
    return c;
  }

  /** Unix seconds the clock starts at (genesis + setup seconds). */
  get start(): number {
    return this.genesis + this.setupSeconds;
  }

  /** Current clock time (Unix seconds); the start before the first step. */
  get now(): number {
    return this.state?.now ?? this.start;
  }

  private get blockTimes(): number[] {
    return this.chains.map((c) => c.spec.blockTimeSec);
  }

  private started(): ClockState {
    if (!this.state) {
      for (const c of this.chains) {
        if (c.lastTimestamp >= this.start) {
          throw new Error(`chain ${c.spec.name}: setup ran past the clock's start (raise setupSeconds)`);
        }
      }
      this.state = startClockState(this.start, this.blockTimes);
    }
    return this.state;
  }

  /** The tick the next `step` will take (its instant and the chains due), without taking it. */
  peek(): ClockTick {
    return advanceClock(this.started(), this.blockTimes).tick;
  }

  /** Advances the clock to the next instant a chain is due and mines one block on each chain due then. Every
   * agent that acts at that instant must have sent its transactions before (they wait in each chain's mempool). */
  async step(): Promise<ClockTick> {
    const { tick, state } = advanceClock(this.started(), this.blockTimes);
    for (const i of tick.due) await this.chains[i].mineAt(tick.time);
    this.state = state;
    this.steps++;
    return tick;
  }

  /** Steps until the clock reaches `time` (Unix seconds) or beyond; returns the ticks taken. */
  async runUntil(time: number, onTick?: (tick: ClockTick) => Promise<void>): Promise<ClockTick[]> {
    const ticks: ClockTick[] = [];
    while (this.now < time) {
      const tick = await this.step();
      ticks.push(tick);
      if (onTick) await onTick(tick);
    }
    return ticks;
  }
}
