import { expect } from "chai";
import { basketPositions, borrowLimit, entityPosition, liquidationLimit } from "../../../scripts/sim/world/basket";
import type { AssetSpec, CollateralSpec, PopulationSpec } from "../../../scripts/sim/topology/types";

const asset = (id: string, decimals: number) => ({ id, symbol: id.toUpperCase(), decimals }) as AssetSpec;
const risk = (a: string, ltv: number, lt: number) =>
  ({
    asset: a,
    ltv,
    liquidationThreshold: lt,
    liquidationBonusBps: 500,
    maxPriceAgeSeconds: 3600,
    supplyCap: 1e9,
  }) as CollateralSpec;
const ctx = {
  assets: [asset("eth", 18), asset("wbtc", 8)],
  collaterals: [risk("eth", 0.8, 0.85), risk("wbtc", 0.7, 0.75)],
  prices: new Map([
    ["eth", 2000],
    ["wbtc", 60000],
  ]),
  debtDecimals: 6,
};
const population = (over: Partial<PopulationSpec> = {}): PopulationSpec =>
  ({
    id: "p",
    seed: "7/p",
    count: 50,
    size: { kind: "uniform", min: 1, max: 10 },
    health: { kind: "uniform", min: 1.05, max: 1.5 },
    basket: [
      { asset: "eth", share: 0.6 },
      { asset: "wbtc", share: 0.4 },
    ],
    ...over,
  }) as PopulationSpec;
const value = (p: { collateral: Map<string, bigint> }, id: string) =>
  (Number(p.collateral.get(id)!) / 10 ** (id === "eth" ? 18 : 8)) * ctx.prices.get(id)!;

describe("world/basket: positions holding several collaterals", () => {
  it("splits each position's value by the basket's shares at block-0 prices", () => {
    for (const p of basketPositions(population(), ctx)) {
      const total = value(p, "eth") + value(p, "wbtc");
      expect(value(p, "eth") / total).to.be.closeTo(0.6, 1e-6);
      expect(value(p, "wbtc") / total).to.be.closeTo(0.4, 1e-6);
    }
  });

  it("opens within the borrow limit, at the drawn health (value-weighted threshold)", () => {
    const positions = basketPositions(population(), ctx);
    for (const p of positions) {
      expect(p.debt <= borrowLimit(p.collateral, ctx)).to.equal(true);
      const health = Number(liquidationLimit(p.collateral, ctx)) / Number(p.debt);
      expect(health).to.be.within(1.05 - 1e-6, 1.5 + 1e-3);
    }
    // Deterministic: the same seed gives the same positions.
    expect(basketPositions(population(), ctx)).to.deep.equal(positions);
  });

  it("caps a position whose target health needs more than its ltv", () => {
    const tight = basketPositions(population({ health: { kind: "uniform", min: 1.0, max: 1.0 } } as never), ctx);
    for (const p of tight) expect(p.debt).to.equal(borrowLimit(p.collateral, ctx));
  });

  it("an entity borrows what puts it at its health", () => {
    const p = entityPosition(
      {
        market: "main",
        collateral: [
          { asset: "eth", amount: 100 },
          { asset: "wbtc", amount: 2 },
        ],
        health: 1.2,
      },
      ctx,
    );
    // 100 × 2000 × 0.85 + 2 × 60000 × 0.75 = 260,000 → debt 216,666.67 USDC
    expect(Number(p.debt) / 1e6).to.be.closeTo(260_000 / 1.2, 0.01);
    expect(() => basketPositions(population({ basket: [{ asset: "steth", share: 1 }] }), ctx)).to.throw(/steth/);
  });
});
