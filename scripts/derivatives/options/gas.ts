/** Gas per Black-76 pricing (library, measured in-contract with gasleft) and per margin check (the venue's view). */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployOptionsVenue } from "./deploy";
import { GRID_MARGIN, WAD } from "./params";

export interface GasFigures {
  pricing: { label: string; gas: bigint }[];
  marginCheck: { label: string; gas: bigint }[];
}

const TX_BASE = 21_000n;

export async function measureGas(): Promise<GasFigures> {
  const h = await ethers.deployContract("Black76Harness");
  const spot = 2_000n * WAD;
  const vol = (8n * WAD) / 10n;
  const pricing: GasFigures["pricing"] = [];
  for (const [label, isCall, strike] of [
    ["ATM call, 1 day", true, spot],
    ["10% OTM put, 1 day (series tail)", false, (spot * 9n) / 10n],
    ["25% OTM call, 1 day (continued-fraction tail)", true, (spot * 5n) / 4n],
  ] as [string, boolean, bigint][]) {
    const [, gas] = await h.priceGas(isCall, spot, strike, vol, 86_400n);
    pricing.push({ label, gas });
  }
  const [admin, writer] = await ethers.getSigners();
  const quote = await ethers.deployContract("MockERC20", ["USD", "USD", 18]);
  const feed = await ethers.deployContract("MockPriceFeed", [8, spot / 10n ** 10n]);
  const venue = await deployOptionsVenue(admin, await quote.getAddress(), await feed.getAddress());
  await quote.mint(writer.address, 10n ** 6n * WAD);
  await quote.connect(writer).approve(await venue.getAddress(), ethers.MaxUint256);
  await venue.connect(writer).deposit(writer.address, 10n ** 6n * WAD);
  const now = BigInt(await time.latest());
  const marginCheck: GasFigures["marginCheck"] = [];
  for (let i = 0n; i < 8n; i++) {
    await venue.createSeries(i % 2n === 0n, spot + (i - 4n) * 50n * WAD, now + (1n + i) * 86_400n);
    await venue.connect(writer).write(i + 1n, WAD, admin.address);
    if (i === 0n)
      marginCheck.push({ label: "1 short", gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE });
  }
  marginCheck.push({
    label: "8 shorts, 8 expiries",
    gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE,
  });
  await venue.setMarginParams(GRID_MARGIN);
  marginCheck.push({
    label: "8 shorts with the 3 x 2 scenario grid",
    gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE,
  });
  return { pricing, marginCheck };
}

export function gasMarkdown(g: GasFigures): string {
  return [
    "| measured | gas |",
    "|---|---:|",
    ...g.pricing.map((p) => `| one pricing: ${p.label} | ${p.gas} |`),
    ...g.marginCheck.map((m) => `| margin check (\`marginState\`, external call less 21 000): ${m.label} | ${m.gas} |`),
  ].join("\n");
}
