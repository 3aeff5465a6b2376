/**
 * The guard over collateral no keeper liquidates. In a system world a listed (market, asset) slice may have no keeper:
 * its asset has no AMM to sell seized collateral into (`assets[].amm: null`), or no keeper group watches its market.
 * Positions there are expected to stay healthy (a calm collateral); if one falls below health 1 holding nothing a
 * keeper could seize, nobody would liquidate it and the run would go on wrongly, so the guard stops the run with one
 * line naming the market, the borrower, its health and why nobody liquidates it. It sends nothing.
 */
import { fromFixedUnits } from "../sim/wad";
import type { SystemSlice, World } from "../sim/world/types";
import type { AgentFactory, AgentSetup, SentTx, SimAgent, View } from "./types";

const MAX_UINT = 2n ** 256n - 1n;

export class UnwatchedGuard implements SimAgent {
  readonly keeper = false;
  readonly name: string;
  private held: string[] = [];

  constructor(
    readonly slice: SystemSlice,
    /** The same market's slices a keeper acts in: a position holding any of their collateral is watched. */
    private readonly watched: readonly SystemSlice[],
    private readonly reason: string,
  ) {
    this.name = `unwatched-guard/${slice.market}/${slice.asset}`;
  }

  async act(view: View): Promise<SentTx[]> {
    this.held = [];
    for (const [account, p] of view.positions) {
      if (p.collateral === 0n || p.debt === 0n) continue;
      this.held.push(account);
      if (p.health < 1) await this.refuse(account, p.health);
    }
    return [];
  }

  /** The state the last block left: the positions the last view held, read again. */
  async afterRun(world: World): Promise<void> {
    if (this.held.length === 0) return;
    const hf = await world.lens.healthFactors(this.slice.world.addresses.pool, this.held);
    for (const [i, h] of hf.entries())
      if (h !== MAX_UINT && h < 10n ** 18n) await this.refuse(this.held[i], fromFixedUnits(h, 18));
  }

  private async refuse(account: string, health: number): Promise<void> {
    for (const s of this.watched) {
      const [collateral] = await s.world.lens.rawPositions(s.world.addresses.pool, s.world.addresses.collateral, [
        account,
      ]);
      if (collateral[0] > 0n) return; // a keeper can seize that collateral
    }
    throw new Error(
      `market ${this.slice.market}: borrower ${account} fell to health ${health.toFixed(4)} holding only ` +
        `${this.slice.asset} collateral, which no keeper liquidates (${this.reason}); raise its borrowers' health, ` +
        `calm its price path, or give ${this.slice.asset} an AMM and a keeper group watching market ${this.slice.market}`,
    );
  }
}

/** Why no keeper acts in a listed slice (null: keepers do). */
export function unwatchedReason(world: World, slice: SystemSlice): string | null {
  const t = world.system!.topology;
  if (!t.assets[slice.assetIndex].amm) return `${slice.asset} has no AMM to sell seized collateral into`;
  if (!t.keepers.some((k) => k.count > 0 && k.markets.includes(slice.market)))
    return `no keeper group watches market ${slice.market}`;
  return null;
}

/** A guard per listed slice of a system world no keeper acts in (none in a single-asset world). */
export async function createUnwatchedGuards({ world }: AgentSetup): Promise<UnwatchedGuard[]> {
  const sys = world.system;
  if (!sys) return [];
  const guards: UnwatchedGuard[] = [];
  for (const s of sys.slices) {
    if (!s.listed) continue;
    const reason = unwatchedReason(world, s);
    if (reason === null) continue;
    const watched = sys.slices.filter((o) => o.listed && o.marketIndex === s.marketIndex && !unwatchedReason(world, o));
    guards.push(new UnwatchedGuard(s, watched, reason));
  }
  return guards;
}

export const unwatchedGuardSetup: AgentFactory = {
  kind: "unwatched-guard",
  rank: 13,
  create: createUnwatchedGuards,
};
