/**
 * The systemic-risk aggregator: reads every market on every chain, computes aggregate leverage and collateral at
 * risk, and has each reading relayed to every chain's SystemRiskFeed after a delay. The arithmetic is pure
 * (`aggregateRisk`); the agent does the reading and the relaying.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { SystemRiskController, SystemRiskFeed } from "../../typechain-types";
import { gwei } from "../sim/chain";
import type { ClockTick } from "./clock";
import { healthFactors, type ChainMarket } from "./contagion/market";
import type { LabChain } from "./lab-chain";

const WAD = 10n ** 18n;

/** One position as the aggregator sees it: values in USD WAD, health factor WAD. */
export interface PositionView {
  readonly collateralValue: bigint;
  readonly debtValue: bigint;
  readonly healthFactor: bigint;
}

export interface RiskReading {
  /** Σ debt / Σ collateral value (WAD), rounded up; 0 with no collateral. */
  readonly leverage: bigint;
  /** Σ collateral value of positions with health under `atRiskHealth` (USD WAD). */
  readonly collateralAtRisk: bigint;
  /** Σ collateral value (USD WAD). */
  readonly totalCollateral: bigint;
}

/** Aggregates positions of every market: a position with debt and health under `atRiskHealth` (WAD) is at risk. */
export function aggregateRisk(positions: readonly PositionView[], atRiskHealth: bigint): RiskReading {
  let debt = 0n;
  let total = 0n;
  let atRisk = 0n;
  for (const p of positions) {
    debt += p.debtValue;
    total += p.collateralValue;
    if (p.debtValue > 0n && p.healthFactor < atRiskHealth) atRisk += p.collateralValue;
  }
  const leverage = total === 0n ? 0n : (debt * WAD + total - 1n) / total;
  return { leverage, collateralAtRisk: atRisk, totalCollateral: total };
}

/** Reads one market's positions, valued at its own feed (collateral) and at par (stablecoin debt). */
export async function readMarket(m: ChainMarket): Promise<PositionView[]> {
  if (m.borrowers.length === 0) return [];
  const [, answer] = await m.feed.latestRoundData();
  const feedDecimals = Number(await m.feed.decimals());
  const cDec = Number(await m.collateral.decimals());
  const dDec = Number(await m.debt.decimals());
  const healths = await healthFactors(m);
  const collateral = await m.collateral.getAddress();
  const out: PositionView[] = [];
  for (let i = 0; i < m.borrowers.length; i++) {
    const b = m.borrowers[i];
    const units = await m.pool.collateralOf(b, collateral);
    const debt = await m.pool.debtOf(b);
    out.push({
      collateralValue: (units * answer * WAD) / (10n ** BigInt(cDec) * 10n ** BigInt(feedDecimals)),
      debtValue: (debt * WAD) / 10n ** BigInt(dDec),
      healthFactor: healths[i],
    });
  }
  return out;
}

/** Where a reading is relayed to: one feed per chain (and the controller poked every block there, if any). */
export interface RiskOutlet {
  readonly chain: LabChain;
  readonly feed: SystemRiskFeed;
  readonly relayer: HardhatEthersSigner;
  readonly controller: SystemRiskController | null;
  readonly poker: HardhatEthersSigner;
}

export class SystemRiskAggregator {
  readonly readings: (RiskReading & { observedAt: number })[] = [];
  private queue: { reading: RiskReading & { observedAt: number }; outlet: number }[] = [];
  private lastRead = -Infinity;

  /** @param everySec Seconds between readings. @param relayDelaySec Seconds a reading takes to reach each chain.
   * @param atRiskHealth Health factor (WAD) under which a position's collateral counts as at risk. */
  constructor(
    readonly chains: readonly LabChain[],
    readonly markets: readonly ChainMarket[],
    readonly outlets: readonly RiskOutlet[],
    readonly everySec: number,
    readonly relayDelaySec: number,
    readonly atRiskHealth: bigint,
  ) {}

  async act(tick: ClockTick) {
    // Read the state as of the last mined blocks, then relay what is due to the chains mining now.
    if (tick.time - this.lastRead >= this.everySec) {
      this.lastRead = tick.time;
      const positions = (await Promise.all(this.markets.map(readMarket))).flat();
      const observedAt = Math.min(...this.chains.map((c) => c.lastTimestamp));
      // The feeds take only newer observations: no new block on the slowest chain, no new reading.
      const last = this.readings[this.readings.length - 1];
      if (!last || observedAt > last.observedAt) {
        const reading = { ...aggregateRisk(positions, this.atRiskHealth), observedAt };
        this.readings.push(reading);
        this.outlets.forEach((_, outlet) => this.queue.push({ reading, outlet }));
      }
    }
    const keep: typeof this.queue = [];
    for (const q of this.queue) {
      const o = this.outlets[q.outlet];
      const due = tick.due.includes(this.chains.indexOf(o.chain));
      if (!due || tick.time < q.reading.observedAt + this.relayDelaySec) {
        keep.push(q);
        continue;
      }
      const r = q.reading;
      await o.feed
        .connect(o.relayer)
        .submit(r.leverage, r.collateralAtRisk, r.totalCollateral, r.observedAt, await fees(o.chain, 3));
    }
    this.queue = keep;
    for (const o of this.outlets) {
      if (o.controller && tick.due.includes(this.chains.indexOf(o.chain))) {
        // After the reading (lower priority): the controller acts on what this block stores.
        await o.controller.connect(o.poker).update(await fees(o.chain, 1));
      }
    }
  }
}

async function fees(chain: LabChain, priorityGwei: number) {
  const prio = gwei(priorityGwei);
  return {
    gasLimit: 400_000n,
    maxPriorityFeePerGas: prio,
    maxFeePerGas: 2n * (await chain.chain.nextBaseFee()) + prio,
  };
}
