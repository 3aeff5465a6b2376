import { expect } from "chai";
import { measureGas } from "../../scripts/bench/gas";

/**
 * The gas benchmark's targets (docs/BENCHMARKS.md) as a test: every row with a target must meet it, among them the
 * flash take (FlashLiquidator.takeAndSell: a full take and the AMM sale) under 250,000 gas, which the auction's
 * fair-exit re-mark must not push over. Tagged @gas-budget: coverage's instrumented bytecode costs more gas.
 */
describe("gas benchmark targets @gas-budget", () => {
  it("every operation with a target meets it (flash take < 250,000; liquidations <= half of Aave v3; ...)", async () => {
    const rows = await measureGas();
    const targeted = rows.filter((r) => r.target !== undefined);
    expect(targeted.map((r) => r.operation)).to.include(
      "flash take, full (FlashLiquidator.takeAndSell: take + AMM sale)",
    );
    const missed = targeted.filter((r) => !r.target!.met).map((r) => `${r.operation}: ${r.ours} (${r.target!.text})`);
    expect(missed, missed.join("; ")).to.deep.equal([]);
  });
});
