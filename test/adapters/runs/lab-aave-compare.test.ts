import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { deployerOf } from "../../../scripts/adapters/registry";
import { deployAaveV3With } from "../../../scripts/adapters/aave-v3/deploy-market";
import { deployLabWith } from "../../../scripts/adapters/lab/deploy";
import { renderProtocolsDoc } from "../../../scripts/adapters/compare/doc";
import { fromJson, SHOCKS } from "../../../scripts/adapters/compare/main";
import { minimalSeizeValue } from "../../../scripts/adapters/compare/measures";
import { runProtocol, type ProtocolResult } from "../../../scripts/adapters/compare/run";

const WAD = 10n ** 18n;
const USDC = (n: bigint) => n * 10n ** 6n;

describe("protocol comparison (lab vs Aave v3)", () => {
  describe("minimalSeizeValue", () => {
    const LT = (WAD * 80n) / 100n;
    it("seizes (D - V x LT)(1 + b) / (1 - LT(1 + b)) and lands exactly on health 1", () => {
      // D = 9,000, V = 10,000: (9,000 - 8,000) x 1.05 / (1 - 0.84) = 6,562.5
      const s = minimalSeizeValue({ debt: USDC(9_000n), collateralValue: USDC(10_000n) }, LT, 500n);
      expect(s).to.equal(6_562_500_000n);
      const repaid = (s * 10_000n) / 10_500n;
      expect(((USDC(10_000n) - s) * LT) / WAD).to.equal(USDC(9_000n) - repaid);
    });
    it("is zero for a healthy position and everything when no partial liquidation restores health", () => {
      expect(minimalSeizeValue({ debt: USDC(8_000n), collateralValue: USDC(10_000n) }, LT, 500n)).to.equal(0n);
      // V < D x 1.05: the whole collateral.
      expect(minimalSeizeValue({ debt: USDC(9_800n), collateralValue: USDC(10_000n) }, LT, 500n)).to.equal(
        USDC(10_000n),
      );
      // LT x (1 + b) >= 1: no partial liquidation helps; min(V, D x 1.05) = min(10,000, 10,185).
      const highLt = (WAD * 96n) / 100n;
      expect(minimalSeizeValue({ debt: USDC(9_700n), collateralValue: USDC(10_000n) }, highLt, 500n)).to.equal(
        USDC(10_000n),
      );
    });
  });

  describe("directions on a small book (6 positions), same shocks as docs/protocols.md", () => {
    const results: ProtocolResult[] = [];
    before(async function () {
      this.timeout(900_000); // four runs: ~10 s idle, minutes instrumented (the coverage gate) on a loaded machine
      for (const shock of SHOCKS) {
        for (const protocol of ["lab", "aave-v3"] as const) {
          results.push(await runProtocol(hre, protocol, await deployerOf(protocol), shock, { book: { positions: 6 } }));
        }
      }
    });
    const get = (protocol: string, shock: string) => results.find((r) => r.protocol === protocol && r.shock === shock)!;
    const share = (r: ProtocolResult) => Number((r.overLiquidation * 1_000_000n) / r.seizedValue);

    for (const protocol of ["lab", "aave-v3"]) {
      it(`${protocol}: a moderate shock is over-liquidated (Qin et al.) and leaves no bad debt`, () => {
        const r = get(protocol, "moderate");
        expect(r.liquidations).to.be.greaterThan(0);
        expect(r.overLiquidation).to.be.greaterThan(0n);
        expect(r.seizedValue).to.be.greaterThan(r.minimalSeizeValue);
        expect(r.badDebt).to.equal(0n);
        expect(r.keeperProfit).to.be.greaterThan(0n);
        // No protocol fee: the borrower's loss is the keeper's profit, to a unit of rounding in the valuation.
        expect(r.borrowerLoss - r.keeperProfit).to.be.within(-1n, 1n);
      });

      it(`${protocol}: a severe shock leaves bad debt and a smaller over-liquidated share`, () => {
        const moderate = get(protocol, "moderate");
        const severe = get(protocol, "severe");
        expect(severe.badDebt).to.be.greaterThan(0n);
        expect(severe.liquidations).to.be.at.least(moderate.liquidations);
        expect(share(severe)).to.be.lessThan(share(moderate));
        expect(severe.gasPerLiquidation).to.be.greaterThan(0n);
      });
    }

    it("Aave's protocol fee (10% of the bonus): the borrower loses more than the keeper earns, by the fee", async () => {
      const fee = await runProtocol(
        hre,
        "aave-v3",
        deployAaveV3With({ liquidationProtocolFeeBps: 1000 }),
        SHOCKS[0],
        { book: { positions: 6 } },
        "aave-v3 fee 10%",
      );
      const plain = get("aave-v3", "moderate");
      expect(fee.liquidations).to.equal(plain.liquidations);
      expect(fee.borrowerLoss).to.be.greaterThan(fee.keeperProfit);
      expect(fee.keeperProfit).to.be.lessThan(plain.keeperProfit);
      // The treasury's share is a tenth of the bonus: keeper + treasury = what the borrower lost.
      const treasury = fee.borrowerLoss - fee.keeperProfit;
      expect(treasury * 10n - fee.borrowerLoss).to.be.within(-USDC(1n), USDC(1n));
    });

    it("lifting the close factor (lab, 100%) raises over-liquidation and the borrowers' loss (Qin et al.)", async () => {
      // Opening health 1.20 to 1.24, x 0.8 after the shock: 0.96 to 0.99, all above 0.95 where the close factor binds.
      const book = { positions: 4, minHealthBps: 12_000n, maxHealthBps: 12_400n };
      const run = (closeFactor: bigint, label: string) =>
        runProtocol(hre, "lab", deployLabWith({ closeFactor }), SHOCKS[0], { book }, label);
      const capped = await run(WAD / 2n, "lab");
      const lifted = await run(WAD, "lab close factor 100%");
      expect(capped.liquidatable).to.equal(4);
      expect(lifted.overLiquidation).to.be.greaterThan(capped.overLiquidation);
      expect(lifted.borrowerLoss).to.be.greaterThan(capped.borrowerLoss);
      expect(lifted.keeperProfit).to.be.greaterThan(capped.keeperProfit);
    });

    it("the same rules give the same outcome: lab and Aave v3 agree to a cent, Aave costs more gas", () => {
      for (const shock of SHOCKS) {
        const lab = get("lab", shock.name);
        const aave = get("aave-v3", shock.name);
        expect(aave.liquidations).to.equal(lab.liquidations);
        for (const k of ["debtRepaid", "seizedValue", "badDebt", "overLiquidation"] as const) {
          expect(aave[k] - lab[k], k).to.be.within(-USDC(1n) / 100n, USDC(1n) / 100n);
        }
        expect(aave.gasPerLiquidation).to.be.greaterThan(lab.gasPerLiquidation);
      }
    });
  });

  it("docs/protocols.md is the rendering of docs/protocols-results.json (no figure typed by hand)", () => {
    const docs = path.join(__dirname, "..", "..", "..", "docs");
    const results = fromJson(fs.readFileSync(path.join(docs, "protocols-results.json"), "utf8"));
    expect(renderProtocolsDoc(results)).to.equal(fs.readFileSync(path.join(docs, "protocols.md"), "utf8"));
  });
});
