import { expect } from "chai";
import { small } from "./helpers";

/** The CSV replays shipped under scenarios/historical/ (synthetic reconstructions; see each preset's description). */
describe("scenario presets: historical replays", function () {
  this.timeout(300_000);

  it("Black Thursday 2020: the replayed crash (~194 → ~112 USD in the first day) triggers a multi-round cascade", async () => {
    const { r, h } = await small("historical/black-thursday-2020", { blocks: 72 });
    expect(r.blocks[0].exogenousPrice).to.equal(194);
    expect(h.shockPct).to.be.within(35, 55);
    expect(h.liquidations).to.be.greaterThan(10);
    expect(h.rounds).to.be.greaterThan(2);
  });

  it("LUNA 2022: a 99.99% collapse leaves bad debt", async () => {
    const { h } = await small("historical/luna-2022", { blocks: 130 });
    expect(h.shockPct).to.be.greaterThan(99);
    expect(h.liquidations).to.be.greaterThan(10);
    expect(h.badDebt).to.be.greaterThan(10_000);
  });
});
