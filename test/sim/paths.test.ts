import { expect } from "chai";
import {
  PathCsvError,
  generatePath,
  linearPath,
  parsePriceCsv,
  peakDrawdown,
  replayPath,
  stepPath,
  toWad,
} from "../../scripts/sim/paths";
import { parseScenario } from "../../scripts/sim/scenario";
import { fromFixedUnits, parseFixed } from "../../scripts/sim/wad";

const ctx = { blocks: 50, blockTimeSeconds: 12, seed: "s" };

describe("price paths", () => {
  it("step: flat, then exactly the drop from the given block", () => {
    const p = stepPath(2000, 10, 25, 20);
    expect(p).to.have.length(20);
    expect(p.slice(0, 10).every((x) => x === 2000)).to.equal(true);
    expect(p.slice(10).every((x) => x === 1500)).to.equal(true);
    expect(peakDrawdown(p)).to.equal(0.25);
  });

  it("linear: endpoints and midpoint", () => {
    const p = linearPath(1000, 5, 10, 30, 30);
    expect(p[5]).to.equal(1000);
    expect(p[10]).to.be.closeTo(850, 1e-9);
    expect(p[15]).to.be.closeTo(700, 1e-9);
    expect(p[29]).to.be.closeTo(700, 1e-9);
  });

  it("gbm and jump: same seed, same path; different seed, different path; positive", () => {
    const gbm = parseScenario({ path: { kind: "gbm", volatilityPerYear: 1 } }).path;
    const a = generatePath(gbm, ctx);
    expect(a).to.deep.equal(generatePath(gbm, ctx));
    expect(a).to.not.deep.equal(generatePath(gbm, { ...ctx, seed: "t" }));
    expect(a[0]).to.equal(2000);
    expect(a.every((x) => x > 0)).to.equal(true);
    const jump = parseScenario({ path: { kind: "jump", jumpProbability: 0.2, seed: "fixed" } }).path;
    const j = generatePath(jump, ctx);
    expect(j).to.deep.equal(generatePath(jump, { ...ctx, seed: "other" })); // its own seed wins
    expect(peakDrawdown(j)).to.be.greaterThan(0.1);
  });

  it("regime: the same path as plain gbm before the shift, then the second regime's volatility", () => {
    const long = { ...ctx, blocks: 2_000 };
    const plain = parseScenario({ path: { kind: "gbm", volatilityPerYear: 0.5, seed: "r" } }).path;
    const shifted = parseScenario({
      path: { kind: "regime", volatilityPerYear: 0.5, seed: "r", shiftBlock: 1_000, volatilityAfterPerYear: 5 },
    }).path;
    const a = generatePath(plain, long);
    const b = generatePath(shifted, long);
    expect(b.slice(0, 1_000)).to.deep.equal(a.slice(0, 1_000));
    // realized per-block volatility of log returns, before and after the shift: ratio ≈ 10
    const vol = (xs: number[]) => {
      const r = xs.slice(1).map((x, i) => Math.log(x / xs[i]));
      const m = r.reduce((u, v) => u + v, 0) / r.length;
      return Math.sqrt(r.reduce((u, v) => u + (v - m) ** 2, 0) / (r.length - 1));
    };
    const ratio = vol(b.slice(1_000)) / vol(b.slice(0, 1_000));
    expect(ratio).to.be.within(8.5, 11.5);
  });

  it("csv replay: interpolates blocks and timestamps, holds the last price", () => {
    const byBlock = parsePriceCsv("block,price\n100,10\n102,14\n", "b.csv");
    expect(replayPath(byBlock, 5, 12)).to.deep.equal([10, 12, 14, 14, 14]);
    const byTime = parsePriceCsv("# comment\ntimestamp,price\n1000,100\n1024,76\n\n", "t.csv");
    expect(replayPath(byTime, 4, 12)).to.deep.equal([100, 88, 76, 76]);
    const scenario = parseScenario({ path: { kind: "csv", file: "x.csv" } });
    expect(generatePath(scenario.path, { ...ctx, blocks: 3, readCsv: () => "block,price\n0,5\n1,6" })).to.deep.equal([
      5, 6, 6,
    ]);
  });

  it("csv replay errors name the file and line", () => {
    const bad: [string, RegExp][] = [
      ["time,price\n1,2", /^h\.csv:1: header must be/],
      ["block,price\n1,2\n2,abc", /^h\.csv:3: price "abc" is not a positive number/],
      ["block,price\n1,2\n\n1,3", /^h\.csv:4: block 1 does not increase/],
      ["block,price\n1,2,3", /^h\.csv:2: expected 2 values, got 3/],
      ["block,price\n-1,2", /^h\.csv:2: block "-1" is not a non-negative number/],
      ["block,price\n", /^h\.csv:\d+: no price rows/],
    ];
    for (const [text, re] of bad) {
      expect(() => parsePriceCsv(text, "h.csv"))
        .to.throw(PathCsvError)
        .with.property("message")
        .that.matches(re);
    }
  });
});

describe("toWad and fixed-point text", () => {
  it("is exact for typical prices", () => {
    expect(toWad(2000)).to.equal(2000n * 10n ** 18n);
    expect(toWad(2000.1)).to.equal(20001n * 10n ** 17n);
    expect(toWad(0.1)).to.equal(10n ** 17n);
    expect(toWad(1e-7)).to.equal(10n ** 11n);
    expect(toWad(1.5e21)).to.equal(15n * 10n ** 38n);
    expect(toWad(0.123456789012345678)).to.equal(123456789012345680n);
  });

  it("truncates beyond the decimals and rejects junk", () => {
    expect(parseFixed("1.23456789", 6)).to.equal(1_234_567n);
    expect(parseFixed("-2.5", 1)).to.equal(-25n);
    expect(() => parseFixed("abc", 6)).to.throw(RangeError);
    expect(() => toWad(NaN)).to.throw(RangeError);
    expect(fromFixedUnits(1_234_567n, 6)).to.equal(1.234567);
  });
});
