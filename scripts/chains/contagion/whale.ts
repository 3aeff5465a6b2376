/**
 * The shared whale: one address borrowing on both chains. When its health on A falls under `rescueBelow`, it pulls
 * a share of its collateral out of B's market, burns it for release on A, and deposits what arrives into A's market:
 * a crash on A reaches B through its thinner position there, and the bridge's delay decides whether the rescue lands
 * in time.
 */
import type { ClockTick } from "../clock";
import type { ChainMarket } from "./market";
import type { BridgeWorld } from "../bridge-world";
import { gwei } from "../../sim/chain";

const TX = { gasLimit: 400_000n, maxPriorityFeePerGas: gwei(3) };

export class WhaleAgent {
  /** Clock time (Unix seconds) the whale pulled collateral from B, and the amount (token units). */
  pulledAt: number | null = null;
  pulled = 0n;
  /** Clock time the released collateral was deposited on A. */
  depositedAt: number | null = null;

  constructor(
    readonly address: string,
    readonly world: BridgeWorld,
    readonly marketA: ChainMarket,
    readonly marketB: ChainMarket,
    readonly rescueBelow: number,
    readonly rescueShare: number,
  ) {}

  /** Rescue attempts whose withdrawal reverted in its block (the price moved between the check and the block). */
  failedPulls = 0;
  private pending: string | null = null;

  async act(tick: ClockTick) {
    const w = this.world;
    if (this.rescueBelow === 0) return;
    if (this.pending) {
      const r = await w.remote.chain.receipt(this.pending);
      if (!r) return;
      this.pending = null;
      if (r.status !== 1) {
        this.failedPulls++;
        this.pulledAt = null;
        this.pulled = 0n;
      }
    }
    if (this.pulledAt === null) {
      const health = await this.marketA.pool.healthFactor(this.address);
      if (health >= BigInt(Math.round(this.rescueBelow * 1e6)) * 10n ** 12n) return;
      const onB = await w.remote.signerAt(this.address);
      const wrapped = await w.wrapped.getAddress();
      let amount =
        (await this.marketB.pool.collateralOf(this.address, wrapped)) * BigInt(Math.round(this.rescueShare * 1e6));
      amount /= 1_000_000n;
      // The most it may pull (the market refuses a withdrawal past its LTV): halve until it passes, at most 6 times.
      for (let i = 0; i < 6 && amount > 0n; i++) {
        try {
          await this.marketB.pool
            .connect(onB)
            .withdrawCollateral.staticCall(wrapped, amount, this.address, this.address);
          break;
        } catch {
          amount /= 2n;
        }
      }
      if (amount === 0n) return;
      const fees = { ...TX, maxFeePerGas: 2n * (await w.remote.chain.nextBaseFee()) + gwei(3) };
      const pull = await this.marketB.pool
        .connect(onB)
        .withdrawCollateral(wrapped, amount, this.address, this.address, fees);
      this.pending = pull.hash;
      await w.minter.connect(onB).burnForRelease(amount, this.address, fees);
      this.pulledAt = tick.time;
      this.pulled = amount;
      return;
    }
    if (this.depositedAt === null) {
      const held = await w.asset.balanceOf(this.address);
      if (held === 0n) return;
      const onA = await w.home.signerAt(this.address);
      const fees = { ...TX, maxFeePerGas: 2n * (await w.home.chain.nextBaseFee()) + gwei(3) };
      await w.asset.connect(onA).approve(await this.marketA.pool.getAddress(), held, fees);
      await this.marketA.pool.connect(onA).depositCollateral(await w.asset.getAddress(), held, this.address, fees);
      this.depositedAt = tick.time;
    }
  }

  /** Health on A and B now (WAD). */
  async health(): Promise<{ a: bigint; b: bigint }> {
    return {
      a: await this.marketA.pool.healthFactor(this.address),
      b: await this.marketB.pool.healthFactor(this.address),
    };
  }
}
