// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20, IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {
    IDutchAuctionLiquidator,
    AuctionParams,
    MarketAuctionSettings,
    AuctionView
} from "../interfaces/IDutchAuctionLiquidator.sol";
import {IAuctionTakeCallee} from "../interfaces/IAuctionTakeCallee.sol";
import {ILiquidationHost} from "../interfaces/ILiquidationHost.sol";
import {ILendingPool, CollateralConfig} from "../interfaces/ILendingPool.sol";
import {MathLib, WAD, BPS} from "../libraries/MathLib.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title DutchAuctionLiquidator
/// @notice Sells seized collateral over time at a falling price instead of dumping it into a thin market at once.
/// @dev Maker Liquidations 2.0 semantics with self-explaining names. Accounting with the market: the principal
/// moved at kick is the market's receivable; proceeds pay principal first, then the penalty (to reserves); when the
/// collateral runs out, unpaid principal is reported as bad debt. Rounding: what a taker owes rounds up; the
/// collateral a taker gets for a capped payment rounds down.
contract DutchAuctionLiquidator is IDutchAuctionLiquidator, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using MathLib for uint256;
    using SafeCast for uint256;

    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice Stop levels (Maker's `stopped`): 0 none, 1 no new kicks, 2 no kicks or resets, 3 nothing at all.
    uint8 public constant STOP_NONE = 0;
    uint8 public constant STOP_KICKS = 1;
    uint8 public constant STOP_KICKS_AND_RESETS = 2;
    uint8 public constant STOP_ALL = 3;

    uint256 public constant MAX_START_PRICE_MULTIPLIER = 10 * WAD;
    uint256 public constant MAX_DURATION = 30 days;
    uint256 public constant MAX_CHIP_BPS = 1_000;
    uint256 public constant MAX_PENALTY_BPS = 3_000;

    /// @dev Packed into six slots (kick writes them all, take rewrites two): amounts fit 128 bits, times 40. The
    /// sixth (`markdown`, `markPrice`) is read by takes that leave the auction running, and by any take of an auction
    /// kicked or reset under water.
    struct Auction {
        address market;
        uint40 startTime;
        /// @dev Position in `_active` + 1 (0 = not active).
        uint32 activeIndex;
        /// @dev Whether `markdown` is non-zero: a take that ends an auction kicked above water never reads its slot.
        bool markedDown;
        address borrower;
        /// @dev asset decimals + 18 - debt decimals: debt owed = collateral x price / 10^unitScaleExp.
        uint8 unitScaleExp;
        /// @dev Incentives (kick and redos) this auction may still pay: starts at the penalty charged at the kick
        /// (saturating at 2^88 - 1, paying less), so incentives never exceed the penalty over the auction's life.
        uint88 incentiveBudget;
        address asset;
        /// @dev The market's dust when the auction was kicked (as Maker's Clipper caches `chost`): takes read it here
        /// instead of calling the market.
        uint96 dust;
        uint128 debtToRaise;
        uint128 principalLeft;
        uint128 collateral;
        uint128 startPrice;
        /// @dev Principal the market wrote off at the kick, at resets (debt above the lot's oracle value) and at
        /// takes below the mark price: principal paid past `principalLeft - markdown` is a recovery for lenders; only
        /// the receivable left is bad debt at the end.
        uint128 markdown;
        /// @dev Oracle price (WAD) at the kick or the latest reset: the receivable is kept at or below the lot's value
        /// at this price (`principalLeft - markdown <= collateral x markPrice`), takes included.
        uint128 markPrice;
    }

    AuctionParams internal _params;
    uint8 public stopLevel;
    uint256 public auctionCount;

    mapping(uint256 id => Auction) internal _auctions;
    uint256[] internal _active;
    mapping(address market => MarketAuctionSettings) internal _markets;
    /// @notice Per (market, asset) cap on debt to raise in active auctions [ilk.hole]; 0 = no auctions.
    mapping(address market => mapping(address asset => uint256)) public assetDebtLimit;
    /// @notice Debt to raise in active auctions, per market [Dirt] and per (market, asset) [ilk.dirt].
    mapping(address market => uint256) public debtInAuctions;
    mapping(address market => mapping(address asset => uint256)) public assetDebtInAuctions;

    constructor(address admin, AuctionParams memory params_) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
        _setParams(params_);
    }

    modifier stoppedBelow(uint8 level) {
        if (stopLevel >= level) revert Stopped(stopLevel);
        _;
    }

    /* ADMINISTRATION */

    function setParams(AuctionParams calldata params_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(params_);
    }

    function setMarketSettings(address market, MarketAuctionSettings calldata settings)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (market == address(0)) revert ZeroAddress();
        _markets[market] = settings;
        emit MarketSettingsUpdated(market, settings);
    }

    function setAssetDebtLimit(address market, address asset, uint256 limit) external onlyRole(DEFAULT_ADMIN_ROLE) {
        assetDebtLimit[market][asset] = limit;
        emit AssetLimitUpdated(market, asset, limit);
    }

    function setStopLevel(uint8 level) external onlyRole(GUARDIAN_ROLE) {
        if (level > STOP_ALL) revert InvalidStopLevel(level);
        stopLevel = level;
        emit StopLevelSet(level);
    }

    /* ACTIONS */

    /// @inheritdoc IDutchAuctionLiquidator
    function kick(address market, address borrower, address asset, address keeper)
        external
        nonReentrant
        stoppedBelow(STOP_KICKS)
        returns (uint256 id)
    {
        if (keeper == address(0)) revert ZeroAddress();
        MarketAuctionSettings memory m = _markets[market];
        if (!m.enabled) revert MarketNotEnabled(market);

        uint256 room = _room(market, asset);
        uint256 penaltyFactor = BPS + _params.penaltyBps;
        // The principal that fits is room / (1 + penalty), rounded down.
        (uint256 collateral, uint256 principal, uint256 markdown) =
            ILiquidationHost(market).seizeForAuction(borrower, asset, room.mulDivDown(BPS, penaltyFactor));
        uint256 debtToRaise = principal.mulDivUp(penaltyFactor, BPS);
        if (debtToRaise > room) debtToRaise = room; // rounding can only add one unit over the room

        // The market marked the receivable at this price (same feed, same block).
        uint256 oraclePrice = _freshPrice(market, asset);
        id = _open(market, borrower, asset, collateral, principal, debtToRaise, oraclePrice);
        _setMark(_auctions[id], markdown, oraclePrice);
        _payKickIncentive(id, keeper, m.tip, oraclePrice);
    }

    function _payKickIncentive(uint256 id, address keeper, uint256 tip, uint256 oraclePrice) internal {
        Auction storage a = _auctions[id];
        uint256 incentive = _payIncentive(a, keeper, oraclePrice, tip);
        emit Kick(id, a.market, a.borrower, a.asset, a.debtToRaise, a.collateral, a.startPrice, keeper, incentive);
    }

    /// @dev Records the market's mark: the principal written off so far and the oracle price the lot was valued at.
    function _setMark(Auction storage a, uint256 markdown, uint256 markPrice) internal {
        (a.markdown, a.markPrice) = (markdown.toUint128(), markPrice.toUint128());
        a.markedDown = markdown != 0;
    }

    /// @dev Principal the market wrote off at the kick or a reset (zero without reading its slot when none was).
    function _markdown(Auction storage a) internal view returns (uint256) {
        return a.markedDown ? a.markdown : 0;
    }

    /// @dev At a reset, marks the market's receivable down again to the lot's value at the fresh oracle price when
    /// that fell below it: the further expected loss is written off now, not when the auction ends (F3).
    function _remark(Auction storage a, uint256 oraclePrice) internal {
        uint256 markdown = _markdown(a);
        uint256 extra = _shortfall(a, uint256(a.principalLeft).zeroFloorSub(markdown), oraclePrice);
        _setMark(a, markdown + extra, oraclePrice);
        if (extra != 0) ILiquidationHost(a.market).settleAuction(0, 0, 0, extra);
    }

    /// @dev The receivable above the lot's value at `price` (the loss still to write off), zero when the lot covers
    /// it. The lot's value rounds down, so the write-off rounds up: a loss is recognised, never hidden.
    function _shortfall(Auction storage a, uint256 receivableLeft, uint256 price) internal view returns (uint256) {
        return receivableLeft.zeroFloorSub(uint256(a.collateral).mulDivDown(price, _unitScale(a)));
    }

    /// @dev Pays tip + chip x tab, within what is left of the auction's budget (the penalty charged at the kick).
    /// Nothing on dust (tab or lot value below the market's dust), or a borrower could open crumb positions and kick
    /// or reset them itself, collecting the tip from reserves (then lenders) for a penalty of a few cents [Maker].
    function _payIncentive(Auction storage a, address keeper, uint256 oraclePrice, uint256 tip)
        internal
        returns (uint256 paid)
    {
        uint256 dust = a.dust;
        if (a.debtToRaise < dust || uint256(a.collateral).mulDivDown(oraclePrice, _unitScale(a)) < dust) return 0;
        uint256 budget = a.incentiveBudget;
        uint256 incentive = tip + a.debtToRaise * _params.chipBps / BPS;
        if (incentive > budget) incentive = budget;
        if (incentive == 0) return 0;
        paid = ILiquidationHost(a.market).payKeeperIncentive(keeper, incentive);
        a.incentiveBudget = uint88(budget - paid);
    }

    /// @dev Room left under the market's and the asset's limits, in debt to raise; reverts when there is none.
    function _room(address market, address asset) internal view returns (uint256 room) {
        uint256 globalRoom = uint256(_markets[market].debtLimit).zeroFloorSub(debtInAuctions[market]);
        uint256 assetRoom = assetDebtLimit[market][asset].zeroFloorSub(assetDebtInAuctions[market][asset]);
        room = globalRoom < assetRoom ? globalRoom : assetRoom;
        if (room.mulDivDown(BPS, BPS + _params.penaltyBps) == 0) revert NoRoom(market, asset, globalRoom, assetRoom);
    }

    function _open(
        address market,
        address borrower,
        address asset,
        uint256 collateral,
        uint256 principal,
        uint256 debtToRaise,
        uint256 oraclePrice
    ) internal returns (uint256 id) {
        uint8 debtDecimals = IERC20Metadata(ILendingPool(market).debtAsset()).decimals();
        id = ++auctionCount;
        _active.push(id);
        Auction storage a = _auctions[id];
        a.market = market;
        a.borrower = borrower;
        a.asset = asset;
        a.dust = uint256(ILendingPool(market).marketConfig().dust).toUint96();
        a.debtToRaise = debtToRaise.toUint128();
        a.principalLeft = principal.toUint128();
        a.collateral = collateral.toUint128();
        a.startPrice = oraclePrice.wMulUp(_params.startPriceMultiplier).toUint128();
        a.startTime = uint40(block.timestamp);
        a.unitScaleExp = uint8(IERC20Metadata(asset).decimals() + 18 - debtDecimals);
        uint256 penalty = debtToRaise - principal;
        a.incentiveBudget = uint88(penalty < type(uint88).max ? penalty : type(uint88).max);
        a.activeIndex = _active.length.toUint32();
        debtInAuctions[market] += debtToRaise;
        assetDebtInAuctions[market][asset] += debtToRaise;
    }

    /// @inheritdoc IDutchAuctionLiquidator
    function take(uint256 id, uint256 maxCollateral, uint256 maxPrice, address receiver, bytes calldata data)
        external
        nonReentrant
        stoppedBelow(STOP_ALL)
        returns (uint256 collateral, uint256 owe)
    {
        if (receiver == address(0)) revert ZeroAddress();
        if (maxCollateral == 0) revert ZeroAmount();
        Auction storage a = _auctions[id];
        if (a.activeIndex == 0) revert AuctionNotActive(id);
        (bool needsReset, uint256 price) = _status(a);
        if (needsReset) revert AuctionNeedsReset(id, price, block.timestamp - a.startTime);
        if (price > maxPrice) revert PriceTooHigh(price, maxPrice);

        (collateral, owe) = _takeAmounts(a, maxCollateral, price);
        // Both fit: `_takeAmounts` never returns more than the auction holds or owes.
        a.collateral -= uint128(collateral);
        a.debtToRaise -= uint128(owe);
        debtInAuctions[a.market] -= owe;
        assetDebtInAuctions[a.market][a.asset] -= owe;
        emit Take(id, msg.sender, receiver, price, owe, collateral, a.debtToRaise, a.collateral);

        bool ends = a.debtToRaise == 0 || a.collateral == 0;
        IERC20(a.asset).safeTransfer(receiver, collateral);
        if (data.length != 0) IAuctionTakeCallee(receiver).onAuctionTake(msg.sender, owe, collateral, data);
        _settle(a, owe, ends);
        if (ends) _end(id, a);
    }

    /// @inheritdoc IDutchAuctionLiquidator
    function redo(uint256 id, address keeper) external nonReentrant stoppedBelow(STOP_KICKS_AND_RESETS) {
        if (keeper == address(0)) revert ZeroAddress();
        Auction storage a = _auctions[id];
        if (a.activeIndex == 0) revert AuctionNotActive(id);
        (bool needsReset, uint256 price) = _status(a);
        if (!needsReset) revert CannotReset(id, price, block.timestamp - a.startTime);

        uint256 oraclePrice = _freshPrice(a.market, a.asset);
        a.startPrice = oraclePrice.wMulUp(_params.startPriceMultiplier).toUint128();
        a.startTime = uint40(block.timestamp);

        _remark(a, oraclePrice);
        // Bounded by the budget the kick left (F2): resets cannot pay more than the penalty over the auction's life.
        uint256 incentive = _payIncentive(a, keeper, oraclePrice, _markets[a.market].tip);
        emit Redo(id, a.startPrice, keeper, incentive);
    }

    /* VIEWS */

    function params() external view returns (AuctionParams memory) {
        return _params;
    }

    function marketSettings(address market) external view returns (MarketAuctionSettings memory) {
        return _markets[market];
    }

    function auction(uint256 id) public view returns (AuctionView memory v) {
        Auction storage a = _auctions[id];
        (bool needsReset, uint256 price) = a.activeIndex == 0 ? (false, 0) : _status(a);
        v = AuctionView({
            id: id,
            market: a.market,
            borrower: a.borrower,
            asset: a.asset,
            debtToRaise: a.debtToRaise,
            collateral: a.collateral,
            startPrice: a.startPrice,
            startTime: a.startTime,
            price: price,
            needsReset: needsReset
        });
    }

    function activeAuctions() external view returns (AuctionView[] memory list) {
        list = new AuctionView[](_active.length);
        for (uint256 i; i < _active.length; ++i) {
            list[i] = auction(_active[i]);
        }
    }

    function activeCount() external view returns (uint256) {
        return _active.length;
    }

    /* INTERNALS */

    /// @dev Current price and whether the auction is too old or too cheap to be taken [Maker's status()].
    function _status(Auction storage a) internal view returns (bool needsReset, uint256 price) {
        uint256 elapsed = block.timestamp - a.startTime;
        price = _params.curve.price(a.startPrice, elapsed);
        needsReset = elapsed > _params.maxDuration || price < uint256(a.startPrice).wMulDown(_params.resetThreshold);
    }

    /// @dev What a taker gets and owes. Owed debt rounds up; collateral for a capped payment rounds down.
    function _takeAmounts(Auction storage a, uint256 maxCollateral, uint256 price)
        internal
        view
        returns (uint256 collateral, uint256 owe)
    {
        collateral = maxCollateral < a.collateral ? maxCollateral : a.collateral;
        owe = collateral.mulDivUp(price, _unitScale(a));
        if (owe > a.debtToRaise) {
            // Pays off the whole debt: only the collateral that covers it goes.
            owe = a.debtToRaise;
            collateral = price == 0 ? collateral : owe.mulDivDown(_unitScale(a), price);
        } else if (owe < a.debtToRaise && collateral < a.collateral) {
            uint256 dust = a.dust;
            if (a.debtToRaise - owe < dust) {
                // Leave exactly `dust` to raise, so no unsellable crumb of debt remains [Maker's chost rule].
                if (a.debtToRaise <= dust) revert NoPartialPurchase(a.debtToRaise, owe, dust);
                owe = a.debtToRaise - dust;
                collateral = owe.mulDivDown(_unitScale(a), price);
            }
        }
        if (collateral == 0) revert ZeroAmount();
    }

    function _unitScale(Auction storage a) internal view returns (uint256) {
        return 10 ** a.unitScaleExp;
    }

    /// @dev Moves `owe` from the taker to the market and books it there: principal first, then penalty. A take that
    /// leaves the auction running re-marks the receivable at the mark price (fair-exit): a sale below it lowers the
    /// receivable by less than the lot's marked value, and the difference is written off in the same settlement
    /// instead of waiting for a reset or the end (which writes off whatever receivable is left).
    function _settle(Auction storage a, uint256 owe, bool ends) internal {
        // Straight from the taker to the market: one transfer; the market checks its balance when it settles.
        if (owe != 0) IERC20(ILendingPool(a.market).debtAsset()).safeTransferFrom(msg.sender, a.market, owe);
        uint256 principalLeft = a.principalLeft;
        uint256 principal = owe < principalLeft ? owe : principalLeft;
        // The marked receivable is paid first; principal past it recovers what the kick wrote off.
        uint256 markdown = _markdown(a);
        uint256 receivableLeft = principalLeft.zeroFloorSub(markdown);
        uint256 receivable = principal < receivableLeft ? principal : receivableLeft;
        a.principalLeft = uint128(principalLeft - principal);
        uint256 badDebt;
        if (!ends) {
            badDebt = _shortfall(a, receivableLeft - receivable, a.markPrice);
            if (badDebt != 0) _setMark(a, markdown + badDebt, a.markPrice);
        }
        if (owe != 0 || badDebt != 0) {
            ILiquidationHost(a.market).settleAuction(receivable, principal - receivable, owe - principal, badDebt);
        }
    }

    /// @dev Ends an auction: leftover collateral goes back to the borrower; unpaid principal is bad debt (the part
    /// the markdowns had not already written off).
    function _end(uint256 id, Auction storage a) internal {
        uint256 returned = a.collateral;
        uint256 badDebt = a.debtToRaise == 0 ? 0 : uint256(a.principalLeft).zeroFloorSub(_markdown(a));
        debtInAuctions[a.market] -= a.debtToRaise;
        assetDebtInAuctions[a.market][a.asset] -= a.debtToRaise;
        a.collateral = 0;
        a.debtToRaise = 0;
        a.principalLeft = 0;
        if (a.markedDown) (a.markdown, a.markPrice, a.markedDown) = (0, 0, false);
        _removeActive(a);
        if (badDebt != 0) ILiquidationHost(a.market).settleAuction(0, 0, 0, badDebt);
        if (returned != 0) IERC20(a.asset).safeTransfer(a.borrower, returned);
        emit AuctionEnded(id, badDebt, returned);
    }

    function _removeActive(Auction storage a) internal {
        uint256 index = a.activeIndex - 1;
        uint256 last = _active[_active.length - 1];
        _active[index] = last;
        _auctions[last].activeIndex = uint32(index + 1);
        _active.pop();
        a.activeIndex = 0;
    }

    /// @dev The market's feed for `asset`, refused when stale, zero or negative; WAD.
    function _freshPrice(address market, address asset) internal view returns (uint256) {
        CollateralConfig memory c = ILendingPool(market).collateralConfig(asset);
        (, int256 answer,, uint256 updatedAt,) = c.feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(asset, answer);
        if (block.timestamp > updatedAt + c.maxPriceAge) revert StalePrice(asset, updatedAt, c.maxPriceAge);
        return uint256(answer) * 10 ** (18 - c.feed.decimals());
    }

    function _setParams(AuctionParams memory p) internal {
        if (
            address(p.curve) == address(0) || p.startPriceMultiplier < WAD
                || p.startPriceMultiplier > MAX_START_PRICE_MULTIPLIER || p.maxDuration == 0
                || p.maxDuration > MAX_DURATION || p.resetThreshold >= WAD || p.chipBps > MAX_CHIP_BPS
                || p.penaltyBps > MAX_PENALTY_BPS
        ) {
            revert InvalidParams(p.startPriceMultiplier, p.maxDuration, p.resetThreshold, p.chipBps, p.penaltyBps);
        }
        _params = p;
        emit ParamsUpdated(p);
    }
}
