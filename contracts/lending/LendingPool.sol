// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20, IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {
    ILendingPool, CollateralConfig, MarketConfig, RateModel, AccountState, ThresholdRamp
} from "../interfaces/ILendingPool.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ILiquidationHost} from "../interfaces/ILiquidationHost.sol";
import {ILiquidationGuard} from "../interfaces/ILiquidationGuard.sol";
import {MathLib, SharesMathLib, WAD, RAY, BPS, MAX_COMPOUND_EXPONENT} from "../libraries/MathLib.sol";
import {ThresholdRampLib} from "../libraries/ThresholdRampLib.sol";

/// @title LendingPool
/// @notice One isolated lending market: one debt asset, several collateral assets, kinked interest, fixed-bonus
/// liquidation, a narrow door for an auction liquidator, and bad debt that is recorded, never hidden.
/// @dev Conservation: debtAsset.balanceOf(this) >= totalSupplyAssets + reserves - totalBorrowAssets - debtInAuction
/// at all times, with equality but for rounding in the protocol's favour. Tokens with transfer fees or rebasing
/// balances are not supported.
contract LendingPool is ILendingPool, ILiquidationHost, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using MathLib for uint256;
    using SharesMathLib for uint256;

    /* CONSTANTS */

    /// @notice Sets collateral risk parameters (held by people or by a dynamic risk controller).
    bytes32 public constant RISK_ROLE = keccak256("RISK_ROLE");
    /// @notice Holds the pause switches (people or a circuit breaker).
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    bytes32 public constant PAUSE_BORROW = keccak256("BORROW");
    bytes32 public constant PAUSE_WITHDRAW_COLLATERAL = keccak256("WITHDRAW_COLLATERAL");
    bytes32 public constant PAUSE_LIQUIDATE = keccak256("LIQUIDATE");

    uint8 public constant MECHANISM_FIXED_BONUS = 1;
    uint8 public constant MECHANISM_AUCTION = 2;

    uint256 public constant MAX_COLLATERALS = 8;
    uint256 public constant MAX_TOKEN_DECIMALS = 18;
    uint256 public constant MAX_PRICE_AGE = 7 days;
    uint256 public constant MAX_RATE_PER_YEAR = 10 * WAD;
    uint256 public constant MAX_RESERVE_FACTOR_BPS = 5_000;
    uint256 public constant SECONDS_PER_YEAR = 365 days;
    /// @notice Reserves are never spent below this (wei of the debt asset): see `_fromReserves`.
    uint256 public constant RESERVE_FLOOR = 1;
    /// @notice Largest growth of the debt one accrual applies (RAY: x 1e18, above the e^40 of one `rpow` step), and
    /// the ceiling of total borrowed (base units): past them interest saturates instead of overflowing (F6: after
    /// years idle at the maximum rate).
    uint256 public constant MAX_ACCRUAL_GROWTH = 1e18 * RAY;
    uint256 public constant MAX_TOTAL_BORROW = type(uint128).max;
    /// @notice Seconds over which `setCollateralConfig` phases in a cut of a liquidation threshold (F1, owner path);
    /// `setCollateralConfigWithRamp` takes any duration up to MAX_THRESHOLD_RAMP.
    uint32 public constant THRESHOLD_RAMP_DURATION = 1 days;
    uint32 public constant MAX_THRESHOLD_RAMP = 365 days;

    /// @dev `MarketConfig` as stored. Slot 1: close factor, full-close health factor, dust. Slot 2: reserve factor,
    /// mechanisms, the pause bits (1 borrow, 2 withdraw collateral, 4 liquidate) and the liquidation guard.
    struct MarketStorage {
        uint64 closeFactor;
        uint64 fullCloseHealthFactor;
        uint128 dust;
        uint16 reserveFactorBps;
        uint8 mechanisms;
        uint8 pausedActions;
        ILiquidationGuard liquidationGuard;
    }

    /* STORAGE */

    /// @dev `CollateralConfig` as stored, with the threshold as a ramp. Slot 0: feed, price age, LTV (every price
    /// read and health check). Slot 1: the threshold ramp (every health check). Slot 2: supply cap, bonus, listed.
    struct Asset {
        AggregatorV3Interface feed;
        uint32 maxPriceAge;
        uint64 ltv;
        ThresholdRamp threshold;
        uint128 supplyCap;
        uint16 liquidationBonusBps;
        bool listed;
        /// @dev 10^(18 - feed decimals): raw answer -> WAD price.
        uint256 feedScale;
        /// @dev 10^(asset decimals + 18 - debt decimals): value = amount x priceWad / unitScale.
        uint256 unitScale;
    }

    IERC20 internal immutable _debtAsset;
    uint8 internal immutable _debtDecimals;

    /// @dev The market configuration, stored with the pause switches and the liquidation guard in its second slot
    /// so that a liquidation reads one cold slot for all of them (see `MarketStorage`).
    MarketStorage internal _market;
    RateModel internal _rates;
    address public auctionLiquidator;
    /// @notice Optional hook consulted on every liquidation (volume counting, throttling); zero = off.

    mapping(address asset => Asset) internal _assets;
    address[] internal _collateralList;
    mapping(address account => mapping(address operator => bool)) public isAuthorized;

    mapping(address account => uint256) public supplyShares;
    mapping(address account => uint256) public borrowShares;
    mapping(address account => mapping(address asset => uint256)) internal _collateral;
    mapping(address asset => uint256) public totalCollateral;

    uint256 public totalSupplyAssets;
    uint256 public totalSupplyShares;
    uint256 public totalBorrowAssets;
    uint256 public totalBorrowShares;
    uint256 public reserves;
    /// @notice Debt handed to the auction and not yet settled (a receivable of the lenders; no interest).
    uint256 public debtInAuction;
    /// @notice Running total of bad debt written off (reserves first, then lenders).
    uint256 public totalBadDebt;
    uint256 public lastAccrual;

    constructor(address debtAsset_, address admin, MarketConfig memory market_, RateModel memory rates_) {
        if (debtAsset_ == address(0) || admin == address(0)) revert ZeroAddress();
        _debtAsset = IERC20(debtAsset_);
        _debtDecimals = IERC20Metadata(debtAsset_).decimals();
        if (_debtDecimals > MAX_TOKEN_DECIMALS) revert UnsupportedDecimals(debtAsset_, _debtDecimals);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RISK_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
        _setMarketConfig(market_);
        _setRateModel(rates_);
        lastAccrual = block.timestamp;
    }

    /* MODIFIERS */

    modifier whenNotPaused(bytes32 action) {
        if (_market.pausedActions & _pauseBit(action) != 0) revert Paused(action);
        _;
    }

    modifier onlyAuthorized(address onBehalf) {
        if (msg.sender != onBehalf && !isAuthorized[onBehalf][msg.sender]) revert Unauthorized(msg.sender, onBehalf);
        _;
    }

    modifier onlyAuctionLiquidator() {
        if (msg.sender != auctionLiquidator || auctionLiquidator == address(0)) revert NotAuctionLiquidator(msg.sender);
        _;
    }

    /* ADMINISTRATION */

    function listCollateral(address asset, CollateralConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (asset == address(0)) revert ZeroAddress();
        if (_assets[asset].listed) revert CollateralAlreadyListed(asset);
        if (_collateralList.length >= MAX_COLLATERALS) revert TooManyCollaterals(MAX_COLLATERALS);
        uint256 decimals = IERC20Metadata(asset).decimals();
        if (decimals > MAX_TOKEN_DECIMALS) revert UnsupportedDecimals(asset, decimals);
        Asset storage a = _assets[asset];
        a.listed = true;
        a.unitScale = 10 ** (decimals + 18 - _debtDecimals);
        _collateralList.push(asset);
        _setCollateralConfig(asset, config, 0);
        emit CollateralListed(asset, config);
    }

    /// @notice Updates a listed collateral's parameters. LTV, bonus, feed, price age and cap apply at once; a
    /// liquidation threshold at or above the one in force applies at once; a cut ramps down linearly from the
    /// threshold in force now to the new one over THRESHOLD_RAMP_DURATION (no position changes health in this
    /// block).
    function setCollateralConfig(address asset, CollateralConfig calldata config) external onlyRole(RISK_ROLE) {
        _updateCollateralConfig(asset, config, THRESHOLD_RAMP_DURATION);
    }

    /// @notice As `setCollateralConfig`, a cut ramping over `rampDuration` seconds (0: at once; <= MAX_THRESHOLD_RAMP).
    function setCollateralConfigWithRamp(address asset, CollateralConfig calldata config, uint32 rampDuration)
        external
        onlyRole(RISK_ROLE)
    {
        _updateCollateralConfig(asset, config, rampDuration);
    }

    function _updateCollateralConfig(address asset, CollateralConfig calldata config, uint32 rampDuration) internal {
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        _setCollateralConfig(asset, config, rampDuration);
        emit CollateralConfigUpdated(asset, config);
    }

    function setMarketConfig(MarketConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMarketConfig(config);
    }

    function setRateModel(RateModel calldata model) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _accrueInterest();
        _setRateModel(model);
    }

    function setAuctionLiquidator(address liquidator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        auctionLiquidator = liquidator;
        emit AuctionLiquidatorUpdated(liquidator);
    }

    /// @notice Sets the hook consulted on every liquidation (e.g. a circuit breaker); zero switches it off.
    function setLiquidationGuard(ILiquidationGuard guard) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _market.liquidationGuard = guard;
        emit LiquidationGuardUpdated(address(guard));
    }

    function setPaused(bytes32 action, bool isPaused) external onlyRole(GUARDIAN_ROLE) {
        uint8 bit = _pauseBit(action);
        _market.pausedActions = isPaused ? _market.pausedActions | bit : _market.pausedActions & ~bit;
        emit PauseSet(action, isPaused);
    }

    function setAuthorization(address operator, bool authorized) external {
        isAuthorized[msg.sender][operator] = authorized;
        emit AuthorizationSet(msg.sender, operator, authorized);
    }

    /* LENDERS */

    /// @dev Shares minted round down.
    function supply(uint256 assets, address onBehalf) external nonReentrant returns (uint256 shares) {
        if (onBehalf == address(0)) revert ZeroAddress();
        _accrueInterest();
        shares = assets.toSharesDown(totalSupplyAssets, totalSupplyShares);
        if (shares == 0) revert ZeroAmount();
        supplyShares[onBehalf] += shares;
        totalSupplyShares += shares;
        totalSupplyAssets += assets;
        emit Supply(msg.sender, onBehalf, assets, shares);
        _debtAsset.safeTransferFrom(msg.sender, address(this), assets);
    }

    /// @dev Shares burned round up; `type(uint256).max` burns every share and pays their value rounded down.
    function withdraw(uint256 assets, address onBehalf, address receiver)
        external
        nonReentrant
        onlyAuthorized(onBehalf)
        returns (uint256 withdrawn)
    {
        if (receiver == address(0)) revert ZeroAddress();
        _accrueInterest();
        uint256 owned = supplyShares[onBehalf];
        uint256 shares;
        if (assets == type(uint256).max) {
            shares = owned;
            assets = shares.toAssetsDown(totalSupplyAssets, totalSupplyShares);
        } else {
            shares = assets.toSharesUp(totalSupplyAssets, totalSupplyShares);
        }
        if (assets == 0 || shares == 0) revert ZeroAmount();
        if (shares > owned) revert InsufficientSupply(assets, owned.toAssetsDown(totalSupplyAssets, totalSupplyShares));
        uint256 available = _availableLiquidity();
        if (assets > available) revert InsufficientLiquidity(assets, available);
        supplyShares[onBehalf] = owned - shares;
        totalSupplyShares -= shares;
        totalSupplyAssets -= assets;
        emit Withdraw(msg.sender, onBehalf, receiver, assets, shares);
        _debtAsset.safeTransfer(receiver, assets);
        return assets;
    }

    /* BORROWERS */

    function depositCollateral(address asset, uint256 amount, address onBehalf) external nonReentrant {
        if (onBehalf == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        Asset storage a = _assets[asset];
        if (!a.listed) revert CollateralNotListed(asset);
        uint256 totalAfter = totalCollateral[asset] + amount;
        if (totalAfter > a.supplyCap) revert SupplyCapExceeded(asset, totalAfter, a.supplyCap);
        totalCollateral[asset] = totalAfter;
        _collateral[onBehalf][asset] += amount;
        emit CollateralDeposited(msg.sender, onBehalf, asset, amount);
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
    }

    function withdrawCollateral(address asset, uint256 amount, address onBehalf, address receiver)
        external
        nonReentrant
        whenNotPaused(PAUSE_WITHDRAW_COLLATERAL)
        onlyAuthorized(onBehalf)
    {
        if (receiver == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        uint256 deposited = _collateral[onBehalf][asset];
        if (amount > deposited) revert InsufficientCollateral(asset, amount, deposited);
        _accrueInterest();
        _collateral[onBehalf][asset] = deposited - amount;
        totalCollateral[asset] -= amount;
        if (borrowShares[onBehalf] != 0) _requireWithinBorrowLimit(onBehalf);
        emit CollateralWithdrawn(msg.sender, onBehalf, asset, receiver, amount);
        IERC20(asset).safeTransfer(receiver, amount);
    }

    /// @dev Debt shares round up.
    function borrow(uint256 assets, address onBehalf, address receiver)
        external
        nonReentrant
        whenNotPaused(PAUSE_BORROW)
        onlyAuthorized(onBehalf)
        returns (uint256 shares)
    {
        if (receiver == address(0)) revert ZeroAddress();
        if (assets == 0) revert ZeroAmount();
        _accrueInterest();
        uint256 available = _availableLiquidity();
        if (assets > available) revert InsufficientLiquidity(assets, available);
        shares = assets.toSharesUp(totalBorrowAssets, totalBorrowShares);
        borrowShares[onBehalf] += shares;
        totalBorrowShares += shares;
        totalBorrowAssets += assets;
        _requireWithinBorrowLimit(onBehalf);
        emit Borrow(msg.sender, onBehalf, receiver, assets, shares);
        _debtAsset.safeTransfer(receiver, assets);
    }

    /// @dev Repaying part of the debt burns shares rounded down; repaying at least the debt burns all shares for
    /// their value rounded up.
    function repay(uint256 assets, address onBehalf) external nonReentrant returns (uint256 repaid) {
        if (assets == 0) revert ZeroAmount();
        _accrueInterest();
        uint256 shares = borrowShares[onBehalf];
        uint256 debt = shares.toAssetsUp(totalBorrowAssets, totalBorrowShares);
        if (debt == 0) revert ZeroAmount();
        if (assets >= debt) {
            repaid = debt;
        } else {
            repaid = assets;
            shares = assets.toSharesDown(totalBorrowAssets, totalBorrowShares);
        }
        _burnDebt(onBehalf, shares, repaid);
        emit Repay(msg.sender, onBehalf, repaid, shares);
        _debtAsset.safeTransferFrom(msg.sender, address(this), repaid);
    }

    /* LIQUIDATION */

    function liquidate(address borrower, address asset, uint256 repayAmount, address receiver, uint256 minCollateralOut)
        external
        nonReentrant
        whenNotPaused(PAUSE_LIQUIDATE)
        returns (uint256 repaid, uint256 seized)
    {
        if (receiver == address(0)) revert ZeroAddress();
        if (repayAmount == 0) revert ZeroAmount();
        if (_market.mechanisms & MECHANISM_FIXED_BONUS == 0) revert MechanismDisabled(MECHANISM_FIXED_BONUS);
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        _accrueInterest();
        Liquidated memory r = _liquidate(borrower, asset, repayAmount, minCollateralOut);
        emit Liquidation(msg.sender, borrower, asset, receiver, r.repaid, r.seized, r.price, r.healthBefore, r.healthAfter);
        _debtAsset.safeTransferFrom(msg.sender, address(this), r.repaid);
        IERC20(asset).safeTransfer(receiver, r.seized);
        return (r.repaid, r.seized);
    }

    struct Liquidated {
        uint256 repaid;
        uint256 seized;
        uint256 price;
        uint256 healthBefore;
        uint256 healthAfter;
    }

    /// @dev Effects of a fixed-bonus liquidation; the caller moves the tokens. The price is read once.
    function _liquidate(address borrower, address asset, uint256 repayAmount, uint256 minCollateralOut)
        internal
        returns (Liquidated memory r)
    {
        r.price = _price(asset, true);
        Position memory p = _positionWith(borrower, true, totalBorrowAssets, asset, r.price);
        r.healthBefore = _health(p);
        if (r.healthBefore >= WAD) revert NotLiquidatable(borrower, r.healthBefore);
        (r.repaid, r.seized) = _liquidationAmounts(borrower, asset, repayAmount, p, r.healthBefore, r.price);
        if (r.repaid == 0 || r.seized == 0) revert NothingToLiquidate(borrower, asset);
        if (r.seized < minCollateralOut) revert CollateralOutTooLow(r.seized, minCollateralOut);
        _consultGuard(borrower, asset, r.repaid, MECHANISM_FIXED_BONUS);

        uint256 shares = r.repaid == p.debt
            ? borrowShares[borrower]
            : r.repaid.toSharesDown(totalBorrowAssets, totalBorrowShares);
        _burnDebt(borrower, shares, r.repaid);
        uint256 balance = _collateral[borrower][asset];
        _collateral[borrower][asset] = balance - r.seized;
        totalCollateral[asset] -= r.seized;
        if (borrowShares[borrower] != 0 && _hasNoCollateral(borrower)) _realizeBadDebt(borrower);
        r.healthAfter = _healthAfter(borrower, asset, p, balance, r.seized, r.price);
    }

    /// @dev Health after a liquidation without reading every feed again: only the liquidated asset's term of the
    /// liquidation limit changes, and each term rounds exactly as `_position` rounds it.
    function _healthAfter(
        address borrower,
        address asset,
        Position memory p,
        uint256 balanceBefore,
        uint256 seized,
        uint256 priceWad
    ) internal view returns (uint256) {
        uint256 debt = borrowShares[borrower].toAssetsUp(totalBorrowAssets, totalBorrowShares);
        if (debt == 0) return type(uint256).max;
        uint256 threshold = _threshold(asset);
        uint256 limit = p.liquidationLimit - _valueOf(asset, balanceBefore, priceWad).wMulDown(threshold)
            + _valueOf(asset, balanceBefore - seized, priceWad).wMulDown(threshold);
        return limit.wDivDown(debt);
    }

    /// @dev The guard is set by the admin and trusted; it may revert to refuse the liquidation.
    function _consultGuard(address borrower, address asset, uint256 debt, uint8 mechanism) internal {
        ILiquidationGuard guard = _market.liquidationGuard;
        if (address(guard) != address(0)) guard.onLiquidation(borrower, asset, debt, mechanism);
    }

    /// @dev Reachable when a position's collateral counts for nothing: all of it went to liquidations except
    /// crumbs worth zero at fresh prices, or stale crumbs below dust that `_collateralValue` ignores.
    function realizeBadDebt(address borrower) external nonReentrant returns (uint256 badDebt) {
        _accrueInterest();
        Position memory p = _position(borrower, true, totalBorrowAssets);
        if (p.debt == 0 || p.collateralValue != 0) revert NoBadDebt(borrower, p.debt, p.collateralValue);
        return _realizeBadDebt(borrower);
    }

    function accrueInterest() external {
        _accrueInterest();
    }

    /* AUCTION LIQUIDATOR DOOR (ILiquidationHost) */

    /// @inheritdoc ILiquidationHost
    /// @dev The debt moved rounds up and the collateral moved rounds down when only part of a position moves.
    function seizeForAuction(address borrower, address asset, uint256 maxDebt)
        external
        nonReentrant
        onlyAuctionLiquidator
        whenNotPaused(PAUSE_LIQUIDATE)
        returns (uint256 collateral, uint256 debt, uint256 markdown)
    {
        if (_market.mechanisms & MECHANISM_AUCTION == 0) revert MechanismDisabled(MECHANISM_AUCTION);
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        _accrueInterest();
        uint256 lotValue;
        uint256 positionDebt;
        (collateral, debt, lotValue, positionDebt) = _auctionAmounts(borrower, asset, maxDebt);
        _consultGuard(borrower, asset, debt, MECHANISM_AUCTION);

        uint256 shares =
            debt >= positionDebt ? borrowShares[borrower] : debt.toSharesDown(totalBorrowAssets, totalBorrowShares);
        _burnDebt(borrower, shares, debt);
        markdown = _bookReceivable(borrower, debt, lotValue);
        _collateral[borrower][asset] -= collateral;
        totalCollateral[asset] -= collateral;
        // Only rounding crumbs can remain here: the debt backed by the last collateral is the whole debt.
        if (borrowShares[borrower] != 0 && _hasNoCollateral(borrower)) _realizeBadDebt(borrower);

        emit SeizedForAuction(borrower, asset, msg.sender, collateral, debt);
        IERC20(asset).safeTransfer(msg.sender, collateral);
    }

    /// @dev What a kick moves: the collateral, the debt it backs (up to `maxDebt`), the lot's value at the oracle
    /// price and the position's whole debt. Reverts when the position is healthy or nothing can move.
    function _auctionAmounts(address borrower, address asset, uint256 maxDebt)
        internal
        view
        returns (uint256 collateral, uint256 debt, uint256 lotValue, uint256 positionDebt)
    {
        Position memory p = _position(borrower, true, totalBorrowAssets);
        uint256 health = _health(p);
        if (health >= WAD) revert NotLiquidatable(borrower, health);
        uint256 balance = _collateral[borrower][asset];
        if (balance == 0 || maxDebt == 0) revert NothingToLiquidate(borrower, asset);

        uint256 price = _price(asset, true);
        uint256 assetValue = _valueOf(asset, balance, price);
        uint256 debtBacked = (p.collateralValue == 0 || assetValue >= p.collateralValue)
            ? p.debt
            : p.debt.mulDivUp(assetValue, p.collateralValue);
        if (debtBacked > maxDebt) {
            debt = maxDebt;
            collateral = balance.mulDivDown(maxDebt, debtBacked);
        } else {
            debt = debtBacked;
            collateral = balance;
        }
        if (collateral == 0 || debt == 0) revert NothingToLiquidate(borrower, asset);
        lotValue = _valueOf(asset, collateral, price);
        positionDebt = p.debt;
    }

    /// @dev The receivable is marked at min(debt, lot value at the oracle price): the expected loss is written off
    /// now, shared by every lender at today's share price, instead of when the auction ends (F3).
    function _bookReceivable(address borrower, uint256 debt, uint256 lotValue) internal returns (uint256 markdown) {
        if (lotValue < debt) {
            markdown = debt - lotValue;
            _writeOff(borrower, markdown);
        }
        debtInAuction += debt - markdown;
    }

    /// @inheritdoc ILiquidationHost
    function settleAuction(uint256 debtRepaid, uint256 recovered, uint256 penaltyPaid, uint256 badDebt)
        external
        nonReentrant
        onlyAuctionLiquidator
    {
        _accrueInterest();
        uint256 settled = debtRepaid + badDebt;
        if (settled > debtInAuction) revert AuctionDebtUnderflow(settled, debtInAuction);
        debtInAuction -= settled;
        reserves += penaltyPaid;
        // Proceeds above the marked receivable give lenders back part of the loss written off at the kick.
        if (recovered != 0) totalSupplyAssets += recovered;
        if (badDebt != 0) _writeOff(address(0), badDebt);
        emit AuctionSettled(debtRepaid, recovered, penaltyPaid, badDebt);
        // The proceeds were paid straight to the market (one transfer from the taker): check the books against the
        // real balance, as Uniswap V2 checks its invariant, rather than trusting the path the tokens took.
        uint256 owed = (totalSupplyAssets + reserves).zeroFloorSub(totalBorrowAssets + debtInAuction);
        uint256 balance = _debtAsset.balanceOf(address(this));
        if (balance < owed) revert SettlementNotPaid(balance, owed);
    }

    /// @inheritdoc ILiquidationHost
    /// @dev Pays at most the cash on hand, so an illiquid market never blocks a kick.
    function payKeeperIncentive(address keeper, uint256 amount)
        external
        nonReentrant
        onlyAuctionLiquidator
        returns (uint256 paid)
    {
        _accrueInterest();
        uint256 cash = (totalSupplyAssets + reserves).zeroFloorSub(totalBorrowAssets + debtInAuction);
        paid = amount < cash ? amount : cash;
        if (paid == 0) return 0;
        uint256 fromReserves = _fromReserves(paid);
        uint256 fromLenders = paid - fromReserves;
        reserves -= fromReserves;
        totalSupplyAssets -= fromLenders;
        emit KeeperIncentivePaid(keeper, paid, fromReserves, fromLenders);
        _debtAsset.safeTransfer(keeper, paid);
    }

    /// @inheritdoc ILiquidationHost
    function auctionsEnabled() external view returns (bool) {
        return _market.mechanisms & MECHANISM_AUCTION != 0 && auctionLiquidator != address(0);
    }

    /* VIEWS */

    function debtAsset() external view returns (address) {
        return address(_debtAsset);
    }

    function collateralAssets() external view returns (address[] memory) {
        return _collateralList;
    }

    /// @dev `liquidationThreshold` is the one in force now (the ramp's current value).
    function collateralConfig(address asset) external view returns (CollateralConfig memory) {
        Asset storage a = _assets[asset];
        return CollateralConfig({
            feed: a.feed,
            maxPriceAge: a.maxPriceAge,
            ltv: a.ltv,
            liquidationThreshold: uint64(_threshold(asset)),
            liquidationBonusBps: a.liquidationBonusBps,
            supplyCap: a.supplyCap
        });
    }

    function thresholdRamp(address asset) external view returns (ThresholdRamp memory) {
        return _assets[asset].threshold;
    }

    function marketConfig() external view returns (MarketConfig memory) {
        MarketStorage storage m = _market;
        return MarketConfig({
            closeFactor: m.closeFactor,
            fullCloseHealthFactor: m.fullCloseHealthFactor,
            dust: m.dust,
            reserveFactorBps: m.reserveFactorBps,
            mechanisms: m.mechanisms
        });
    }

    /// @notice Whether `action` (PAUSE_BORROW, PAUSE_WITHDRAW_COLLATERAL or PAUSE_LIQUIDATE) is paused.
    function paused(bytes32 action) external view returns (bool) {
        return _market.pausedActions & _pauseBit(action) != 0;
    }

    /// @notice The hook consulted on every liquidation and kick; zero when none is set.
    function liquidationGuard() external view returns (ILiquidationGuard) {
        return _market.liquidationGuard;
    }

    function rateModel() external view returns (RateModel memory) {
        return _rates;
    }

    /// @dev Does not check staleness (views must keep working for keepers and reports); actions do.
    function priceOf(address asset) external view returns (uint256) {
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        return _price(asset, false);
    }

    function valueOf(address asset, uint256 amount) external view returns (uint256) {
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        return _valueOf(asset, amount, _price(asset, false));
    }

    function debtOf(address account) public view returns (uint256) {
        (, uint256 borrowed,) = _accruedTotals();
        return borrowShares[account].toAssetsUp(borrowed, totalBorrowShares);
    }

    function collateralOf(address account, address asset) external view returns (uint256) {
        return _collateral[account][asset];
    }

    function suppliedOf(address account) external view returns (uint256) {
        (uint256 supplied,,) = _accruedTotals();
        return supplyShares[account].toAssetsDown(supplied, totalSupplyShares);
    }

    function healthFactor(address account) external view returns (uint256) {
        (, uint256 borrowed,) = _accruedTotals();
        return _health(_position(account, false, borrowed));
    }

    function accountState(address account) external view returns (AccountState memory s) {
        (uint256 supplied, uint256 borrowed,) = _accruedTotals();
        Position memory p = _position(account, false, borrowed);
        s.debt = p.debt;
        s.collateralValue = p.collateralValue;
        s.borrowLimit = p.borrowLimit;
        s.liquidationLimit = p.liquidationLimit;
        s.healthFactor = _health(p);
        s.supplied = supplyShares[account].toAssetsDown(supplied, totalSupplyShares);
    }

    /// @notice Health factor of each account (type(uint256).max without debt), for keeper scans: each collateral's
    /// price is read once for the whole batch. Same rounding as `healthFactor`; ignores staleness.
    function healthFactorsOf(address[] calldata accounts) external view returns (uint256[] memory healths) {
        (, uint256 borrowed,) = _accruedTotals();
        uint256 shares = totalBorrowShares;
        uint256 n = _collateralList.length;
        address[] memory assets = _collateralList;
        uint256[] memory prices = new uint256[](n);
        uint256[] memory thresholds = new uint256[](n);
        for (uint256 j; j < n; ++j) {
            prices[j] = _price(assets[j], false);
            thresholds[j] = _threshold(assets[j]);
        }
        healths = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            uint256 debt = borrowShares[accounts[i]].toAssetsUp(borrowed, shares);
            if (debt == 0) {
                healths[i] = type(uint256).max;
                continue;
            }
            uint256 limit;
            for (uint256 j; j < n; ++j) {
                uint256 amount = _collateral[accounts[i]][assets[j]];
                if (amount != 0) limit += _valueOf(assets[j], amount, prices[j]).wMulDown(thresholds[j]);
            }
            healths[i] = limit.wDivDown(debt);
        }
    }

    /// @dev Returns (0, 0) when the position is not liquidatable; ignores pauses and staleness.
    function previewLiquidation(address borrower, address asset, uint256 repayAmount)
        external
        view
        returns (uint256 repaid, uint256 seized)
    {
        if (!_assets[asset].listed) revert CollateralNotListed(asset);
        (, uint256 borrowed,) = _accruedTotals();
        Position memory p = _position(borrower, false, borrowed);
        uint256 health = _health(p);
        if (health >= WAD || repayAmount == 0 || _collateral[borrower][asset] == 0) return (0, 0);
        return _liquidationAmounts(borrower, asset, repayAmount, p, health, _price(asset, false));
    }

    function totals()
        external
        view
        returns (uint256 supplied, uint256 borrowed, uint256 reserves_, uint256 inAuction, uint256 badDebt)
    {
        (supplied, borrowed, reserves_) = _accruedTotals();
        return (supplied, borrowed, reserves_, debtInAuction, totalBadDebt);
    }

    /// @notice Current borrow rate per second (WAD) at the current utilization.
    function borrowRatePerSecond() external view returns (uint256) {
        return _borrowRatePerSecond(totalBorrowAssets, totalSupplyAssets);
    }

    /* INTEREST MANAGEMENT */

    function _borrowRatePerSecond(uint256 borrowed, uint256 supplied) internal view returns (uint256) {
        RateModel memory m = _rates;
        uint256 utilization = supplied == 0 ? 0 : borrowed.wDivDown(supplied);
        if (utilization > WAD) utilization = WAD;
        // Summed in 256 bits: base + slope1 at their 10/year bounds exceed the fields' 64 bits.
        uint256 perYear = m.baseRatePerYear;
        if (utilization <= m.kinkUtilization) {
            perYear += uint256(m.slope1PerYear).mulDivDown(utilization, m.kinkUtilization);
        } else {
            perYear += uint256(m.slope1PerYear)
                + uint256(m.slope2PerYear).mulDivDown(utilization - m.kinkUtilization, WAD - m.kinkUtilization);
        }
        return perYear / SECONDS_PER_YEAR;
    }

    /// @dev Interest since the last accrual, at the rate set by the utilization then. Per-second compounding:
    /// borrowed x ((1 + r)^dt - 1), rounded up (debt up); the reserve share rounds down.
    function _pendingInterest() internal view returns (uint256 interest, uint256 toReserves, uint256 rate) {
        uint256 elapsed = block.timestamp - lastAccrual;
        uint256 borrowed = totalBorrowAssets;
        if (elapsed == 0 || borrowed == 0) return (0, 0, 0);
        rate = _borrowRatePerSecond(borrowed, totalSupplyAssets);
        // One rpow while r x dt <= 40 (every ordinary accrual); past it, bounded steps that saturate (F6).
        uint256 growth = rate * elapsed <= MAX_COMPOUND_EXPONENT
            ? MathLib.rpow(RAY + rate * 1e9, elapsed)
            : MathLib.compoundGrowth(rate, elapsed, MAX_ACCRUAL_GROWTH);
        interest = borrowed.mulDivUp(growth - RAY, RAY);
        if (borrowed + interest > MAX_TOTAL_BORROW) interest = MAX_TOTAL_BORROW.zeroFloorSub(borrowed);
        toReserves = interest * _market.reserveFactorBps / BPS;
    }

    /// @dev Totals as they would be after accruing now (for views).
    function _accruedTotals() internal view returns (uint256 supplied, uint256 borrowed, uint256 reserves_) {
        (uint256 interest, uint256 toReserves,) = _pendingInterest();
        return (totalSupplyAssets + interest - toReserves, totalBorrowAssets + interest, reserves + toReserves);
    }

    function _accrueInterest() internal {
        if (block.timestamp == lastAccrual) return;
        (uint256 interest, uint256 toReserves, uint256 rate) = _pendingInterest();
        lastAccrual = block.timestamp;
        if (interest == 0) return;
        totalSupplyAssets += interest - toReserves;
        totalBorrowAssets += interest;
        reserves += toReserves;
        emit InterestAccrued(rate, interest, toReserves);
    }

    /* HEALTH CHECK */

    struct Position {
        uint256 debt;
        uint256 collateralValue;
        uint256 borrowLimit;
        uint256 liquidationLimit;
    }

    /// @dev Values round down, the debt rounds up. `strict` refuses stale prices (actions); views pass false.
    function _position(address account, bool strict, uint256 borrowed) internal view returns (Position memory p) {
        return _positionWith(account, strict, borrowed, address(0), 0);
    }

    /// @dev As `_position`, with the price of `knownAsset` already read (saves a second call to its feed).
    function _positionWith(address account, bool strict, uint256 borrowed, address knownAsset, uint256 knownPrice)
        internal
        view
        returns (Position memory p)
    {
        p.debt = borrowShares[account].toAssetsUp(borrowed, totalBorrowShares);
        uint256 n = _collateralList.length;
        for (uint256 i; i < n; ++i) {
            address asset = _collateralList[i];
            uint256 amount = _collateral[account][asset];
            if (amount == 0) continue;
            uint256 value =
                asset == knownAsset ? _valueOf(asset, amount, knownPrice) : _collateralValue(asset, amount, strict);
            p.collateralValue += value;
            p.borrowLimit += value.wMulDown(_assets[asset].ltv);
            p.liquidationLimit += value.wMulDown(_threshold(asset));
        }
    }

    function _health(Position memory p) internal pure returns (uint256) {
        if (p.debt == 0) return type(uint256).max;
        return p.liquidationLimit.wDivDown(p.debt);
    }

    function _requireWithinBorrowLimit(address account) internal view {
        Position memory p = _position(account, true, totalBorrowAssets);
        if (p.debt > p.borrowLimit) revert BorrowLimitExceeded(p.debt, p.borrowLimit);
    }

    function _hasNoCollateral(address account) internal view returns (bool) {
        uint256 n = _collateralList.length;
        for (uint256 i; i < n; ++i) {
            if (_collateral[account][_collateralList[i]] != 0) return false;
        }
        return true;
    }

    /* PRICES */

    function _price(address asset, bool strict) internal view returns (uint256 priceWad) {
        bool stale;
        (priceWad, stale) = _readFeed(asset);
        if (strict && stale) _revertStale(asset);
    }

    /// @dev WAD price and whether it is older than the asset's `maxPriceAge`; refuses zero and negative answers.
    function _readFeed(address asset) internal view returns (uint256 priceWad, bool stale) {
        Asset storage a = _assets[asset];
        (, int256 answer,, uint256 updatedAt,) = a.feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(asset, answer);
        return (uint256(answer) * a.feedScale, block.timestamp > updatedAt + a.maxPriceAge);
    }

    function _revertStale(address asset) internal view {
        Asset storage a = _assets[asset];
        (,,, uint256 updatedAt,) = a.feed.latestRoundData();
        revert StalePrice(asset, updatedAt, a.maxPriceAge);
    }

    /// @dev Value of a position's `amount` of `asset`, rounded down. A strict read refuses a stale price, except
    /// that a stale holding worth less than the market's dust at its last price counts as zero: a stranger's crumb
    /// of a late-priced asset cannot block the position's liquidation or its owner's withdrawals (F5). Counting
    /// it as zero only lowers the position's limits.
    function _collateralValue(address asset, uint256 amount, bool strict) internal view returns (uint256 value) {
        (uint256 priceWad, bool stale) = _readFeed(asset);
        value = _valueOf(asset, amount, priceWad);
        if (strict && stale) {
            if (value >= _market.dust) _revertStale(asset);
            value = 0;
        }
    }

    /// @dev Rounds down (collateral is worth no more than it is).
    function _valueOf(address asset, uint256 amount, uint256 priceWad) internal view returns (uint256) {
        return amount.mulDivDown(priceWad, _assets[asset].unitScale);
    }

    /* LIQUIDATION MATH */

    /// @dev Seized collateral rounds down and the repayment it requires rounds up.
    function _liquidationAmounts(
        address borrower,
        address asset,
        uint256 requested,
        Position memory p,
        uint256 health,
        uint256 priceWad
    ) internal view returns (uint256 repaid, uint256 seized) {
        Asset storage a = _assets[asset];
        uint256 balance = _collateral[borrower][asset];
        uint256 bonusFactor = BPS + a.liquidationBonusBps;
        MarketStorage memory m = _market;

        // Toxic: collateral worth less than debt x (1 + bonus). Each partial liquidation would lower the health
        // factor further, so the close factor is lifted and the liquidator may close the whole position.
        bool toxic = p.collateralValue * BPS < p.debt * bonusFactor;
        uint256 maxRepay = (health < m.fullCloseHealthFactor || toxic) ? p.debt : p.debt.wMulUp(m.closeFactor);
        repaid = requested < maxRepay ? requested : maxRepay;
        if (p.debt - repaid < m.dust) repaid = p.debt;

        seized = (repaid * bonusFactor).mulDivDown(a.unitScale, priceWad * BPS);
        if (seized >= balance || _valueOf(asset, balance - seized, priceWad) < m.dust) {
            // Take the whole balance of this asset, or repay the whole debt if that is worth less.
            uint256 repayForAll = balance.mulDivUp(priceWad * BPS, a.unitScale * bonusFactor);
            if (repayForAll <= p.debt) {
                seized = balance;
                repaid = repayForAll;
            } else {
                repaid = p.debt;
                seized = (repaid * bonusFactor).mulDivDown(a.unitScale, priceWad * BPS);
            }
        }
    }

    /* ACCOUNTING */

    function _availableLiquidity() internal view returns (uint256) {
        return totalSupplyAssets.zeroFloorSub(totalBorrowAssets + debtInAuction);
    }

    function _burnDebt(address borrower, uint256 shares, uint256 assets) internal {
        borrowShares[borrower] -= shares;
        totalBorrowShares -= shares;
        totalBorrowAssets = totalBorrowAssets.zeroFloorSub(assets);
    }

    function _realizeBadDebt(address borrower) internal returns (uint256 badDebt) {
        uint256 shares = borrowShares[borrower];
        badDebt = shares.toAssetsUp(totalBorrowAssets, totalBorrowShares);
        _burnDebt(borrower, shares, badDebt);
        _writeOff(borrower, badDebt);
    }

    /// @dev Reserves absorb the loss first; the rest lowers what lenders own (their share price falls).
    /// @dev The part of a payment reserves cover: all of it while they last, but never their last wei. An emptied
    /// `reserves` slot would cost the next accrual 20,000 gas to refill (zero to non-zero), so it stays non-zero
    /// once it has been; lenders cover the one wei more.
    function _fromReserves(uint256 amount) internal view returns (uint256) {
        uint256 spare = reserves.zeroFloorSub(RESERVE_FLOOR);
        return amount < spare ? amount : spare;
    }

    function _writeOff(address borrower, uint256 amount) internal {
        uint256 fromReserves = _fromReserves(amount);
        uint256 fromLenders = amount - fromReserves;
        reserves -= fromReserves;
        totalSupplyAssets = totalSupplyAssets.zeroFloorSub(fromLenders);
        totalBadDebt += amount;
        emit BadDebtRealized(borrower, amount, fromReserves, fromLenders);
    }

    /* PARAMETER CHECKS */

    /// @dev A threshold below the one in force ramps down to it over `rampDuration` from the value in force now
    /// (rounded down as every read rounds it); any other applies at once. Checked over the whole ramp: the LTV
    /// below its end, the start x (1 + bonus) < 1 (a cut cannot come with a bonus the threshold in force would
    /// break: raise the bonus once the cut has landed).
    function _setCollateralConfig(address asset, CollateralConfig calldata c, uint32 rampDuration) internal {
        if (address(c.feed) == address(0)) revert ZeroAddress();
        if (c.maxPriceAge == 0 || c.maxPriceAge > MAX_PRICE_AGE) revert InvalidMaxPriceAge(c.maxPriceAge);
        if (rampDuration > MAX_THRESHOLD_RAMP) revert InvalidRampDuration(rampDuration, MAX_THRESHOLD_RAMP);
        uint256 inForce = _threshold(asset);
        ThresholdRamp memory ramp = ThresholdRamp(c.liquidationThreshold, c.liquidationThreshold, 0, 0);
        if (c.liquidationThreshold < inForce && rampDuration != 0) {
            // inForce < WAD: checked against the bonus when it was set
            (ramp.from, ramp.end, ramp.duration) = (uint64(inForce), uint40(block.timestamp + rampDuration), rampDuration);
        }
        // 0 < ltv < threshold, and threshold x (1 + bonus) < 1 so that a liquidation can improve health.
        if (
            c.ltv == 0 || c.ltv >= c.liquidationThreshold
                || uint256(ramp.from) * (BPS + c.liquidationBonusBps) >= WAD * BPS
        ) revert InvalidCollateralConfig(asset, c.ltv, c.liquidationThreshold, c.liquidationBonusBps);
        uint8 feedDecimals = c.feed.decimals();
        if (feedDecimals > MAX_TOKEN_DECIMALS) revert UnsupportedDecimals(address(c.feed), feedDecimals);
        Asset storage a = _assets[asset];
        (a.feed, a.maxPriceAge, a.ltv) = (c.feed, c.maxPriceAge, c.ltv);
        a.threshold = ramp;
        (a.supplyCap, a.liquidationBonusBps) = (c.supplyCap, c.liquidationBonusBps);
        a.feedScale = 10 ** (18 - feedDecimals);
        if (ramp.duration != 0) emit ThresholdRampStarted(asset, ramp.from, ramp.target, ramp.end);
    }

    /// @dev The liquidation threshold in force now (WAD): the ramp's value at this block, rounded down. The ramp is
    /// read as one word (one SLOAD; Solidity would load each field apart) and unpacked as `ThresholdRamp` lays it
    /// out from the low-order end: target 64 bits, from 64, end 40, duration 32.
    function _threshold(address asset) internal view returns (uint256) {
        ThresholdRamp storage r = _assets[asset].threshold;
        uint256 word;
        assembly ("memory-safe") {
            word := sload(r.slot)
        }
        uint256 target = uint64(word);
        uint256 end = uint40(word >> 128);
        if (block.timestamp >= end) return target;
        return ThresholdRampLib.valueAt(target, uint64(word >> 64), end, uint32(word >> 168), block.timestamp);
    }

    /// @dev The bit of a pausable action in `MarketStorage.pausedActions`; any other key is refused.
    function _pauseBit(bytes32 action) internal pure returns (uint8) {
        if (action == PAUSE_BORROW) return 1;
        if (action == PAUSE_WITHDRAW_COLLATERAL) return 2;
        if (action == PAUSE_LIQUIDATE) return 4;
        revert UnknownPauseAction(action);
    }

    function _setMarketConfig(MarketConfig memory m) internal {
        if (
            m.closeFactor == 0 || m.closeFactor > WAD || m.fullCloseHealthFactor > WAD
                || m.reserveFactorBps > MAX_RESERVE_FACTOR_BPS || m.mechanisms == 0 || m.mechanisms > 3
        ) revert InvalidMarketConfig(m.closeFactor, m.fullCloseHealthFactor, m.reserveFactorBps, m.mechanisms);
        MarketStorage storage stored = _market;
        (stored.closeFactor, stored.fullCloseHealthFactor, stored.dust) = (m.closeFactor, m.fullCloseHealthFactor, m.dust);
        (stored.reserveFactorBps, stored.mechanisms) = (m.reserveFactorBps, m.mechanisms);
        emit MarketConfigUpdated(m);
    }

    function _setRateModel(RateModel memory r) internal {
        if (
            r.kinkUtilization == 0 || r.kinkUtilization >= WAD || r.baseRatePerYear > MAX_RATE_PER_YEAR
                || r.slope1PerYear > MAX_RATE_PER_YEAR || r.slope2PerYear > MAX_RATE_PER_YEAR
        ) revert InvalidRateModel(r.baseRatePerYear, r.slope1PerYear, r.slope2PerYear, r.kinkUtilization);
        _rates = r;
        emit RateModelUpdated(r);
    }
}
