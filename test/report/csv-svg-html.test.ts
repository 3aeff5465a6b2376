import { expect } from "chai";
import { blocksCsv, formatCell, liquidationsCsv, positionsCsv } from "../../scripts/report/csv";
import { barChart, lineChart, niceTicks } from "../../scripts/report/svg";
import { sampleRun } from "../helpers/records";

describe("report writers", () => {
  const { blocks, liquidations } = sampleRun();

  it("blocks.csv: stable header, one row per block, bigint as integers", () => {
    const lines = blocksCsv(blocks).trimEnd().split("\n");
    expect(lines[0]).to.equal(
      "block,timestamp,exogenous_price,external_price,amm_price,oracle_price,liquidations,auctions_kicked," +
        "auctions_taken,collateral_seized,collateral_sold,debt_repaid,total_bad_debt,keeper_gas_used," +
        "keeper_gas_failed,keeper_gas_cost,priority_fees_paid,keeper_gross_profit," +
        "at_risk_hf_lt_1.00,at_risk_hf_lt_1.05,at_risk_hf_lt_1.10,at_risk_hf_lt_1.25," +
        "breaker_tripped,liquidation_threshold,ltv,oracle_stale",
    );
    expect(lines).to.have.length(blocks.length + 1);
    expect(lines[4].split(",").slice(0, 12)).to.deep.equal([
      "3",
      "1700000036",
      "80",
      "80",
      "70",
      "90",
      "2",
      "0",
      "0",
      "2000000000000000000",
      "2000000000000000000",
      "2000000000",
    ]);
  });

  it("liquidations.csv and cell formatting", () => {
    const lines = liquidationsCsv(liquidations).trimEnd().split("\n");
    expect(lines[0]).to.equal(
      "block,chain_block,tx_hash,kind,keeper,liquidator,borrower,debt_repaid,collateral_seized,collateral_sold," +
        "collateral_unsold,sale_proceeds,sale_price,external_price,oracle_price,gross_profit,gas_used,gas_cost," +
        "priority_fee",
    );
    // the last sample record sold nothing: all of its collateral is unsold
    expect(lines[4].split(",")[10]).to.equal(String(10n ** 18n));
    expect(lines).to.have.length(5);
    expect(formatCell('a,"b"')).to.equal('"a,""b"""');
    expect(formatCell(NaN)).to.equal("");
    expect(formatCell(0.1 + 0.2)).to.equal("0.30000000000000004");
    expect(formatCell(10n ** 30n)).to.equal("1000000000000000000000000000000");
  });

  it("positions.csv: one row per position, health empty without debt", () => {
    const csv = positionsCsv([
      {
        borrower: "0xA",
        startCollateral: 10n,
        startDebt: 5n,
        startHealth: 1.2,
        endCollateral: 0n,
        endDebt: 0n,
        endHealth: Infinity,
        liquidations: 2,
        debtRepaid: 4n,
        badDebt: 1n,
      },
    ]);
    expect(csv).to.equal(
      "borrower,start_collateral,start_debt,start_health,end_collateral,end_debt,end_health,liquidated," +
        "liquidations,debt_repaid,bad_debt\n0xA,10,5,1.2,0,0,,1,2,4,1\n",
    );
  });

  it("svg: line and bar charts with title, axes, ticks and legend", () => {
    expect(niceTicks(0, 97)).to.deep.equal([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(5, 5).length).to.be.greaterThan(1);
    const line = lineChart(
      [
        { name: "a", values: [1, 2, 3] },
        { name: "b<c", values: [3, NaN, 1] },
      ],
      { title: "T & U", xLabel: "block", yLabel: "price" },
    );
    expect(line).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(line).to.include("<title>T &amp; U</title>");
    expect(line).to.include(">b&lt;c</text>");
    expect(line.match(/<path /g)).to.have.length(2);
    const bars = barChart([0, 2, 1], { title: "bars", name: "n" });
    expect(bars.match(/<rect x=/g)?.length).to.be.at.least(2);
    expect(bars.trimEnd().endsWith("</svg>")).to.equal(true);
  });
});
