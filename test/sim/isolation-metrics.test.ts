import { expect } from "chai";
import {
  proRataFraction,
  receivedShare,
  summarizeGroup,
  withdrawableFraction,
  type LenderGroupState,
} from "../../scripts/sim/isolation-metrics";

const state = (claim: bigint, cash: bigint, marketSupplied: bigint, deposit = 1_000n): LenderGroupState => ({
  deposit,
  claim,
  cash,
  marketSupplied,
});

describe("isolation metrics", () => {
  it("withdrawable fraction: min(claim, cash) ÷ claim, 1 for an empty claim", () => {
    expect(withdrawableFraction(state(1_000n, 250n, 4_000n))).to.equal(0.25);
    expect(withdrawableFraction(state(1_000n, 5_000n, 8_000n))).to.equal(1);
    expect(withdrawableFraction(state(0n, 0n, 0n))).to.equal(1);
  });

  it("pro-rata fraction: cash ÷ every lender's claim, capped at 1", () => {
    expect(proRataFraction(state(1_000n, 1_000n, 4_000n))).to.equal(0.25);
    expect(proRataFraction(state(1_000n, 5_000n, 4_000n))).to.equal(1);
    expect(proRataFraction(state(0n, 0n, 0n))).to.equal(1);
  });

  it("a group's summary: loss from its last claim, worst fractions over every block", () => {
    const g = summarizeGroup([state(1_000n, 900n, 2_000n), state(990n, 300n, 1_990n), state(950n, 600n, 1_900n)]);
    expect(g.endClaim).to.equal(950n);
    expect(g.loss).to.equal(50n);
    expect(g.lossPct).to.equal(5);
    expect(g.worstWithdrawableFraction).to.be.closeTo(300 / 990, 1e-12);
    expect(g.worstProRataFraction).to.be.closeTo(300 / 1_990, 1e-12);
    // Interest earned is a negative loss.
    expect(summarizeGroup([state(1_003n, 1n, 1n)]).loss).to.equal(-3n);
    expect(() => summarizeGroup([])).to.throw(/no blocks/);
  });

  it("received share of a withdrawal", () => {
    expect(receivedShare({ asked: 200n, received: 50n })).to.equal(0.25);
    expect(receivedShare({ asked: 0n, received: 0n })).to.equal(1);
  });
});
