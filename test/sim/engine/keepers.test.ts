import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import type { RunResult } from "../../../scripts/sim/engine";
import { runOnSnapshot } from "../../../scripts/sim/presets";

type Group = NonNullable<ScenarioInput["keepers"]>[number];

/**
 * A backlog: 40 borrowers, a 30% step shock at block 3 on a deep AMM (every liquidation pays, whatever its size),
 * no background traffic, an oracle without delay.
 */
const backlog = (keepers: Group[]): ScenarioInput => ({
  name: "keepers",
  seed: 3,
  blocks: 14,
  borrowers: { count: 40 },
  path: { kind: "step", atBlock: 3, dropPct: 30 },
  amm: { depth: 50_000_000 },
  oracle: { latencySeconds: 0, heartbeatSeconds: 3600, deviationThresholdBps: 1 },
  keepers,
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  market: { lenderSupply: 20_000_000 },
});

const run = (input: ScenarioInput): Promise<RunResult> => runOnSnapshot(hre, parseScenario(input));
const perBlock = (r: RunResult) => r.blocks.map((b) => b.liquidations);
/** Blocks from the first liquidation until `n` positions have been liquidated at least once. */
function blocksToClear(r: RunResult, n: number): number {
  const seen = new Set<string>();
  const first = r.liquidations[0]?.block ?? 0;
  for (const l of r.liquidations) {
    seen.add(l.borrower);
    if (seen.size >= n) return l.block - first + 1;
  }
  return Infinity;
}

