import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  bridgeCandle,
  checkCandles,
  isOhlcCsv,
  mergeCandles,
  ohlcPath,
  parseOhlcCsv,
  type Candle,
} from "../../scripts/sim/csv-path";
import { PathCsvError, generatePath } from "../../scripts/sim/paths";
import { Rng } from "../../scripts/sim/random";
import { parseScenario } from "../../scripts/sim/scenario";

const DATA = path.join(__dirname, "..", "..", "data", "prices");
const read = (f: string) => fs.readFileSync(path.join(DATA, f), "utf8");

/** For each candle: the block samples that fall inside it, from a path laid at `t0 + i × dt`. */
function samplesByCandle(candles: readonly Candle[], p: readonly number[], dt: number): number[][] {
  const out: number[][] = candles.map(() => []);
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    const t = candles[0].t + i * dt;
    while (c + 1 < candles.length && candles[c + 1].t <= t) c++;
    out[c].push(p[i]);
  }
  return out;
}

describe("csv path: OHLC candles on the block clock", () => {
  it("detects the OHLC header and keeps the two-column formats apart", () => {
    expect(isOhlcCsv("# c\ntimestamp,open,high,low,close\n1,1,1,1,1\n")).to.equal(true);
    expect(isOhlcCsv("timestamp,price\n1,1\n")).to.equal(false);
    expect(isOhlcCsv("block,price\n0,1\n")).to.equal(false);
  });

  it("refuses a candle whose high and low do not bracket its open and close, and a non-increasing time", () => {
    expect(() => parseOhlcCsv("timestamp,open,high,low,close\n0,10,9,8,9\n", "f")).to.throw(PathCsvError, /bracket/);
    expect(() => parseOhlcCsv("timestamp,open,high,low,close\n0,1,2,1,1\n0,1,2,1,1\n", "f")).to.throw(
      PathCsvError,
      /does not increase/,
    );
    expect(() => parseOhlcCsv("timestamp,open,high,low,close\n0,1,2,0,1\n", "f")).to.throw(PathCsvError, /low/);
  });

  it("bridging: open first, each extreme reached exactly, never outside [low, high]", () => {
    const c: Candle = { t: 0, open: 100, high: 120, low: 80, close: 90 };
    const rng = new Rng("bridge");
    for (const k of [3, 4, 7, 30]) {
      for (let rep = 0; rep < 20; rep++) {
        const s = bridgeCandle(c, k, rng);
        expect(s).to.have.length(k);
        expect(s[0]).to.equal(100);
        expect(Math.max(...s)).to.equal(120);
        expect(Math.min(...s)).to.equal(80);
      }
    }
    expect(bridgeCandle(c, 2, rng).slice().sort()).to.deep.equal([120, 80].sort());
    expect(bridgeCandle(c, 1, rng)).to.deep.equal([90]);
  });

  it("is not a straight line: the seeded order of the extremes varies, the noise is seeded", () => {
    const c: Candle = { t: 0, open: 100, high: 120, low: 80, close: 90 };
    const firsts = new Set<number>();
    const rng = new Rng("order");
    for (let rep = 0; rep < 40; rep++) {
      const s = bridgeCandle(c, 12, rng);
      firsts.add(s.findIndex((x) => x === 120) < s.findIndex((x) => x === 80) ? 1 : 0);
    }
    expect([...firsts].sort()).to.deep.equal([0, 1]);
    expect(bridgeCandle(c, 12, new Rng("a"))).to.deep.equal(bridgeCandle(c, 12, new Rng("a")));
    expect(bridgeCandle(c, 12, new Rng("a"))).to.not.deep.equal(bridgeCandle(c, 12, new Rng("b")));
  });

  it("merging keeps the first open, the extremes and the last close until a candle spans the minimum", () => {
    const cs: Candle[] = [
      { t: 0, open: 10, high: 12, low: 9, close: 11 },
      { t: 60, open: 11, high: 15, low: 10, close: 14 },
      { t: 120, open: 14, high: 14, low: 5, close: 6 },
      { t: 180, open: 6, high: 7, low: 6, close: 7 },
    ];
    expect(mergeCandles(cs, 120)).to.deep.equal([
      { t: 0, open: 10, high: 15, low: 9, close: 14 },
      { t: 120, open: 14, high: 14, low: 5, close: 7 },
    ]);
    expect(mergeCandles(cs, 60)).to.deep.equal(cs);
  });

  // The bridging check on the real files: every candle's high and low reached, never exceeded.
  for (const [file, dt] of [
    ["eth-usd-2020-03-12_13-1h.csv", 600],
    ["eth-usd-2020-03-12-10m.csv", 120],
    ["usdc-usd-implied-2023-03-10_14-1h.csv", 900],
  ] as const) {
    it(`${file} at ${dt} s of tape a block: each candle's high and low reached, never exceeded`, () => {
      const candles = parseOhlcCsv(read(file), file);
      const span = candles[candles.length - 1].t + (candles[1].t - candles[0].t) - candles[0].t;
      const p = ohlcPath(candles, { blocks: span / dt, tapeSecondsPerBlock: dt }, new Rng(file));
      const byCandle = samplesByCandle(candles, p, dt);
      candles.forEach((c, i) => {
        expect(Math.max(...byCandle[i]), `candle ${i} high`).to.equal(c.high);
        expect(Math.min(...byCandle[i]), `candle ${i} low`).to.equal(c.low);
        expect(byCandle[i][0], `candle ${i} open`).to.equal(c.open);
      });
    });
  }

  it("time scaling: compressing past the file's resolution merges candles, the window's low is still reached", () => {
    const file = "luna-usdt-2022-05-07_14-5m.csv";
    const candles = parseOhlcCsv(read(file), file);
    const start = candles[0].t + 4 * 86_400; // 2022-05-10 18:00 UTC
    const p = ohlcPath(candles, { blocks: 96, tapeSecondsPerBlock: 900, start }, new Rng("luna"));
    const window = candles.filter((c) => c.t >= start && c.t < start + 96 * 900);
    expect(Math.min(...p)).to.equal(Math.min(...window.map((c) => c.low)));
    expect(Math.max(...p)).to.be.at.most(Math.max(...window.map((c) => c.high)));
    const check = checkCandles(candles, p, { blocks: 96, tapeSecondsPerBlock: 900, start });
    expect(check.candles).to.be.greaterThan(25);
    expect(check.extremesReached).to.equal(check.candles);
    expect(check.blocksOutside).to.equal(0);
    const broken = p.map((x, i) => (i === 40 ? x * 2 : x));
    expect(checkCandles(candles, broken, { blocks: 96, tapeSecondsPerBlock: 900, start }).blocksOutside).to.equal(1);
  });

  it("generatePath: OHLC options are refused on a two-column file; the scenario seed drives the bridging", () => {
    const ohlc = "timestamp,open,high,low,close\n0,100,110,90,95\n3600,95,99,60,70\n";
    const readCsv = () => ohlc;
    const spec = parseScenario({ path: { kind: "csv", file: "x.csv", tapeSecondsPerBlock: 600 } }).path;
    const ctx = { blocks: 12, blockTimeSeconds: 12, seed: "s", readCsv };
    const a = generatePath(spec, ctx);
    expect(a).to.deep.equal(generatePath(spec, ctx));
    expect(a).to.not.deep.equal(generatePath(spec, { ...ctx, seed: "t" }));
    expect(Math.min(...a)).to.equal(60);
    const twoColumn = { ...ctx, readCsv: () => "timestamp,price\n0,1\n" };
    expect(() => generatePath(spec, twoColumn)).to.throw(/OHLC files only/);
  });
});
