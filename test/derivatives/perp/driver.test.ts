import { expect } from "chai";
import hre from "hardhat";
import { perpPresetSchema } from "../../../scripts/derivatives/perp/scenario";
import { runPerpCascade } from "../../../scripts/derivatives/perp/run";
import { headline } from "../../../scripts/derivatives/perp/headline";

/**
 * The standalone driver on a shrunk preset. It resets the Hardhat network, so it runs only when asked
 * (PERP_DRIVER_TEST=1 npx hardhat test test/derivatives/perp/driver.test.ts), never inside the default suite where
 * other files' fixtures hold snapshots.
 */
(process.env.PERP_DRIVER_TEST ? describe : describe.skip)("perp driver (PERP_DRIVER_TEST=1)", () => {
  const preset = perpPresetSchema.parse({
    name: "tiny",
    seed: "tiny",
    steps: 40,
    shock: { startStep: 2, steps: 10, fallPct: 20 },
    oracleUpdateEverySteps: 5,
    oracleLatencySeconds: 60,
    insuranceFund: 1_000,
    longs: { count: 8 },
    shorts: { count: 4 },
  });

  it("is deterministic, conserves money, and its liquidations deepen the external fall", async () => {
    const a = await runPerpCascade(hre, preset, true);
    const b = await runPerpCascade(hre, preset, true);
    expect(a.rows).to.deep.equal(b.rows);
    const counterfactual = await runPerpCascade(hre, preset, false);
    const h = headline(preset, a, counterfactual);
    expect(h.conserved).to.equal(true);
    expect(h.liquidations.marketSales + h.liquidations.backstopTakeovers).to.be.gt(0);
    expect(h.externalLow.withBook).to.be.lt(h.externalLow.withoutBook);
    expect(h.badDebt.total).to.equal(h.badDebt.coveredByInsurance + h.badDebt.coveredByAdl + h.badDebt.uncovered);
  });
});
