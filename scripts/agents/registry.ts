/**
 * Every kind of agent, in setup order (the order their setup transactions are sent in, which fixes contract
 * addresses and nonces). Each block they act by rank (`AgentFactory.rank`), keepers last in a seeded random order.
 * A new agent kind is its own file (the agent, its hooks and its factory) and one line here.
 */
import type { AgentFactory } from "./types";
import { oracleUpdaterSetup } from "./oracle-updater";
import { lenderExitSetup } from "./lender-exit";
import { unwatchedGuardSetup } from "./unwatched-guard";
import { arbitrageurSetup } from "./arbitrageur";
import { keeperSetup } from "./keeper-setup";
import { congestionSetup } from "./congestion";
import { attackerSetup } from "./attacker";
import { exploiterSetup } from "./exploiter";
import { riskPokerSetup } from "./risk-poker";
import { perpTraderSetup } from "./perp-trader";
import { perpKeeperSetup } from "./perp-keeper";
import { optionWriterSetup } from "./option-writer";
import { optionDealerSetup } from "./option-dealer";
import { optionAuctionKeeperSetup } from "./option-auction-keeper";

export const AGENT_KINDS: readonly AgentFactory[] = [
  oracleUpdaterSetup,
  lenderExitSetup,
  unwatchedGuardSetup,
  arbitrageurSetup,
  keeperSetup,
  congestionSetup,
  attackerSetup,
  exploiterSetup,
  riskPokerSetup,
  // Derivatives venues (issue 20): last, so scenarios without them set up exactly as before.
  perpTraderSetup,
  perpKeeperSetup,
  optionWriterSetup,
  optionDealerSetup,
  optionAuctionKeeperSetup,
];
