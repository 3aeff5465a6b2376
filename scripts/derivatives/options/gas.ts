/** Gas per Black-76 pricing (library, measured in-contract with gasleft) and per margin check (the venue's view). */
import { ethers } from "hardhat";
import { mineAt, schedulerFromLatest } from "./clock";
import { deployOptionsVenue } from "./deploy";
import { GRID_MARGIN, WAD } from "./params";

export interface GasFigures {
  pricing: { label: string; gas: bigint }[];
  marginCheck: { label: string; gas: bigint }[];
  /** Whole transactions (receipt gasUsed, 21 000 included). */
  liquidation: { label: string; gas: bigint }[];
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
  const at = await schedulerFromLatest();
  await at(() => feed.setAnswer(spot / 10n ** 10n));
  await at(() => quote.mint(writer.address, 10n ** 6n * WAD));
  await at(() => quote.connect(writer).approve(venue.getAddress(), ethers.MaxUint256));
  await at(() => venue.connect(writer).deposit(writer.address, 10n ** 6n * WAD));
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const marginCheck: GasFigures["marginCheck"] = [];
  for (let i = 0n; i < 8n; i++) {
    await at(() => venue.createSeries(i % 2n === 0n, spot + (i - 4n) * 50n * WAD, now + (1n + i) * 86_400n));
    await at(() => venue.connect(writer).write(i + 1n, WAD, admin.address));
    if (i === 0n) {
      await mineAt(at);
      marginCheck.push({ label: "1 short", gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE });
    }
  }
  await mineAt(at);
  marginCheck.push({
    label: "8 shorts, 8 expiries",
    gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE,
  });
  await at(() => venue.setMarginParams(GRID_MARGIN));
  await mineAt(at);
  marginCheck.push({
    label: "8 shorts with the 3 x 2 scenario grid",
    gas: (await venue.marginState.estimateGas(writer.address)) - TX_BASE,
  });
  const liquidation = await measureLiquidationGas(spot);
  return { pricing, marginCheck, liquidation };
}

/** startAuction and a whole-portfolio bid on a writer short one 1-day ATM call, pushed under maintenance by +10%. */
async function measureLiquidationGas(spot: bigint): Promise<GasFigures["liquidation"]> {
  const [admin, writer, keeper] = await ethers.getSigners();
  const quote = await ethers.deployContract("MockERC20", ["USD", "USD", 18]);
  const feed = await ethers.deployContract("MockPriceFeed", [8, spot / 10n ** 10n]);
  const venue = await deployOptionsVenue(admin, await quote.getAddress(), await feed.getAddress());
  const at = await schedulerFromLatest();
  for (const s of [writer, keeper]) {
    await at(() => quote.mint(s.address, 10n ** 6n * WAD));
    await at(() => quote.connect(s).approve(venue.getAddress(), ethers.MaxUint256));
  }
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  await at(() => venue.createSeries(true, spot, now + 86_400n));
  await at(() => venue.connect(writer).deposit(writer.address, 310n * WAD));
  await at(() => venue.connect(writer).write(1n, WAD, admin.address));
  await at(() => venue.connect(keeper).deposit(keeper.address, 10_000n * WAD));
  await at(() => feed.setAnswer((spot * 11n) / 10n / 10n ** 10n));
  const receipts: bigint[] = [];
  await at(async () =>
    receipts.push((await (await venue.connect(keeper).startAuction(writer.address)).wait())!.gasUsed),
  );
  await at(async () =>
    receipts.push((await (await venue.connect(keeper).bid(writer.address, WAD, ethers.MaxUint256)).wait())!.gasUsed),
  );
  return [
    { label: "startAuction (1 short)", gas: receipts[0] },
    {
      label: "bid for the whole portfolio, capped at the share restoring maintenance (1 short, solvent)",
      gas: receipts[1],
    },
  ];
}

export function gasMarkdown(g: GasFigures): string {
  return [
    "| measured | gas |",
    "|---|---:|",
    ...g.pricing.map((p) => `| one pricing: ${p.label} | ${p.gas} |`),
    ...g.marginCheck.map((m) => `| margin check (\`marginState\`, external call less 21 000): ${m.label} | ${m.gas} |`),
    ...g.liquidation.map((l) => `| liquidation transaction: ${l.label} | ${l.gas} |`),
  ].join("\n");
}
