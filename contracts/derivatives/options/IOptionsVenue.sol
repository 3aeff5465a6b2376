// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {MarginParams, AuctionParams} from "./OptionMarginLib.sol";

/// @notice One option series: a European call or put on the collateral asset, cash-settled in the quote (debt) token.
/// @param isCall Call (true) or put.
/// @param expiry Expiry time (s).
/// @param strike Strike (WAD quote per unit of underlying).
/// @param totalShort Units written and not closed (WAD); equals the longs outstanding before settlement.
/// @param unsettledShort Short units not yet settled after expiry (WAD).
/// @param settlementPrice Spot at settlement (WAD), 0 before.
/// @param payoutPool Quote collected from settled shorts (and the fund) for the longs, not yet redeemed.
/// @param longOutstanding Long units not yet redeemed (WAD).
/// @param badDebt Quote owed by settled shorts that neither their margin nor the insurance fund could pay.
struct OptionSeries {
    bool isCall;
    uint64 expiry;
    uint128 strike;
    uint128 totalShort;
    uint128 unsettledShort;
    uint128 settlementPrice;
    uint256 payoutPool;
    uint256 longOutstanding;
    uint256 badDebt;
}

/// @notice An account's margin state (quote token units).
/// @param cash Margin deposited (quote units).
/// @param markValue What the account's shorts are worth at the mark (Black-76 at the feed's spot): its liability.
/// @param maintenance Maintenance requirement (includes the mark): liquidatable when `cash < maintenance`.
/// @param initial Initial requirement (includes the mark): writing and withdrawing need `cash >= initial`.
struct MarginState {
    uint256 cash;
    uint256 markValue;
    uint256 maintenance;
    uint256 initial;
}

/// @title IOptionsVenue
/// @notice Short European options written against margin in the debt token, marked to a lagged Chainlink-style feed
/// by Black-76, margined Lyra v2 standard-manager style, liquidated by a Dutch auction of the portfolio, and backed by
/// an insurance fund. Positions: an account's shorts carry margin; longs are fully paid balances that redeem the
/// payoff after expiry. The premium is agreed between writer and buyer outside the venue (the writer mints the long
/// to the buyer). Quote amounts are in the quote token's units; option amounts in WAD units of the underlying.
/// Money: the venue's quote balance equals `totalCash + insuranceFund + Σ payoutPool` to the wei (donations aside).
interface IOptionsVenue {
    /* EVENTS */

