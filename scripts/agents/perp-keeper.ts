/**
 * Perp liquidation keepers and the backstop vault's unwinder. Each block the keeper reads every open position and
 * liquidates those below maintenance (the market decides market sale, slice or backstop); a slice still cooling
 * down reverts and is tried again next block. The unwinder (holder of BACKSTOP_ROLE) sells or buys back at most
 * `perp.vault.unwindPerBlock` of the vault's unhedged inventory per block, into the same pool: the delayed half of
 * the feedback loop. The watch reads the venue after each block and writes the run's `derivatives.perp` summary.
 * Engine agents (factories below, in scripts/agents/registry.ts); the standalone driver
 * (scripts/derivatives/perp/run.ts) shares `liquidationTargets` and `unwindAmount`.
 */
import type { PerpMarket } from "../../typechain-types";
import { gwei } from "../sim/chain";
import type { BlockRecord, RunSummary } from "../sim/metrics";
import { fromFixedUnits, toFixedUnits } from "../sim/wad";
import { makeAgent } from "../sim/world/accounts";
import type { Agent, World } from "../sim/world/types";
import { perpLedger } from "../derivatives/engine/perp-ledger";
import { derivativesOf, round } from "../derivatives/engine/summary";
import type { AgentFactory, AgentSetup, MinedContext, MinedTx, SentTx, SimAgent, View } from "./types";

const LIQUIDATE_GAS = 3_000_000;
const UNWIND_GAS = 1_000_000;
const fees = (view: View) => ({ maxPriorityFeePerGas: gwei(1), maxFeePerGas: view.baseFee * 2n + gwei(1) });

export interface PerpLiquidationOutcome {
  id: bigint;
  kind: "market" | "backstop";
  size: bigint;
  exitNotional: bigint;
  keeperReward: bigint;
  remainingSize: bigint;
  gasUsed: bigint;
}

/** Positions the keeper will try this step: liquidatable ones, in id order (deterministic). */
export async function liquidationTargets(market: PerpMarket): Promise<bigint[]> {
  const ids = [...(await market.openPositionIds())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const targets: bigint[] = [];
  for (const id of ids) if (await market.isLiquidatable(id)) targets.push(id);
  return targets;
}

/** Base the unwinder trades this step: the vault's exposure, capped at `perStep` (sign: + sells, − buys). */
export function unwindAmount(exposure: bigint, perStep: bigint): bigint {
  if (exposure > 0n) return exposure < perStep ? exposure : perStep;
  if (exposure < 0n) return -exposure < perStep ? exposure : -perStep;
  return 0n;
}

/** The perp-liquidation keeper: liquidates every liquidatable position each block; books what its receipts say. */
export class PerpKeeper implements SimAgent {
  readonly keeper = false;
  /** Positions with a liquidation of its own still pending (a full block leaves some for the next). */
  private readonly inFlight = new Map<bigint, string>();
  constructor(
    readonly name: string,
    private readonly me: Agent,
  ) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const market = world.derivatives!.perp!.market.connect(this.me.signer);
    const sent: SentTx[] = [];
    for (const id of await liquidationTargets(market)) {
      if (this.inFlight.has(id)) continue;
      const tx = await market.liquidate(id, { gasLimit: LIQUIDATE_GAS, ...fees(view) });
      this.inFlight.set(id, tx.hash);
      sent.push({ hash: tx.hash, agent: this.name, kind: "perp-liquidate", keeper: false, sentBlock: view.block });
    }
    return sent;
  }

  onMined({ tx, receipt }: MinedTx, { world, block }: MinedContext): void {
    for (const [id, hash] of this.inFlight) if (hash === tx.hash) this.inFlight.delete(id);
    if (receipt.status !== 1) return;
    const market = world.derivatives!.perp!.market;
    const ledger = perpLedger(world);
    for (const log of receipt.logs) {
      const parsed = market.interface.parseLog(log);
      if (parsed?.name === "Liquidated") {
        const a = parsed.args;
        ledger.liquidations.push({
          block,
          id: a.id,
          kind: a.kind === 1n ? "backstop" : "market",
          size: a.size,
          exitNotional: a.exitNotional,
          keeperReward: a.keeperReward,
        });
      } else if (parsed?.name === "AutoDeleveraged") {
        ledger.adl.push({ block, id: parsed.args.id, size: parsed.args.size, haircut: parsed.args.haircut });
      }
    }
  }
}

/** The backstop vault's unwinder: trades at most `perp.vault.unwindPerBlock` of the vault's inventory per block. */
export class PerpUnwinder implements SimAgent {
  readonly keeper = false;
  readonly name = "perp-unwinder";

  async act(view: View, world: World): Promise<SentTx[]> {
    const perp = world.derivatives!.perp!;
    const perBlock = toFixedUnits(world.scenario.perp!.vault.unwindPerBlock, world.collateralDecimals);
    const unwind = unwindAmount(await perp.market.backstopExposure(), perBlock);
    if (unwind === 0n) return [];
    const amount = unwind > 0n ? unwind : -unwind;
    const tx = await perp.market
      .connect(perp.backstop.signer)
      .unwindBackstop(amount, 0n, 2n ** 255n, { gasLimit: UNWIND_GAS, ...fees(view) });
    return [{ hash: tx.hash, agent: this.name, kind: "perp-unwind", keeper: false, sentBlock: view.block }];
  }

