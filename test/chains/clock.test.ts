import { expect } from "chai";
import { advanceClock, clockSchedule, startClockState } from "../../scripts/chains/clock";

describe("chains/clock", () => {
  it("mines each chain at its own block time on one clock, ties in chain order", () => {
    const ticks = clockSchedule(100, [12, 2], 8);
    expect(ticks).to.deep.equal([
      { time: 102, due: [1] },
      { time: 104, due: [1] },
      { time: 106, due: [1] },
      { time: 108, due: [1] },
      { time: 110, due: [1] },
      { time: 112, due: [0, 1] },
      { time: 114, due: [1] },
      { time: 116, due: [1] },
    ]);
  });

  it("gives each chain blocks/second in proportion to its block time over a long run", () => {
    const ticks = clockSchedule(0, [12, 3, 5], 600);
    const last = ticks[ticks.length - 1].time;
    const count = (i: number) => ticks.filter((t) => t.due.includes(i)).length;
    expect(count(0)).to.equal(Math.floor(last / 12));
    expect(count(1)).to.equal(Math.floor(last / 3));
    expect(count(2)).to.equal(Math.floor(last / 5));
    // Strictly increasing instants, never an idle tick.
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].time).to.be.greaterThan(ticks[i - 1].time);
    expect(ticks.every((t) => t.due.length > 0)).to.equal(true);
  });

  it("does not mutate the state it advances from", () => {
    const s = startClockState(0, [2, 3]);
    const a = advanceClock(s, [2, 3]);
    const b = advanceClock(s, [2, 3]);
    expect(a).to.deep.equal(b);
    expect(s.nextBlockAt).to.deep.equal([2, 3]);
  });

  it("refuses no chain and fractional or zero block times", () => {
    expect(() => startClockState(0, [])).to.throw("at least one chain");
    expect(() => startClockState(0, [0])).to.throw("block time");
    expect(() => startClockState(0, [1.5])).to.throw("block time");
  });
});