describe("Independent keepers in the engine", function () {
  this.timeout(600_000);

  const one: Group = { strategy: "fixed-bonus", count: 1, capital: 5_000_000, actionsPerBlock: 1 };

  it("10 keepers clear a backlog faster than 1: throughput grows with the keepers", async () => {
    const solo = await run(backlog([one]));
    const ten = await run(backlog([{ ...one, count: 10 }]));
    const n = Math.min(new Set(solo.liquidations.map((l) => l.borrower)).size, 10);
    expect(n).to.be.greaterThan(3);
    expect(Math.max(...perBlock(solo))).to.equal(1); // one action per block, one keeper
    expect(Math.max(...perBlock(ten))).to.be.greaterThan(3); // no global ceiling of 3
    expect(blocksToClear(ten, n)).to.be.lessThan(blocksToClear(solo, n));
  });

  it("race: every keeper goes for the same best target (failed txs); avoid-pending spreads them out", async () => {
    const race = await run(backlog([{ ...one, count: 5, targeting: "race" }]));
    const avoid = await run(backlog([{ ...one, count: 5, targeting: "avoid-pending" }]));
    /** Distinct borrowers liquidated in the first block with a liquidation. */
    const firstBlockTargets = (r: RunResult) =>
      new Set(r.liquidations.filter((l) => l.block === r.liquidations[0].block).map((l) => l.borrower)).size;
    expect(firstBlockTargets(race)).to.equal(1); // five keepers, one target
    expect(race.summary.keepers.gasWasted).to.be.greaterThan(0n);
    expect(firstBlockTargets(avoid)).to.equal(5); // five keepers, five targets
    expect(avoid.summary.keepers.gasWasted).to.be.lessThan(race.summary.keepers.gasWasted);
  });

  it("atomic keepers sell every seized unit in the liquidation's transaction, never below the repayment", async () => {
    const r = await run(backlog([{ ...one, count: 2, actionsPerBlock: 3 }]));
    expect(r.liquidations.length).to.be.greaterThan(0);
    for (const l of r.liquidations) {
      expect(l.collateralSold).to.equal(l.collateralSeized);
      expect(l.saleProceeds).to.be.greaterThanOrEqual(l.debtRepaid + l.gasCost);
    }
    expect(r.summary.liquidations.collateralSold).to.equal(r.summary.liquidations.collateralSeized);
  });

  it("inventory keepers: hold keeps the collateral, spread sells each lot over several blocks", async () => {
    const inventory: Group = { ...one, execution: "inventory", actionsPerBlock: 2 };
    const hold = await run(backlog([{ ...inventory, sale: { policy: "hold" } }]));
    expect(hold.liquidations.length).to.be.greaterThan(0);
    expect(hold.summary.liquidations.collateralSold).to.equal(0n);
    const spread = await run(backlog([{ ...inventory, sale: { policy: "spread", blocks: 3 } }]));
    /** Collateral seized in the first liquidating block, and sold in the block after it. */
    const firstLot = (r: RunResult) => {
      const i = r.blocks.findIndex((b) => b.liquidations > 0);
      return { seized: r.blocks[i].collateralSeized, soldNext: r.blocks[i + 1].collateralSold };
    };
    const s = firstLot(spread);
    // A third of it, rounded up.
    expect(s.soldNext * 3n >= s.seized && s.soldNext * 3n < s.seized + 3n, `${s.soldNext} of ${s.seized}`).to.equal(
      true,
    );
    const nextBlock = await run(backlog([{ ...inventory, sale: { policy: "next-block" } }]));
    expect(firstLot(nextBlock).soldNext).to.equal(firstLot(nextBlock).seized); // all of it
    // Selling next block: everything seized before the last block is sold by the end.
    const last = nextBlock.blocks[nextBlock.blocks.length - 1];
    expect(nextBlock.summary.liquidations.collateralSold).to.equal(
      nextBlock.summary.liquidations.collateralSeized - last.collateralSeized,
    );
  });

  it("realized accounting: gross = proceeds − repaid, unsold inventory apart, records name block, tx and sender", async () => {
    const r = await run(backlog([{ ...one, count: 2, execution: "inventory", sale: { policy: "hold" } }]));
    const repaid = r.liquidations.reduce((a, l) => a + l.debtRepaid, 0n);
    // Nothing sold: the realized gross is minus what was repaid, and everything seized is unsold.
    expect(r.summary.keepers.grossProfit).to.equal(-repaid);
    expect(r.summary.keepers.netProfit).to.equal(-repaid - r.summary.keepers.gasCost);
    expect(r.summary.keepers.unsold.collateral).to.equal(r.summary.liquidations.collateralSeized);
    expect(r.summary.keepers.unsold.atExternal).to.be.greaterThan(0n);
    const sold = await run(backlog([{ ...one, count: 2 }]));
    const gross = sold.liquidations.reduce((a, l) => a + l.saleProceeds - l.debtRepaid, 0n);
    expect(sold.summary.keepers.grossProfit).to.equal(gross);
    expect(sold.summary.keepers.unsold.collateral).to.equal(0n);
    const perActor = sold.summary.actors.reduce((a, x) => a + x.grossProfit, 0n);
    expect(perActor).to.equal(gross);
    // One chain block per simulated block; the hash and the sender are the landing transaction's.
    const offset = sold.liquidations[0].chainBlock - sold.liquidations[0].block;
    for (const l of sold.liquidations) {
      expect(l.chainBlock - l.block).to.equal(offset);
      expect(l.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(l.liquidator).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(l.oraclePrice).to.be.greaterThan(0);
      expect(l.externalPrice).to.equal(sold.blocks[l.block].externalPrice); // the price when it landed
    }
    expect(new Set(sold.liquidations.map((l) => l.liquidator)).size).to.equal(2); // the two keepers
    // positions.csv: every borrower, and the liquidated ones match the records
    expect(sold.positions).to.have.length(40);
    const liquidated = new Set(sold.liquidations.map((l) => l.borrower));
    expect(sold.positions.filter((p) => p.liquidations > 0).map((p) => p.borrower)).to.have.members([...liquidated]);
    for (const p of sold.positions) expect(p.endDebt).to.be.lessThanOrEqual(p.startDebt + p.startDebt / 1000n + 1n);
  });

  it("keeperModel legacy: at most 3 actions per keeper per block whatever actionsPerBlock says", async () => {
    const r = await run({ ...backlog([{ ...one, count: 1, actionsPerBlock: 10 }]), keeperModel: "legacy" });
    expect(Math.max(...perBlock(r))).to.be.within(1, 3);
  });
});
