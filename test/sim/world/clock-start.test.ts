import { expect } from "chai";
import { CLOCK_GRID_SECONDS, clockStart } from "../../../scripts/sim/world/clock";

describe("sim/world/clock: the run's first timestamp", () => {
  const START = 2_000_000_000;

  it("is the fixed start whenever the chain is before it", () => {
    expect(clockStart(0, START)).to.equal(START);
    expect(clockStart(1_700_000_000, START)).to.equal(START);
    expect(clockStart(START - 1, START)).to.equal(START);
  });

  it("moves to the next grid point past a reused chain, the same for deployments that took different wall time", () => {
    expect(clockStart(START, START)).to.equal(START + CLOCK_GRID_SECONDS);
    // Two identical runs from one snapshot whose deploy blocks were stamped 5 s apart in wall time.
    const a = clockStart(START + 12_345, START);
    const b = clockStart(START + 12_350, START);
    expect(a)
      .to.equal(b)
      .and.to.equal(START + CLOCK_GRID_SECONDS);
    expect(clockStart(START + CLOCK_GRID_SECONDS - 1, START)).to.equal(START + CLOCK_GRID_SECONDS);
    expect(clockStart(START + CLOCK_GRID_SECONDS, START)).to.equal(START + 2 * CLOCK_GRID_SECONDS);
  });

  it("is always after the latest block", () => {
    for (const latest of [START - 2, START - 1, START, START + 1, START + 999_999, START + 1_000_000]) {
      expect(clockStart(latest, START)).to.be.greaterThan(latest);
    }
  });
});
