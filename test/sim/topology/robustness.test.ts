import { expect } from "chai";
import fc from "fast-check";
import { ScenarioError, parseScenario } from "../../../scripts/sim/scenario";
import { normalizeTopology } from "../../../scripts/sim/topology";

/** Ids from a small alphabet, so that references hit and miss, plus junk of other types. */
const id = fc.oneof(
  { arbitrary: fc.constantFrom("eth", "wbtc", "weth", "main", "m"), weight: 20 },
  { arbitrary: fc.constantFrom("debt", "x", 3, null), weight: 1 },
);
const num = fc.oneof(
  { arbitrary: fc.constantFrom(0.5, 1, 0.7, 0.3, 1.2), weight: 20 },
  { arbitrary: fc.oneof(fc.double({ min: -2, max: 3, noNaN: true }), fc.constant("1")), weight: 1 },
);
const maybe = <T>(a: fc.Arbitrary<T>, freq = 5) => fc.option(a, { nil: undefined, freq });

const asset = fc.record(
  { id, amm: maybe(fc.oneof(fc.constant(null), fc.record({ feeBps: maybe(num) }))) },
  { requiredKeys: ["id"] },
);
const share = fc.record({ asset: id, share: num });
const market = fc.record(
  {
    id,
    collaterals: maybe(
      fc.array(fc.record({ asset: id, ltv: maybe(num) }, { requiredKeys: ["asset"] }), { maxLength: 3 }),
    ),
    borrowers: maybe(
      fc.array(fc.record({ id: maybe(id), basket: maybe(fc.array(share, { maxLength: 3 })) }), { maxLength: 2 }),
    ),
    lenders: maybe(fc.array(fc.record({ id, supply: num }), { maxLength: 2 })),
  },
  { requiredKeys: ["id"] },
);
const entity = fc.record({
  id,
  positions: fc.array(
    fc.record({
      market: id,
      collateral: fc.array(fc.record({ asset: id, amount: num }), { maxLength: 2 }),
      health: maybe(num),
    }),
    { maxLength: 3 },
  ),
});
const scenario = fc.record(
  {
    assets: maybe(fc.array(asset, { maxLength: 3 })),
    markets: maybe(fc.array(market, { maxLength: 3 })),
    entities: maybe(fc.array(entity, { maxLength: 2 }), 2),
    correlation: maybe(fc.array(fc.array(num, { maxLength: 3 }), { maxLength: 3 }), 2),
    keepers: maybe(fc.array(fc.record({ markets: maybe(fc.array(id, { maxLength: 2 })) }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

describe("topology robustness", () => {
  it("any system-shaped input either parses and normalises, or fails with ScenarioError lines only", () => {
    let parsed = 0;
    fc.assert(
      fc.property(scenario, (json) => {
        let s;
        try {
          s = parseScenario(json);
        } catch (e) {
          expect(e).to.be.instanceOf(ScenarioError);
          for (const line of (e as ScenarioError).problems) expect(line).to.match(/^\S+: /);
          return;
        }
        parsed++;
        const t = normalizeTopology(s);
        expect(t.markets.length).to.be.greaterThan(0);
      }),
      { numRuns: 400, seed: 16 },
    );
    expect(parsed, "valid inputs are normalised too").to.be.greaterThan(10);
  });
});
