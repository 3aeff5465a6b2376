import { expect } from "chai";
import { ScenarioError, parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import { assertRunnable, isSystemScenario, normalizeTopology } from "../../../scripts/sim/topology";

/** The problem lines of a scenario that must fail (a stack trace or a success fails the test). */
function problemsOf(json: unknown): string[] {
  try {
    parseScenario(json);
  } catch (e) {
    expect(e).to.be.instanceOf(ScenarioError);
    return (e as ScenarioError).problems;
  }
  throw new Error("expected the scenario to be invalid");
}

const three: ScenarioInput = { assets: [{ id: "eth" }, { id: "steth" }, { id: "usdc" }] };
const twoMarkets = {
  assets: [{ id: "eth" }, { id: "wbtc" }],
  markets: [{ id: "main", collaterals: [{ asset: "eth" }, { asset: "wbtc" }] }, { id: "btc" }],
};

describe("topology validation: one line per problem", () => {
  it("duplicate and reserved ids", () => {
    expect(problemsOf({ assets: [{ id: "eth" }, { id: "eth" }] })).to.deep.equal([
      'assets[1].id: duplicate asset id (also at index 0) (got "eth")',
    ]);
    expect(problemsOf({ assets: [{ id: "debt" }] })).to.deep.equal([
      'assets[0].id: "debt" is reserved for the debt asset (got "debt")',
    ]);
    expect(problemsOf({ markets: [{ id: "a" }, { id: "b" }, { id: "a" }] })).to.deep.equal([
      'markets[2].id: duplicate market id (also at index 0) (got "a")',
    ]);
    expect(problemsOf({ markets: [{ id: "a", borrowers: [{ id: "x" }, { id: "x" }] }] })).to.deep.equal([
      'markets[0].borrowers[1].id: duplicate population id (also at index 0) (got "x")',
    ]);
    expect(
      problemsOf({
        markets: [
          {
            id: "a",
            lenders: [
              { id: "x", supply: 1 },
              { id: "x", supply: 2 },
            ],
          },
        ],
      }),
    ).to.deep.equal(['markets[0].lenders[1].id: duplicate lender group id (also at index 0) (got "x")']);
    const fund = { id: "fund", positions: [{ market: "main", collateral: [{ asset: "weth", amount: 1 }] }] };
    expect(problemsOf({ entities: [fund, fund] })).to.deep.equal([
      'entities[1].id: duplicate entity id (also at index 0) (got "fund")',
    ]);
    expect(problemsOf({ assets: [{ id: "ETH" }] })).to.deep.equal([
      "assets[0].id: must start with a lower-case letter and use only a-z, 0-9 and '-' (got \"ETH\")",
    ]);
  });

  it("unknown references: collaterals, baskets, entity positions, keepers' markets", () => {
    expect(problemsOf({ ...twoMarkets, markets: [{ id: "m", collaterals: [{ asset: "btc" }] }] })).to.deep.equal([
      'markets[0].collaterals[0].asset: must name an asset of assets[] (eth, wbtc) (got "btc")',
    ]);
    expect(
      problemsOf({
        ...twoMarkets,
        markets: [{ id: "m", borrowers: [{ basket: [{ asset: "wbtc", share: 1 }] }] }],
      }),
    ).to.deep.equal(['markets[0].borrowers[0].basket[0].asset: must be a collateral of market "m" (eth) (got "wbtc")']);
    expect(
      problemsOf({
        ...twoMarkets,
        entities: [{ id: "fund", positions: [{ market: "lido", collateral: [{ asset: "eth", amount: 1 }] }] }],
      }),
    ).to.deep.equal(['entities[0].positions[0].market: must name a market (main, btc) (got "lido")']);
    expect(
      problemsOf({
        ...twoMarkets,
        entities: [{ id: "fund", positions: [{ market: "btc", collateral: [{ asset: "wbtc", amount: 1 }] }] }],
      }),
    ).to.deep.equal([
      'entities[0].positions[0].collateral[0].asset: must be a collateral of market "btc" (eth) (got "wbtc")',
    ]);
    // A position in a market that lists an unknown asset: one line for the market, none from the position.
    expect(
      problemsOf({
        markets: [{ id: "m", collaterals: [{ asset: "btc" }] }],
        entities: [{ id: "fund", positions: [{ market: "m", collateral: [{ asset: "btc", amount: 1 }] }] }],
      }),
    ).to.deep.equal(['markets[0].collaterals[0].asset: must name an asset of assets[] (weth) (got "btc")']);
    expect(problemsOf({ ...twoMarkets, keepers: [{ count: 1 }, { markets: ["main", "lido"] }] })).to.deep.equal([
      'keepers[1].markets[1]: must name a market (main, btc) (got "lido")',
    ]);
    // Without markets[] the one market is "main".
    expect(problemsOf({ keepers: [{ markets: ["lido"] }] })).to.deep.equal([
      'keepers[0].markets[0]: must name a market (main) (got "lido")',
    ]);
  });

  it("a collateral listed twice, ltv above the threshold, both lenderSupply and lenders", () => {
    expect(
      problemsOf({ ...twoMarkets, markets: [{ id: "m", collaterals: [{ asset: "eth" }, { asset: "eth" }] }] }),
    ).to.deep.equal(['markets[0].collaterals[1].asset: listed twice in market "m" (also collaterals[0]) (got "eth")']);
    // The threshold comes from market.collateral, the ltv from the listed collateral: checked after the merge.
    expect(
      problemsOf({
        market: { collateral: { liquidationThreshold: 0.8, ltv: 0.7 } },
        markets: [{ id: "m", collaterals: [{ asset: "weth", ltv: 0.82 }] }],
      }),
    ).to.deep.equal(["markets[0].collaterals[0].ltv: must be <= liquidationThreshold (0.8) (got 0.82)"]);
    expect(problemsOf({ markets: [{ id: "m", lenderSupply: 5, lenders: [{ id: "a", supply: 5 }] }] })).to.deep.equal([
      "markets[0].lenders: give either lenderSupply or lenders, not both",
    ]);
  });

  it("baskets: shares summing to 1, each asset once", () => {
    const basket = (b: { asset: string; share: number }[]) =>
      problemsOf({ ...twoMarkets, markets: [{ ...twoMarkets.markets[0], borrowers: [{ basket: b }] }] });
    expect(
      basket([
        { asset: "eth", share: 0.5 },
        { asset: "wbtc", share: 0.4 },
      ]),
    ).to.deep.equal(["markets[0].borrowers[0].basket: shares must sum to 1 (they sum to 0.9)"]);
    expect(
      basket([
        { asset: "eth", share: 0.5 },
        { asset: "eth", share: 0.5 },
      ]),
    ).to.deep.equal(['markets[0].borrowers[0].basket[1].asset: listed twice in this basket (got "eth")']);
    expect(basket([{ asset: "eth", share: 1.5 }])).to.deep.equal([
      "markets[0].borrowers[0].basket[0].share: must be <= 1 (got 1.5)",
    ]);
    // Written decimals that sum to 1 only up to floating point (0.7 + 0.2 + 0.1 = 0.9999999999999999) are accepted.
    expect(0.7 + 0.2 + 0.1).to.not.equal(1);
    const t = normalizeTopology(
      parseScenario({
        ...three,
        markets: [
          {
            id: "m",
            collaterals: [{ asset: "eth" }, { asset: "steth" }, { asset: "usdc" }],
            borrowers: [
              {
                basket: [
                  { asset: "eth", share: 0.7 },
                  { asset: "steth", share: 0.2 },
                  { asset: "usdc", share: 0.1 },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(t.markets[0].borrowers[0].basket.map((b) => b.share)).to.deep.equal([0.7, 0.2, 0.1]);
  });

  it("correlation: one row per asset, unit diagonal, symmetric, positive semi-definite", () => {
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).to.deep.equal(["correlation: must have 3 rows, one per asset (eth, steth, usdc); it has 2"]);
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 0, 0],
          [0, 1],
          [0, 0, 1],
        ],
      }),
    ).to.deep.equal(["correlation[1]: must have 3 entries, one per asset (eth, steth, usdc); it has 2"]);
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 0, 0],
          [0, 0.9, 0],
          [0, 0, 1],
        ],
      }),
    ).to.deep.equal(["correlation[1][1]: must be 1 (an asset's correlation with itself) (got 0.9)"]);
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 0.5, 0],
          [0.4, 1, 0],
          [0, 0, 1],
        ],
      }),
    ).to.deep.equal(["correlation[1][0]: must equal correlation[0][1] (0.5) (got 0.4)"]);
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 0.9, 0.9],
          [0.9, 1, -0.9],
          [0.9, -0.9, 1],
        ],
      }),
    ).to.deep.equal([
      "correlation: must be positive semi-definite (no set of shocks has these correlations: Cholesky fails at row 2 (usdc), pivot -15.2)",
    ]);
    expect(
      problemsOf({
        ...three,
        correlation: [
          [1, 2, 0],
          [2, 1, 0],
          [0, 0, 1],
        ],
      }),
    ).to.deep.equal(["correlation[0][1]: must be <= 1 (got 2)", "correlation[1][0]: must be <= 1 (got 2)"]);
    expect(
      problemsOf({
        correlation: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).to.deep.equal(["correlation: must have 1 row, one per asset (weth); it has 2"]);
    // Perfectly correlated assets are allowed (semi-definite).
    parseScenario({
      ...three,
      correlation: [
        [1, 1, 0],
        [1, 1, 0],
        [0, 0, 1],
      ],
    });
  });

  it("entities: one position per market, each asset once, health within the ltv limit", () => {
    const position = (health: number, collateral = [{ asset: "eth", amount: 10 }]) => ({
      market: "main",
      collateral,
      health,
    });
    expect(
      problemsOf({ ...twoMarkets, entities: [{ id: "f", positions: [position(1.2), position(1.3)] }] }),
    ).to.deep.equal([
      'entities[0].positions[1].market: the entity already has a position in this market (positions[0]); one account holds one position per market (got "main")',
    ]);
    expect(
      problemsOf({
        ...twoMarkets,
        entities: [
          {
            id: "f",
            positions: [
              position(1.2, [
                { asset: "eth", amount: 1 },
                { asset: "eth", amount: 2 },
              ]),
            ],
          },
        ],
      }),
    ).to.deep.equal(['entities[0].positions[0].collateral[1].asset: listed twice in this position (got "eth")']);
    // Default collateral: ltv 0.83, threshold 0.85, so health cannot start below 0.85 / 0.83.
    expect(problemsOf({ ...twoMarkets, entities: [{ id: "f", positions: [position(1.02)] }] })).to.deep.equal([
      "entities[0].positions[0].health: must be >= 1.0241 (Σ value × liquidationThreshold ÷ Σ value × ltv: the market lends no more than the ltv allows) (got 1.02)",
    ]);
    parseScenario({ ...twoMarkets, entities: [{ id: "f", positions: [position(0.85 / 0.83)] }] });
  });

  it("auction markets need a kicker watching them; the legacy isolation block is gone", () => {
    expect(
      problemsOf({
        ...twoMarkets,
        markets: [{ id: "main" }, { id: "btc", liquidation: { mechanism: "dutch-auction" } }],
        keepers: [{ strategy: "auction-kicker", markets: ["main"] }],
      }),
    ).to.deep.equal([
      'markets[1].liquidation.mechanism: market "btc" needs an "auction-kicker" keeper watching it, or no auction ever starts (got "dutch-auction")',
    ]);
    // Isolation is a topology now (scenarios/risk/isolation.json): the old block is an unknown field.
    expect(() => parseScenario({ isolation: { mode: "shared" } })).to.throw(ScenarioError, /isolation/);
  });

  it("normalizeTopology refuses a scenario changed after parsing, with the same lines", () => {
    const s = parseScenario({ ...twoMarkets });
    s.keepers[0].markets = ["nowhere"];
    expect(() => normalizeTopology(s)).to.throw(
      ScenarioError,
      'keepers[0].markets[0]: must name a market (main, btc) (got "nowhere")',
    );
  });
});

describe("assertRunnable: what a system world does not run yet", () => {
  it("lets single-asset and system scenarios through (an asset without a pool too), and names what it cannot run", () => {
    assertRunnable(parseScenario({}));
    expect(isSystemScenario(parseScenario({}))).to.equal(false);
    const system = parseScenario({ ...twoMarkets, keepers: [{}, { markets: ["btc"] }] });
    expect(isSystemScenario(system)).to.equal(true);
    assertRunnable(system);
    assertRunnable(parseScenario({ ...twoMarkets, assets: [{ id: "eth" }, { id: "wbtc", amm: null }] }));
    const s = parseScenario({
      ...twoMarkets,
      assets: [{ id: "eth" }, { id: "wbtc", amm: null, oracle: { source: "amm-spot" } }],
      attack: { enabled: true },
    });
    expect(() => assertRunnable(s, "x.json"))
      .to.throw(ScenarioError)
      .with.property("problems")
      .that.deep.equals([
        'assets[1].oracle: asset wbtc has no AMM (amm null), so its oracle must read "external" only',
        "attack.enabled: the attacker acts in single-asset, single-market worlds only",
      ]);
  });
});
