import { expect } from "chai";
import { hedgeTarget, hedgeTrade } from "../../../scripts/derivatives/options/hedge";

const WAD = 10n ** 18n;

describe("option hedging arithmetic (issue 20)", () => {
  it("holds base + units·Δ: less underlying for short puts, more for short calls, floored at zero", () => {
    expect(hedgeTarget(100n * WAD, [{ units: 10n * WAD, delta: -WAD / 2n }])).to.equal(95n * WAD);
    expect(hedgeTarget(100n * WAD, [{ units: 10n * WAD, delta: WAD / 4n }])).to.equal(102n * WAD + WAD / 2n);
    expect(hedgeTarget(1n * WAD, [{ units: 10n * WAD, delta: -WAD }])).to.equal(0n);
  });

  it("sells more as a short put's delta deepens (the gamma loop), and skips dust", () => {
    const before = hedgeTarget(100n * WAD, [{ units: 10n * WAD, delta: -WAD / 2n }]);
    const after = hedgeTarget(100n * WAD, [{ units: 10n * WAD, delta: -(WAD * 7n) / 10n }]);
    expect(hedgeTrade(before, after, 0n)).to.equal(-2n * WAD);
    expect(hedgeTrade(before, before + 5n, 10n)).to.equal(0n);
    expect(hedgeTrade(before, before + 10n, 10n)).to.equal(10n);
  });
});
