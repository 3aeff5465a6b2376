import { expect } from "chai";
import { change, measureMarginAcceleration } from "../../../scripts/derivatives/options/margin-acceleration";

/**
 * The margin acceleration, read from the contracts (issue 20): the same spot move raises a short ATM call's maintenance
 * margin more the nearer its expiry (gamma). The figures at σ = 80%, +5%: +38% for 1 day, +19% for 30 days.
 */
describe("OptionsVenue margin acceleration (issue 20)", () => {
  it("raises a 1-day short call's margin about twice as much as a 30-day one's for the same +5%", async () => {
    const t = await measureMarginAcceleration([1, 7, 30], [100n, 500n]);
    const rise = (row: number, move: number) => change(t.rows[row].before, t.rows[row].after[move]);
    for (let r = 0; r < 3; r++) for (let m = 0; m < 2; m++) expect(rise(r, m)).to.be.above(0);
    for (let m = 0; m < 2; m++) {
      expect(rise(0, m)).to.be.above(rise(1, m));
      expect(rise(1, m)).to.be.above(rise(2, m));
    }
    expect(rise(0, 1) / rise(2, 1)).to.be.at.least(1.8);
    expect(rise(0, 1)).to.be.closeTo(0.38, 0.02);
    expect(rise(2, 1)).to.be.closeTo(0.19, 0.02);
  });
});