  onMined({ receipt }: MinedTx, { world }: MinedContext): void {
    if (receipt.status !== 1) return;
    const market = world.derivatives!.perp!.market;
    for (const log of receipt.logs) {
      const parsed = market.interface.parseLog(log);
      if (parsed?.name !== "BackstopUnwound") continue;
      perpLedger(world).unwound += parsed.args.sold ? parsed.args.baseAmount : -parsed.args.baseAmount;
    }
  }
}

/** Reads the perp venue after every block (sends nothing) and writes the run's `derivatives.perp` summary. */
export class PerpWatch implements SimAgent {
  readonly keeper = false;
  readonly name = "perp-watch";

  async act(): Promise<SentTx[]> {
    return [];
  }

  async afterBlock(world: World, record: BlockRecord): Promise<void> {
    const m = world.derivatives!.perp!.market;
    const debt = (x: bigint) => round(fromFixedUnits(x, world.debtDecimals));
    const base = (x: bigint) => round(fromFixedUnits(x, world.collateralDecimals), 6);
    perpLedger(world).blocks.push({
      block: record.block,
      markPrice: debt(await m.markPrice().catch(() => 0n)), // 0: the mark is stale
      insuranceFund: debt(await m.insuranceFund()),
      badDebtTotal: debt(await m.badDebtTotal()),
      coveredByInsurance: debt(await m.badDebtCoveredByInsurance()),
      coveredByAdl: debt(await m.badDebtCoveredByAdl()),
      uncovered: debt(await m.badDebtUncovered()),
      longOpenInterest: base(await m.longOpenInterest()),
      shortOpenInterest: base(await m.shortOpenInterest()),
      backstopExposure: base(await m.backstopExposure()),
      openPositions: (await m.openPositionIds()).length,
    });
  }

  async summarize(world: World, summary: RunSummary): Promise<void> {
    const m = world.derivatives!.perp!.market;
    const l = perpLedger(world);
    const last = l.blocks.at(-1);
    if (!last) return;
    const debt = (x: bigint) => round(fromFixedUnits(x, world.debtDecimals));
    const held = await world.debt.balanceOf(await m.getAddress());
    const booked =
      (await m.totalMargin()) + (await m.insuranceFund()) + (await m.vaultCash()) + (await m.protocolFees());
    const baseHeld = await world.collateral.balanceOf(await m.getAddress());
    const drained = l.blocks.find((b) => b.insuranceFund === 0 && b.badDebtTotal > 0);
    derivativesOf(summary).perp = {
      positionsOpened: { longs: l.longs, shorts: l.shorts, skipped: l.skipped },
      openNotional: { long: round(l.longNotional), short: round(l.shortNotional) },
      liquidations: {
        marketSales: l.liquidations.filter((x) => x.kind === "market").length,
        backstopTakeovers: l.liquidations.filter((x) => x.kind === "backstop").length,
        notional: debt(l.liquidations.reduce((a, x) => a + x.exitNotional, 0n)),
        keeperRewards: debt(l.liquidations.reduce((a, x) => a + x.keeperReward, 0n)),
      },
      firstLiquidationBlock: l.liquidations[0]?.block ?? null,
      adl: {
        events: l.adl.length,
        firstBlock: l.adl[0]?.block ?? null,
        haircut: debt(l.adl.reduce((a, x) => a + x.haircut, 0n)),
      },
      badDebt: {
        total: last.badDebtTotal,
        coveredByInsurance: last.coveredByInsurance,
        coveredByAdl: last.coveredByAdl,
        uncovered: last.uncovered,
      },
      insuranceFund: {
        start: l.insuranceStart,
        end: last.insuranceFund,
        min: Math.min(...l.blocks.map((b) => b.insuranceFund)),
        drainedAtBlock: drained ? drained.block : null,
      },
      backstopUnwound: round(fromFixedUnits(l.unwound, world.collateralDecimals), 6),
      openPositionsAtEnd: last.openPositions,
      conserved: held === booked && baseHeld === (await m.vaultBase()),
    };
  }
}

/** `perp-keeper`, `perp-unwinder` and `perp-watch` (none without a `perp` section). */
export const perpKeeperSetup: AgentFactory = {
  kind: "perp-keeper",
  rank: 45,
  create: (setup) => createPerpAgents(setup),
};

async function createPerpAgents({ world }: AgentSetup): Promise<SimAgent[]> {
  const perp = world.derivatives?.perp;
  if (!perp) return [];
  const me = await makeAgent(world.hre, world.chain, "perp-keeper");
  perpLedger(world).insuranceStart = round(fromFixedUnits(await perp.market.insuranceFund(), world.debtDecimals));
  return [new PerpKeeper("perp-keeper", me), new PerpUnwinder(), new PerpWatch()];
}
