import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BookError, MAX_HEALTH, basketState, isBelowOne, type MarketBook } from "../../scripts/measures/system-book";
import { Rng } from "../../scripts/sim/random";
import { WAD, position as refPosition, healthFactor as refHealth } from "../helpers/lendingMath";
import { BTC, ETH, USDC, deployMarket, openPosition } from "../lending/fixtures";

const ASSETS = [
  { asset: "eth", decimals: 18, feedDecimals: 8, threshold: (WAD * 80n) / 100n },
  { asset: "btc", decimals: 8, feedDecimals: 18, threshold: (WAD * 78n) / 100n },
  { asset: "usdc", decimals: 6, feedDecimals: 8, threshold: (WAD * 65n) / 100n },
];

describe("system measures: basket positions valued as the LendingPool values them", () => {
  for (const debtDecimals of [6, 18]) {
    it(`agrees to the wei with the independent reference on 300 random baskets (debt ${debtDecimals} decimals)`, () => {
      const rng = new Rng(`baskets/${debtDecimals}`);
      const book: MarketBook = {
        id: "main",
        debtDecimals,
        collaterals: ASSETS.map((a) => ({ asset: a.asset, decimals: a.decimals, liquidationThreshold: a.threshold })),
        positions: [],
      };
      for (let i = 0; i < 300; i++) {
        const answers = ASSETS.map((a) => (BigInt(rng.int(5_000_000) + 1) * 10n ** BigInt(a.feedDecimals)) / 100n);
        const amounts = ASSETS.map((a) =>
          rng.bernoulli(0.3) ? 0n : (BigInt(rng.int(1e9) + 1) * 10n ** BigInt(a.decimals)) / 10_000n + 1n,
        );
        const debt = rng.bernoulli(0.1) ? 0n : BigInt(rng.int(1e9)) * 10n ** BigInt(debtDecimals - 3) + 1n;
        const prices = Object.fromEntries(
          ASSETS.map((a, j) => [a.asset, answers[j] * 10n ** BigInt(18 - a.feedDecimals)]),
        );
        const collateral = Object.fromEntries(ASSETS.map((a, j) => [a.asset, amounts[j]]));
        const mine = basketState(book, { account: `b${i}`, debt, collateral }, prices);
        const ref = refPosition(
          ASSETS.map((a, j) => ({ ...a, amount: amounts[j], answer: answers[j], ltv: 0n })),
          debtDecimals,
        );
        expect(mine.value).to.equal(ref.collateralValue);
        expect(mine.liquidationLimit).to.equal(ref.liquidationLimit);
        expect(mine.health).to.equal(refHealth(ref.liquidationLimit, debt));
      }
    });
  }

  it("agrees with the deployed LendingPool's healthFactorsOf and accountState on WETH/WBTC baskets", async () => {
    const m = await loadFixture(deployMarket);
    const [, , a, b, c] = m.signers;
    await openPosition(m, a, { weth: ETH(3), wbtc: BTC(1) / 3n }, USDC(9_000));
    await openPosition(m, b, { wbtc: BTC(1) }, USDC(20_000));
    await openPosition(m, c, { weth: ETH(10) + 7n }, USDC(14_999));
    await m.ethFeed.setAnswer(1_873_12345678n);
    await m.btcFeed.setAnswer(24_999_99999999n);
    const weth = await m.weth.getAddress();
    const wbtc = await m.wbtc.getAddress();
    const book: MarketBook = {
      id: "main",
      debtDecimals: 6,
      collaterals: [
        {
          asset: "weth",
          decimals: 18,
          liquidationThreshold: (await m.pool.collateralConfig(weth)).liquidationThreshold,
        },
        {
          asset: "wbtc",
          decimals: 8,
          liquidationThreshold: (await m.pool.collateralConfig(wbtc)).liquidationThreshold,
        },
      ],
      positions: [],
    };
    const prices = { weth: await m.pool.priceOf(weth), wbtc: await m.pool.priceOf(wbtc) };
    const accounts = [a, b, c].map((s) => s.address);
    const onChain = await m.pool.healthFactorsOf(accounts);
    for (let i = 0; i < accounts.length; i++) {
      const p = {
        account: accounts[i],
        debt: await m.pool.debtOf(accounts[i]),
        collateral: {
          weth: await m.pool.collateralOf(accounts[i], weth),
          wbtc: await m.pool.collateralOf(accounts[i], wbtc),
        },
      };
      const s = basketState(book, p, prices);
      const state = await m.pool.accountState(accounts[i]);
      expect(s.health).to.equal(onChain[i]);
      expect(s.value).to.equal(state.collateralValue);
      expect(s.liquidationLimit).to.equal(state.liquidationLimit);
      expect(isBelowOne(book, p, prices)).to.equal(onChain[i] < WAD);
    }
    expect(onChain.some((h) => h < WAD) && onChain.some((h) => h >= WAD)).to.equal(true);
  });

  it("a position without debt has the maximum health; unknown assets and missing prices are refused", () => {
    const book: MarketBook = {
      id: "m",
      debtDecimals: 6,
      collaterals: [{ asset: "eth", decimals: 18, liquidationThreshold: WAD / 2n }],
      positions: [],
    };
    const prices = { eth: 2000n * WAD };
    expect(basketState(book, { account: "x", debt: 0n, collateral: { eth: WAD } }, prices)).to.deep.equal({
      value: 2000n * 10n ** 6n,
      liquidationLimit: 1000n * 10n ** 6n,
      health: MAX_HEALTH,
    });
    expect(() => basketState(book, { account: "x", debt: 1n, collateral: { btc: 1n } }, prices)).to.throw(
      BookError,
      "market m, x: holds btc, which the market does not list",
    );
    expect(() => basketState(book, { account: "x", debt: 1n, collateral: { eth: 1n } }, {})).to.throw(
      RangeError,
      "no price for eth",
    );
  });
});
