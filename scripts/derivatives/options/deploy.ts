/** Deploys an options venue on an existing quote token and feed (tests, the margin table, the spiral driver). */
import type { Signer } from "ethers";
import { ethers } from "hardhat";
import type { OptionsVenue } from "../../../typechain-types";
import {
  DEFAULT_AUCTION,
  DEFAULT_MARGIN,
  DEFAULT_VOL,
  type AuctionParamsInput,
  type MarginParamsInput,
} from "./params";

export interface VenueOptions {
  vol?: bigint;
  margin?: MarginParamsInput;
  auction?: AuctionParamsInput;
}

export async function deployOptionsVenue(
  admin: Signer,
  quote: string,
  feed: string,
  o: VenueOptions = {},
): Promise<OptionsVenue> {
  const factory = await ethers.getContractFactory("OptionsVenue", admin);
  const venue = await factory.deploy(
    quote,
    feed,
    await admin.getAddress(),
    o.vol ?? DEFAULT_VOL,
    o.margin ?? DEFAULT_MARGIN,
    o.auction ?? DEFAULT_AUCTION,
  );
  await venue.waitForDeployment();
  return venue as unknown as OptionsVenue;
}