    event SeriesCreated(uint256 indexed seriesId, bool isCall, uint256 strike, uint256 expiry);
    event Deposited(address indexed account, address indexed from, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    event Written(address indexed writer, uint256 indexed seriesId, uint256 amount, address indexed longRecipient);
    event ShortClosed(address indexed writer, uint256 indexed seriesId, uint256 amount);
    event LongTransferred(uint256 indexed seriesId, address indexed from, address indexed to, uint256 amount);
    event AuctionStarted(address indexed account, uint256 cash, uint256 markValue, uint256 maintenance);
    /// @notice A bid took `fraction` (WAD) of `account`'s portfolio; `price` is what the bidder paid (solvent) and
    /// `fundPaid` what the insurance fund paid the bidder (insolvent); `fee` went to the fund.
    event AuctionBid(
        address indexed account,
        address indexed bidder,
        uint256 fraction,
        uint256 price,
        uint256 fee,
        uint256 fundPaid,
        bool insolvent
    );
    event AuctionEnded(address indexed account);
    event SeriesSettled(uint256 indexed seriesId, uint256 settlementPrice);
    /// @notice A short position settled: `charged` is what it owed, `fromFund` what the fund covered, `badDebt` what
    /// nobody could pay (the longs of the series are haircut by it).
    event ShortSettled(
        address indexed account, uint256 indexed seriesId, uint256 charged, uint256 fromFund, uint256 badDebt
    );
    event LongRedeemed(uint256 indexed seriesId, address indexed holder, uint256 amount, uint256 payout);
    event InsuranceFunded(address indexed from, uint256 amount);
    event VolUpdated(uint256 vol);
    event MarginParamsUpdated(MarginParams params);
    event AuctionParamsUpdated(AuctionParams params);

    /* ERRORS */

    error ZeroAddress();
    error ZeroAmount();
    error UnknownSeries(uint256 seriesId);
    error InvalidSeries(uint256 strike, uint256 expiry, uint256 nowTime);
    error SeriesExpired(uint256 seriesId, uint256 expiry);
    error SeriesNotExpired(uint256 seriesId, uint256 expiry, uint256 nowTime);
    error SeriesAlreadySettled(uint256 seriesId);
    error SeriesNotSettled(uint256 seriesId);
    error ShortsUnsettled(uint256 seriesId, uint256 unsettledShort);
    error TooManyPositions(address account, uint256 max);
    error InsufficientCash(address account, uint256 cash, uint256 needed);
    error InsufficientLong(address holder, uint256 seriesId, uint256 balance, uint256 needed);
    error InsufficientShort(address account, uint256 seriesId, uint256 balance, uint256 needed);
    error BelowInitialMargin(address account, uint256 cash, uint256 initial);
    error BelowMaintenanceMargin(address account, uint256 cash, uint256 maintenance);
    error AccountHealthy(address account, uint256 cash, uint256 maintenance);
    error AuctionActive(address account);
    error NoAuction(address account);
    error SelfBid(address account);
    error InvalidFraction(uint256 fraction);
    error BidAboveMax(uint256 price, uint256 maxPrice);
    error InsuranceFundInsufficient(uint256 needed, uint256 available);
    error NoSettlementPrice(uint256 seriesId, uint256 updatedAt, uint256 expiry);
    error InvalidFeedAnswer(int256 answer);
    error ParamOutOfBounds(uint256 value, uint256 max);
    error NothingToSettle(address account, uint256 seriesId);
    /// @notice More than `MAX_SETTLEMENT_LOOKBACK` rounds since expiry: use `settleSeriesAt` with the round id.
    error SettlementRoundTooOld(uint256 seriesId, uint80 roundId);
    /// @notice An earlier round than `roundId` is also at or after expiry (OPT-03).
    error NotFirstRoundAfterExpiry(uint256 seriesId, uint80 roundId);

    /* WRITERS AND HOLDERS */

    /// @notice Pulls `amount` quote from the caller into `account`'s margin; ends the account's auction if it is
    /// healthy after.
    function deposit(address account, uint256 amount) external;

    /// @notice Withdraws `amount` of the caller's margin; the rest must cover the initial requirement (a settled
    /// short requires its payoff) and no auction may be running.
    function withdraw(uint256 amount) external;

    /// @notice Creates a series (anyone); returns the existing id if it exists. Strike > 0, expiry in the future
    /// within `MAX_EXPIRY_HORIZON`.
    function createSeries(bool isCall, uint256 strike, uint256 expiry) external returns (uint256 seriesId);

    /// @notice Writes `amount` units of `seriesId` from the caller's margin and mints the long to `longRecipient`;
    /// the caller must then meet the initial requirement.
    function write(uint256 seriesId, uint256 amount, address longRecipient) external;

    /// @notice Buys back: burns `amount` of the caller's shorts against as many of the caller's longs (before expiry).
    function closeShort(uint256 seriesId, uint256 amount) external;

    /// @notice Moves `amount` long units of `seriesId` from the caller to `to`.
    function transferLong(uint256 seriesId, address to, uint256 amount) external;

    /* LIQUIDATION */

    /// @notice Starts the Dutch auction of `account`'s portfolio (anyone) when its cash is below maintenance.
    function startAuction(address account) external;

    /// @notice Takes `fraction` (WAD, <= 1) of the account's cash and shorts. Solvent (equity > 0): the fraction is
    /// capped at the share that restores the account's maintenance (Lyra v2's max proportion), the caller pays
    /// `fraction x equity x bid%` (at most `maxPrice`), 10% of it to the insurance fund, and the auction ends if the
    /// account is healthy after; a solvent auction past the end of its curve restarts at the top. Insolvent: the fund
    /// pays the caller `fraction x (deficit + buffer x progress)`. The caller must meet maintenance afterwards.
    function bid(address account, uint256 fraction, uint256 maxPrice) external;

    /// @notice Ends an auction whose account is back above maintenance or has no shorts left (anyone).
    function endAuction(address account) external;

    /* SETTLEMENT */

    /// @notice Records the settlement price: the first answer of the feed visible at or after expiry (found by walking
    /// back at most `MAX_SETTLEMENT_LOOKBACK` rounds from the latest), whoever calls and whenever.
    function settleSeries(uint256 seriesId) external;

    /// @notice As `settleSeries`, at round `roundId`, which must be the first visible at or after expiry.
    function settleSeriesAt(uint256 seriesId, uint80 roundId) external;

    /// @notice Settles `account`'s short in a settled series (anyone): charges the payoff to its cash, then to the
    /// insurance fund; what remains is bad debt of the series.
    function settleShort(address account, uint256 seriesId) external;

    /// @notice Redeems the caller's longs once every short of the series is settled: its pro-rata share of the pool.
    function redeem(uint256 seriesId) external;

    /* INSURANCE AND ADMIN */

    /// @notice Adds `amount` quote to the insurance fund (anyone).
    function fundInsurance(uint256 amount) external;

    /// @notice Sets the implied volatility used for marks (WAD, at most `MAX_VOL`). `RISK_ROLE`.
    function setVol(uint256 vol) external;

    function setMarginParams(MarginParams calldata params) external;

    function setAuctionParams(AuctionParams calldata params) external;

    /* VIEWS */

    /// @notice Spot (WAD) from the feed's latest visible answer.
    function spot() external view returns (uint256);

    /// @notice Black-76 mark (WAD quote per unit) of a series at the feed's spot and the venue's vol.
    function mark(uint256 seriesId) external view returns (uint256);

    /// @notice Black-76 delta (WAD, signed, per long unit) and gamma (WAD per unit of spot) of a series at the feed's
    /// spot and the venue's vol; a dealer hedging its shorts reads them.
    function greeks(uint256 seriesId) external view returns (int256 delta, uint256 gamma);

    /// @notice An account's cash, mark value and requirements (the margin check).
    function marginState(address account) external view returns (MarginState memory);

    function series(uint256 seriesId) external view returns (OptionSeries memory);

    function shortOf(address account, uint256 seriesId) external view returns (uint256);

    function longOf(address holder, uint256 seriesId) external view returns (uint256);

    /// @notice Series ids in which `account` holds shorts.
    function positionsOf(address account) external view returns (uint256[] memory);

    /// @notice Start time of the auction on `account` (0 when none).
    function auctionStart(address account) external view returns (uint256);
}
