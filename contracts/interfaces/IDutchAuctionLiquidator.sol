// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {IAuctionPriceCurve} from "./IAuctionPriceCurve.sol";

/// @notice Auction parameters shared by every market the liquidator serves. Maker's names in brackets.
struct AuctionParams {
    /// @dev Falling price curve [calc].
    IAuctionPriceCurve curve;
    /// @dev Start price = oracle price x this, WAD, >= 1 [buf].
    uint64 startPriceMultiplier;
    /// @dev Seconds after which an auction must be reset [tail].
    uint32 maxDuration;
    /// @dev An auction must be reset once its price falls below start price x this, WAD, < 1 [cusp].
    /// Zero disables the price reset (a naive auction that can run to zero: unsafe, for research only).
    uint64 resetThreshold;
    /// @dev Keeper incentive as a share of the debt to raise, basis points [chip].
    uint16 chipBps;
    /// @dev Liquidation penalty added to the debt to raise, basis points [chop].
    uint16 penaltyBps;
}

/// @notice Per-market settings (amounts in that market's debt-asset base units).
struct MarketAuctionSettings {
    bool enabled;
    /// @dev Flat keeper incentive per kick or reset [tip].
    uint128 tip;
    /// @dev Max debt to raise (incl. penalty) in active auctions of this market [Hole].
    uint128 debtLimit;
}

/// @notice One auction, as reported by views.
struct AuctionView {
    uint256 id;
    address market;
    address borrower;
    address asset;
    /// @dev Debt still to raise, incl. penalty [tab].
    uint256 debtToRaise;
    /// @dev Collateral left to sell [lot].
    uint256 collateral;
    uint256 startPrice;
    uint256 startTime;
    /// @dev Current price, WAD whole debt tokens per whole collateral token.
    uint256 price;
    bool needsReset;
}

/// @title IDutchAuctionLiquidator
/// @notice MakerDAO Liquidations 2.0 style auctions (dss `clip.sol` + `dog.sol`) over `ILiquidationHost` markets.
/// @dev Prices are WAD: whole debt tokens per whole collateral token (the oracle's unit).
interface IDutchAuctionLiquidator {
    /* ERRORS */

    error ZeroAddress();
    error ZeroAmount();
    error InvalidParams(uint256 startPriceMultiplier, uint256 maxDuration, uint256 resetThreshold, uint256 chipBps, uint256 penaltyBps);
    error InvalidStopLevel(uint8 level);
    error Stopped(uint8 level);
    error MarketNotEnabled(address market);
    error NoRoom(address market, address asset, uint256 globalRoom, uint256 assetRoom);
    error AuctionNotActive(uint256 id);
    error AuctionNeedsReset(uint256 id, uint256 price, uint256 elapsed);
    error CannotReset(uint256 id, uint256 price, uint256 elapsed);
    error PriceTooHigh(uint256 price, uint256 maxPrice);
    error NoPartialPurchase(uint256 debtToRaise, uint256 owe, uint256 dust);
    error StalePrice(address asset, uint256 updatedAt, uint256 maxPriceAge);
    error InvalidPrice(address asset, int256 answer);

    /* EVENTS */

    event ParamsUpdated(AuctionParams params);
    event MarketSettingsUpdated(address indexed market, MarketAuctionSettings settings);
    event AssetLimitUpdated(address indexed market, address indexed asset, uint256 limit);
    event StopLevelSet(uint8 level);
    event Kick(
        uint256 indexed id,
        address indexed market,
        address indexed borrower,
        address asset,
        uint256 debtToRaise,
        uint256 collateral,
        uint256 startPrice,
        address keeper,
        uint256 incentive
    );
    event Take(
        uint256 indexed id,
        address indexed taker,
        address receiver,
        uint256 price,
        uint256 owe,
        uint256 collateral,
        uint256 debtLeft,
        uint256 collateralLeft
    );
    event Redo(uint256 indexed id, uint256 startPrice, address indexed keeper, uint256 incentive);
    /// @notice `badDebt` is the receivable left unpaid when the collateral ran out (principal not already written
    /// off by the markdowns of the kick, resets and takes below the mark); `collateralReturned` went back to the
    /// borrower when the debt was covered.
    event AuctionEnded(uint256 indexed id, uint256 badDebt, uint256 collateralReturned);

    /* ACTIONS */

    /// @notice Starts an auction on `borrower`'s `asset` collateral in `market` (health < 1). When the room under
    /// the limits is smaller than the debt, only the part that fits goes to auction; with no room it reverts.
    /// `keeper` receives tip + chip x debt from the market's reserves, nothing when the auction is dust, and at most
    /// the auction's incentive budget: the penalty charged at the kick, shared by the kick and every later reset.
    /// When the lot is worth less than the debt at the oracle price, the market writes the difference off at once.
    function kick(address market, address borrower, address asset, address keeper) external returns (uint256 id);

    /// @notice Buys up to `maxCollateral` at the current price if it is <= `maxPrice`. With non-empty `data` the
    /// `receiver` is called (`IAuctionTakeCallee`) after it gets the collateral and before payment is pulled from
    /// the caller. A partial take may not leave less than the market's dust of debt to raise: it is then cut to
    /// leave exactly dust, or refused when the debt to raise is itself at most dust. A take that leaves the auction
    /// running keeps the market's receivable at or below the lot left valued at the mark price (the oracle price of
    /// the kick or the latest reset): the market writes off any excess in the same settlement.
    function take(uint256 id, uint256 maxCollateral, uint256 maxPrice, address receiver, bytes calldata data)
        external
        returns (uint256 collateral, uint256 owe);

    /// @notice Restarts an auction that is older than `maxDuration` or whose price fell below the reset threshold,
    /// at a fresh oracle price, and marks the market's receivable down to the lot's value at that price when it is
    /// lower; pays `keeper` the incentive when the auction is not dust, within what is left of its budget.
    function redo(uint256 id, address keeper) external;

    /* VIEWS */

    function params() external view returns (AuctionParams memory);

    function marketSettings(address market) external view returns (MarketAuctionSettings memory);

    function auction(uint256 id) external view returns (AuctionView memory);

    /// @notice Every active auction with its current price and whether it needs a reset.
    function activeAuctions() external view returns (AuctionView[] memory);

    function activeCount() external view returns (uint256);
}
