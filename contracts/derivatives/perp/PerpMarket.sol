// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {AggregatorV3Interface} from "../../interfaces/AggregatorV3Interface.sol";
import {IConstantProductPool} from "../../interfaces/IConstantProductPool.sol";
import {ConstantProductLibrary} from "../../amm/ConstantProductLibrary.sol";
import {IPerpMarket} from "./IPerpMarket.sol";
import {PerpMath} from "./PerpMath.sol";

/// @title PerpMarket
/// @notice Isolated-margin perpetual futures whose vault hedges every position on the lab's ConstantProductPool.
/// @dev Rules and their venues are in docs/derivatives-perp.md; units and identities on `IPerpMarket`.
contract PerpMarket is IPerpMarket, AccessControl {
    using SafeERC20 for IERC20;

    /* CONSTANTS */

    bytes32 public constant BACKSTOP_ROLE = keccak256("BACKSTOP_ROLE");
    bytes32 public constant PARAMS_ROLE = keccak256("PARAMS_ROLE");
    uint256 private constant WAD = 1e18;
    uint256 private constant BPS = 10_000;
    uint256 private constant Q112 = 2 ** 112;
    uint256 private constant MAX_LEVERAGE = 200;
    uint256 private constant MAX_TAKER_FEE_BPS = 100;
    uint256 private constant MAX_LIQUIDATION_FEE_BPS = 1_000;
    uint256 private constant MAX_SPREAD_MMR_MULTIPLE_WAD = 10e18;
    uint256 private constant MIN_FUNDING_PERIOD = 1 hours;
    uint256 private constant MAX_FUNDING_PERIOD = 30 days;
    uint256 private constant MAX_FUNDING_RATE_PER_SECOND_WAD = 1e16;
    uint256 private constant MAX_ORACLE_AGE = 1 days;
    uint256 private constant MAX_SLICE_COOLDOWN = 1 days;
    uint256 private constant MAX_OPEN_POSITIONS = 1_000;
    uint256 private constant MAX_ADL_PER_LIQUIDATION = 50;

    /* IMMUTABLES */

    IERC20 public immutable debt;
    IERC20 public immutable base;
    IConstantProductPool public immutable pool;
    AggregatorV3Interface public immutable feed;
    bool private immutable _baseIsToken0;
    uint256 private immutable _debtUnit;
    uint256 private immutable _baseUnit;
    uint256 private immutable _feedUnit;

    /* STORAGE */

    Params private _params;
    uint256 public nextPositionId = 1;
    mapping(uint256 id => Position) private _positions;
    uint256[] private _openIds;
    mapping(uint256 id => uint256 indexPlusOne) private _openIndex;

    uint256 public longOpenInterest;
    uint256 public shortOpenInterest;
    uint256 public totalMargin;
    uint256 public insuranceFund;
    uint256 public vaultCash;
    uint256 public vaultBase;
    /// @notice Base the vault was funded with: its inventory target when flat (the backstop unwinds towards it).
    uint256 public vaultBaseTarget;
    uint256 public protocolFees;

    int256 public cumulativeFundingIndex;
    int256 public fundingRatePerSecondWad;
    uint256 public lastFundingTime;
    uint256 private _lastPoolCumulative;

    uint256 public badDebtTotal;
    uint256 public badDebtCoveredByInsurance;
    uint256 public badDebtCoveredByAdl;
    uint256 public badDebtUncovered;
    /// @notice Funding owed to positions that the vault could not pay (audit A5), debt units.
    uint256 public fundingForgone;

    /// @dev One profitable position on the side being deleveraged, read once per liquidation (audit A3).
    struct AdlCandidate {
        uint256 id;
        uint256 score;
        /// What its profit can cover: min(unrealised PnL, equity), funding owed included (0 once used).
        uint256 coverable;
    }

    /// @dev Reentrancy lock in transient storage, as the lab's pool (a `transient` variable, not OpenZeppelin's
    /// ReentrancyGuardTransient, whose inline `tstore` makes solc warn on every build).
    bool private transient _locked;

    modifier nonReentrant() {
        if (_locked) revert Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }

    /* CONSTRUCTOR */

    constructor(IConstantProductPool pool_, IERC20 debt_, IERC20 base_, AggregatorV3Interface feed_, address admin, Params memory params_) {
        if (address(pool_) == address(0) || address(feed_) == address(0) || admin == address(0)) revert ZeroAddress();
        address token0 = pool_.token0();
        address token1 = pool_.token1();
        bool baseIs0 = token0 == address(base_) && token1 == address(debt_);
        if (!baseIs0 && !(token1 == address(base_) && token0 == address(debt_))) revert PoolTokensMismatch(token0, token1);
        pool = pool_;
        debt = debt_;
        base = base_;
        feed = feed_;
        _baseIsToken0 = baseIs0;
        _debtUnit = 10 ** IERC20Metadata(address(debt_)).decimals();
        _baseUnit = 10 ** IERC20Metadata(address(base_)).decimals();
        _feedUnit = 10 ** feed_.decimals();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMS_ROLE, admin);
        _grantRole(BACKSTOP_ROLE, admin);
        _setParams(params_);
        lastFundingTime = block.timestamp;
        _lastPoolCumulative = _poolCumulativeNow();
    }

    /* PARAMETERS */

    function params() external view returns (Params memory) {
        return _params;
    }

    function setParams(Params calldata newParams) external onlyRole(PARAMS_ROLE) {
        _accrueFunding(_markPrice());
        _setParams(newParams);
    }

    function _setParams(Params memory p) private {
        if (p.maxLeverage == 0 || p.maxLeverage > MAX_LEVERAGE) revert InvalidParam("maxLeverage", p.maxLeverage);
        if (p.mmrFractionOfImrWad == 0 || p.mmrFractionOfImrWad > WAD) {
            revert InvalidParam("mmrFractionOfImrWad", p.mmrFractionOfImrWad);
        }
        if (p.takerFeeBps > MAX_TAKER_FEE_BPS) revert InvalidParam("takerFeeBps", p.takerFeeBps);
        if (p.liquidationFeeBps > MAX_LIQUIDATION_FEE_BPS) revert InvalidParam("liquidationFeeBps", p.liquidationFeeBps);
        if (p.keeperShareBps > BPS) revert InvalidParam("keeperShareBps", p.keeperShareBps);
        if (p.liquidationSpreadMmrMultipleWad == 0 || p.liquidationSpreadMmrMultipleWad > MAX_SPREAD_MMR_MULTIPLE_WAD) {
            revert InvalidParam("liquidationSpreadMmrMultipleWad", p.liquidationSpreadMmrMultipleWad);
        }
        if (p.backstopEquityFractionWad > WAD) revert InvalidParam("backstopEquityFractionWad", p.backstopEquityFractionWad);
        if (p.sliceBps == 0 || p.sliceBps > BPS) revert InvalidParam("sliceBps", p.sliceBps);
        if (p.sliceCooldown > MAX_SLICE_COOLDOWN) revert InvalidParam("sliceCooldown", p.sliceCooldown);
        if (p.fundingPeriod < MIN_FUNDING_PERIOD || p.fundingPeriod > MAX_FUNDING_PERIOD) {
            revert InvalidParam("fundingPeriod", p.fundingPeriod);
        }
        if (p.maxFundingRatePerSecondWad > MAX_FUNDING_RATE_PER_SECOND_WAD) {
            revert InvalidParam("maxFundingRatePerSecondWad", p.maxFundingRatePerSecondWad);
        }
        if (p.maxOracleAge == 0 || p.maxOracleAge > MAX_ORACLE_AGE) revert InvalidParam("maxOracleAge", p.maxOracleAge);
        if (p.maxOpenPositions == 0 || p.maxOpenPositions > MAX_OPEN_POSITIONS) {
            revert InvalidParam("maxOpenPositions", p.maxOpenPositions);
        }
        if (p.maxAdlPerLiquidation > MAX_ADL_PER_LIQUIDATION) {
            revert InvalidParam("maxAdlPerLiquidation", p.maxAdlPerLiquidation);
        }
        if (p.minPositionNotional == 0 || p.minPositionNotional > p.largePositionNotional) {
            revert InvalidParam("minPositionNotional", p.minPositionNotional);
        }
        _params = p;
        emit ParamsSet(p);
    }

    /* VIEWS */

    /// @inheritdoc IPerpMarket
    function markPrice() external view returns (uint256) {
        return _markPrice();
    }

    /// @inheritdoc IPerpMarket
    function position(uint256 id) external view returns (Position memory) {
        return _positions[id];
    }

    /// @inheritdoc IPerpMarket
    function equityOf(uint256 id) external view returns (int256) {
        Position memory p = _live(id);
        (uint256 mark, int256 index) = _previewFunding();
        return _equity(p, mark, index);
    }

    /// @inheritdoc IPerpMarket
    function maintenanceMarginOf(uint256 id) external view returns (uint256) {
        return _maintenanceMargin(_live(id), _markPrice());
    }

    /// @inheritdoc IPerpMarket
    function isLiquidatable(uint256 id) external view returns (bool) {
        Position memory p = _positions[id];
        if (p.size == 0) return false;
        (uint256 mark, int256 index) = _previewFunding();
        return _equity(p, mark, index) < int256(_maintenanceMargin(p, mark));
    }

    /// @inheritdoc IPerpMarket
    function adlScore(uint256 id) external view returns (uint256) {
        (uint256 mark, int256 index) = _previewFunding();
        return _adlScore(_live(id), mark, index);
    }

    /// @inheritdoc IPerpMarket
    function openPositionIds() external view returns (uint256[] memory) {
        return _openIds;
    }

    /// @notice The backstop vault's unhedged base exposure (positive: long inventory it took over).
    function backstopExposure() public view returns (int256) {
        return int256(vaultBase + shortOpenInterest) - int256(longOpenInterest + vaultBaseTarget);
    }

    /* TRADING */

    /// @inheritdoc IPerpMarket
    function openPosition(bool isLong, uint256 size, uint256 margin, uint256 notionalLimit)
        external
        nonReentrant
        returns (uint256 id)
    {
        if (size == 0 || margin == 0) revert ZeroAmount();
        if (_openIds.length >= _params.maxOpenPositions) revert TooManyPositions(_openIds.length, _params.maxOpenPositions);
        uint256 mark = _markPrice();
        _requireMinNotional(size, mark);
        _accrueFunding(mark);
        debt.safeTransferFrom(msg.sender, address(this), margin);
        uint256 notional;
        if (isLong) {
            notional = _buyBase(size);
            if (notional > notionalLimit) revert PriceLimit(notional, notionalLimit);
            longOpenInterest += size;
        } else {
            if (_freeBase() < size) revert VaultBaseShort(size, _freeBase());
            notional = _sellBase(size);
            if (notional < notionalLimit) revert PriceLimit(notional, notionalLimit);
            shortOpenInterest += size;
        }
        uint256 fee = Math.mulDiv(notional, _params.takerFeeBps, BPS, Math.Rounding.Ceil);
        if (fee >= margin) revert InsufficientInitialMargin(0, fee);
        protocolFees += fee;
        id = nextPositionId++;
        Position memory p = Position({
            owner: msg.sender,
            isLong: isLong,
            size: uint128(size),
            entryNotional: uint128(notional),
            margin: uint128(margin - fee),
            fundingIndexAtEntry: cumulativeFundingIndex,
            lastSliceAt: 0
        });
        // Initial margin on the larger of the executed and the mark notional, on equity at the mark counting a loss
        // but never a gain: the entry is the pool fill, so a gap to a lagged mark is paper profit, not margin.
        uint256 required = Math.mulDiv(Math.max(notional, _notionalUp(size, mark)), WAD, _params.maxLeverage * WAD, Math.Rounding.Ceil);
        int256 equity = int256(uint256(p.margin)) + SignedMath.min(_unrealizedPnl(p, mark), 0);
        if (equity < int256(required)) revert InsufficientInitialMargin(equity > 0 ? uint256(equity) : 0, required);
        _positions[id] = p;
        _openIds.push(id);
        _openIndex[id] = _openIds.length;
        totalMargin += margin - fee;
        emit PositionOpened(id, msg.sender, isLong, size, notional, margin - fee, fee);
    }

    /// @inheritdoc IPerpMarket
    function closePosition(uint256 id, uint256 notionalLimit) external nonReentrant returns (uint256 payout) {
        Position storage p = _live(id);
        if (p.owner != msg.sender) revert NotOwner(id, msg.sender, p.owner);
        _accrueFunding(_markPrice());
        uint256 size = p.size;
        uint256 exitNotional = _tradeOut(p, size);
        if (p.isLong ? exitNotional < notionalLimit : exitNotional > notionalLimit) {
            revert PriceLimit(exitNotional, notionalLimit);
        }
        int256 delta = _realizedPnl(p, size, exitNotional) - _takeFunding(id, p);
        uint256 shortfall = _applyToMargin(p, delta);
        if (shortfall > 0) revert PositionUnhealthy(id, -int256(shortfall), 0);
        uint256 fee = Math.min(Math.mulDiv(exitNotional, _params.takerFeeBps, BPS, Math.Rounding.Ceil), p.margin);
        p.margin -= uint128(fee);
        protocolFees += fee;
        totalMargin -= fee;
        payout = _closeOut(id, p);
        emit PositionClosed(id, exitNotional, delta, fee, payout);
    }

    /// @inheritdoc IPerpMarket
    function addMargin(uint256 id, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Position storage p = _live(id);
        debt.safeTransferFrom(msg.sender, address(this), amount);
        p.margin += uint128(amount);
        totalMargin += amount;
        emit MarginChanged(id, int256(amount), p.margin);
    }

    /// @inheritdoc IPerpMarket
    function removeMargin(uint256 id, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Position storage p = _live(id);
        if (p.owner != msg.sender) revert NotOwner(id, msg.sender, p.owner);
        uint256 mark = _markPrice();
        _accrueFunding(mark);
        uint256 shortfall = _applyToMargin(p, -_takeFunding(id, p));
        if (shortfall > 0 || amount > p.margin) revert PositionUnhealthy(id, int256(uint256(p.margin)) - int256(amount), amount);
        p.margin -= uint128(amount);
        totalMargin -= amount;
        uint256 required = Math.mulDiv(_notionalUp(p.size, mark), WAD, _params.maxLeverage * WAD, Math.Rounding.Ceil);
        // Funding is settled above; as at open, a loss at the mark counts and a paper gain does not.
        int256 equity = int256(uint256(p.margin)) + SignedMath.min(_unrealizedPnl(p, mark), 0);
        if (equity < int256(required)) revert PositionUnhealthy(id, equity, required);
        debt.safeTransfer(msg.sender, amount);
        emit MarginChanged(id, -int256(amount), p.margin);
    }

    /* LIQUIDATION */

    /// @inheritdoc IPerpMarket
    /// @dev Order: funding accrues; the position must be below maintenance; a large one loses one slice per call
    /// (cooldown between slices); equity below the backstop fraction of maintenance, or a pool fill worse than the
    /// liquidation spread, hands the whole position to the backstop vault at the mark; otherwise the slice's hedge is
    /// traded on the pool. Any loss beyond margin is recognised as bad debt, then covered by the insurance fund,
    /// then by auto-deleveraging the most profitable opposite positions; what remains stays recognised as uncovered.
    function liquidate(uint256 id) external nonReentrant returns (uint256 keeperReward) {
        Position storage p = _live(id);
        uint256 mark = _markPrice();
        _accrueFunding(mark);
        int256 equity = _equity(p, mark, cumulativeFundingIndex);
        uint256 maintenance = _maintenanceMargin(p, mark);
        if (equity >= int256(maintenance)) revert NotLiquidatable(id, equity, maintenance);

        uint256 sliceSize = p.size;
        if (_notionalUp(p.size, mark) > _params.largePositionNotional) {
            uint256 next = uint256(p.lastSliceAt) + _params.sliceCooldown;
            if (p.lastSliceAt != 0 && block.timestamp < next) revert SliceCooldown(id, next);
            sliceSize = Math.mulDiv(p.size, _params.sliceBps, BPS, Math.Rounding.Ceil);
            // No dust remainder (A1): a slice that would leave less than the minimum takes the whole position.
            if (_notionalDown(p.size - sliceSize, mark) < _params.minPositionNotional) sliceSize = p.size;
        }
        bool backstop = equity < int256(Math.mulDiv(maintenance, _params.backstopEquityFractionWad, WAD)) ||
            !_marketCanClose(p, sliceSize, mark);
        bool wasLong = p.isLong;
        uint256 shortfall;
        if (backstop) {
            (keeperReward, shortfall) = _backstopTakeover(id, p, mark);
        } else {
            (keeperReward, shortfall) = _marketLiquidate(id, p, sliceSize);
        }
        if (shortfall > 0) _coverBadDebt(id, shortfall, wasLong, mark);
        if (keeperReward > 0) debt.safeTransfer(msg.sender, keeperReward);
    }

    /// @dev Whether the pool fills `sliceSize` within the liquidation spread: at most
    /// `liquidationSpreadMmrMultiple × maintenance ratio` worse than the mark (dYdX v4's fillable-price bound).
    function _marketCanClose(Position storage p, uint256 sliceSize, uint256 mark) private view returns (bool) {
        (uint256 reserveBase, uint256 reserveDebt) = _reserves();
        uint256 spreadWad = Math.mulDiv(
            _params.liquidationSpreadMmrMultipleWad,
            _maintenanceRatio(p.isLong, mark),
            WAD,
            Math.Rounding.Ceil
        );
        if (spreadWad >= WAD) spreadWad = WAD - 1;
        uint256 markNotional = _notionalDown(sliceSize, mark);
        uint16 fee = pool.feeBps();
        if (p.isLong) {
            uint256 out = ConstantProductLibrary.getAmountOut(sliceSize, reserveBase, reserveDebt, fee);
            return out >= Math.mulDiv(markNotional, WAD - spreadWad, WAD, Math.Rounding.Ceil);
        }
        if (sliceSize >= reserveBase) return false;
        uint256 cost = ConstantProductLibrary.getAmountIn(sliceSize, reserveDebt, reserveBase, fee);
        return cost <= Math.mulDiv(markNotional, WAD + spreadWad, WAD) && cost <= vaultCash;
    }

    /// @dev A market liquidation of one slice: the hedge trades on the pool, the slice's PnL and all funding settle,
    /// the liquidation fee (capped by margin) pays the keeper and the insurance fund (dYdX: the fee is the fund's).
    function _marketLiquidate(uint256 id, Position storage p, uint256 sliceSize)
        private
        returns (uint256 keeperReward, uint256 shortfall)
    {
        uint256 exitNotional = _tradeOut(p, sliceSize);
        int256 delta = _realizedPnl(p, sliceSize, exitNotional) - _takeFunding(id, p);
        shortfall = _applyToMargin(p, delta);
        uint256 insuranceFee;
        (keeperReward, insuranceFee) = _chargeLiquidationFee(p, exitNotional);
        insuranceFund += insuranceFee;
        uint256 remaining = p.size;
        if (remaining == 0) {
            _closeOut(id, p);
        } else {
            p.lastSliceAt = uint64(block.timestamp);
        }
        emit Liquidated(id, msg.sender, LiquidationKind.MarketSale, sliceSize, exitNotional, keeperReward, insuranceFee, remaining);
    }

    /// @dev The backstop vault takes the whole position at the mark without trading (Hyperliquid's backstop
    /// liquidation): PnL and funding settle at the mark, the keeper's share of the fee is paid from what margin is
    /// left, and the vault keeps the rest. The hedge stays in the vault as unhedged exposure (`backstopExposure`).
    function _backstopTakeover(uint256 id, Position storage p, uint256 mark)
        private
        returns (uint256 keeperReward, uint256 shortfall)
    {
        uint256 size = p.size;
        uint256 exitNotional = p.isLong ? _notionalDown(size, mark) : _notionalUp(size, mark);
        if (p.isLong) {
            longOpenInterest -= size;
        } else {
            shortOpenInterest -= size;
        }
        int256 delta = _realizedPnl(p, size, exitNotional) - _takeFunding(id, p);
        shortfall = _applyToMargin(p, delta);
        uint256 fee = Math.mulDiv(exitNotional, _params.liquidationFeeBps, BPS, Math.Rounding.Ceil);
        keeperReward = Math.min(Math.mulDiv(fee, _params.keeperShareBps, BPS), p.margin);
        uint256 toVault = p.margin - keeperReward;
        vaultCash += toVault;
        totalMargin -= p.margin;
        p.margin = 0;
        _remove(id);
        emit Liquidated(id, msg.sender, LiquidationKind.Backstop, size, exitNotional, keeperReward, 0, 0);
    }

    function _chargeLiquidationFee(Position storage p, uint256 notional)
        private
        returns (uint256 keeperReward, uint256 insuranceFee)
    {
        uint256 fee = Math.min(Math.mulDiv(notional, _params.liquidationFeeBps, BPS, Math.Rounding.Ceil), p.margin);
        keeperReward = Math.mulDiv(fee, _params.keeperShareBps, BPS);
        insuranceFee = fee - keeperReward;
        p.margin -= uint128(fee);
        totalMargin -= fee;
    }

    /// @dev Recognises `amount` as bad debt at once, then covers it: the insurance fund first, then ADL. Funding that
    /// deleveraged winners could not pay is recognised too and joins what ADL must cover (audit A4).
    function _coverBadDebt(uint256 id, uint256 amount, bool liquidatedLong, uint256 mark) private {
        uint256 fromInsurance = Math.min(amount, insuranceFund);
        insuranceFund -= fromInsurance;
        vaultCash += fromInsurance;
        badDebtCoveredByInsurance += fromInsurance;
        uint256 rest = amount - fromInsurance;
        uint256 fromAdl;
        if (rest > 0) {
            uint256 winnersUnpaid;
            (fromAdl, winnersUnpaid) = _autoDeleverage(!liquidatedLong, rest, mark);
            amount += winnersUnpaid;
            rest += winnersUnpaid;
        }
        badDebtTotal += amount;
        badDebtCoveredByAdl += fromAdl;
        badDebtUncovered += rest - fromAdl;
        emit BadDebt(id, amount, fromInsurance, fromAdl, rest - fromAdl);
    }

    /// @dev Auto-deleveraging (Hyperliquid/Binance rank by PnL % × leverage). Every open position is read once into
    /// memory (A3: gas O(open positions + rounds × candidates), no storage re-read per round). Each round takes the
    /// best-ranked candidate whose profit covers at least its fair share of what is left, `rest / rounds left`, so
    /// that high-ranked dust winners cannot spend the round budget on wei while a large winner exists (A4); when no
    /// candidate reaches the share, the one with the most profit. The chosen position is reduced at the mark by just
    /// enough that its profit on the reduced part covers the rest, and that profit is withheld; the reduced part
    /// passes to the vault as exposure, off-market, as ADL does. Returns what was covered and the funding winners
    /// could not pay (new bad debt, added to what must be covered); `covered <= need + unpaid` always.
    function _autoDeleverage(bool sideIsLong, uint256 need, uint256 mark) private returns (uint256 covered, uint256 unpaid) {
        uint256 rounds = _params.maxAdlPerLiquidation;
        (AdlCandidate[] memory list, uint256 count) = _adlCandidates(sideIsLong, mark, cumulativeFundingIndex);
        for (uint256 round; round < rounds && covered < need; ++round) {
            uint256 rest = need - covered;
            uint256 pick = _pickCandidate(list, count, Math.ceilDiv(rest, rounds - round));
            if (pick == count) break;
            list[pick].coverable = 0;
            (uint256 haircut, uint256 winnerUnpaid) = _deleverageOne(list[pick].id, list[pick].score, rest, mark);
            covered += haircut;
            need += winnerUnpaid;
            unpaid += winnerUnpaid;
        }
    }

    /// @dev The profitable positions on `sideIsLong`, with their ADL score and what their profit can cover.
    function _adlCandidates(bool sideIsLong, uint256 mark, int256 index)
        private
        view
        returns (AdlCandidate[] memory list, uint256 count)
    {
        uint256 n = _openIds.length;
        list = new AdlCandidate[](n);
        for (uint256 i; i < n; ++i) {
            uint256 id = _openIds[i];
            Position storage c = _positions[id];
            if (c.isLong != sideIsLong) continue;
            (uint256 score, uint256 coverable) = _candidateScore(c, mark, index);
            if (score != 0) list[count++] = AdlCandidate({id: id, score: score, coverable: coverable});
        }
    }

    /// @dev ADL score of a position (as `adlScore`) and what its profit can cover; both 0 when not in profit.
    function _candidateScore(Position storage c, uint256 mark, int256 index)
        private
        view
        returns (uint256 score, uint256 coverable)
    {
        Position memory m = Position({
            owner: address(0),
            isLong: c.isLong,
            size: c.size,
            entryNotional: c.entryNotional,
            margin: c.margin,
            fundingIndexAtEntry: c.fundingIndexAtEntry,
            lastSliceAt: 0
        });
        int256 profit = _unrealizedPnl(m, mark);
        int256 equity = _equity(m, mark, index);
        if (profit <= 0 || equity <= 0) return (0, 0);
        score = PerpMath.adlScore(uint256(profit), m.margin, _notionalUp(m.size, mark), uint256(equity));
        coverable = uint256(SignedMath.min(profit, equity));
    }

    /// @dev Index of the best-scored unused candidate covering at least `share`, else of the unused one covering the
    /// most; `count` when none is left. Ties go to the earlier entry (the order of `openPositionIds`).
    function _pickCandidate(AdlCandidate[] memory list, uint256 count, uint256 share) private pure returns (uint256 pick) {
        pick = count;
        uint256 bestScore;
        uint256 largest = count;
        uint256 largestCover;
        for (uint256 i; i < count; ++i) {
            uint256 cover = list[i].coverable;
            if (cover == 0) continue;
            if (cover >= share && list[i].score > bestScore) (pick, bestScore) = (i, list[i].score);
            if (cover > largestCover) (largest, largestCover) = (i, cover);
        }
        if (pick == count) pick = largest;
    }

    /// @dev Reduces position `id` at the mark by the part whose profit covers `need` plus the funding it could not
    /// pay from margin, and withholds that profit: its own funding first, then `need`. Returns the part of `need`
    /// covered and what the winner still could not pay (rounding wei at most when it was a candidate).
    function _deleverageOne(uint256 id, uint256 score, uint256 need, uint256 mark)
        private
        returns (uint256 haircut, uint256 unpaid)
    {
        Position storage w = _positions[id];
        uint256 ownFunding = _applyToMargin(w, -_takeFunding(id, w));
        uint256 chunk = _adlChunk(w, need + ownFunding, mark);
        uint256 withheld;
        (withheld, unpaid) = _withholdProfit(w, chunk, need + ownFunding, mark);
        uint256 own = Math.min(ownFunding, withheld);
        haircut = withheld - own;
        unpaid += ownFunding - own;
        if (w.isLong) {
            longOpenInterest -= chunk;
        } else {
            shortOpenInterest -= chunk;
        }
        emit AutoDeleveraged(id, chunk, mark, haircut, score);
        if (w.size == 0) _closeOut(id, w);
    }

    /// @dev The part of `w` whose profit at the mark covers `target`, the whole position if less would be left than
    /// the minimum (A1: no dust remainder). `w` is a candidate, so its profit is positive. The share is sized for
    /// `target + 2`: realising a part loses at most 2 units to rounding (entry share and exit notional, each against
    /// the trader), so the part's realised PnL always covers `target` and the margin is never asked for the rest.
    function _adlChunk(Position storage w, uint256 target, uint256 mark) private view returns (uint256 chunk) {
        uint256 size = w.size;
        chunk = Math.min(size, Math.mulDiv(size, target + 2, uint256(_unrealizedPnl(w, mark)), Math.Rounding.Ceil));
        if (chunk < size && _notionalDown(size - chunk, mark) < _params.minPositionNotional) chunk = size;
    }

    /// @dev Realises `chunk` of `w` at the mark and withholds `target` of its profit (all of it, at most `target`, for
    /// a whole position); returns what was withheld and what the margin could not pay of a partial chunk's
    /// withholding (0 by `_adlChunk`'s sizing; kept so that a shortfall could never be hidden).
    function _withholdProfit(Position storage w, uint256 chunk, uint256 target, uint256 mark)
        private
        returns (uint256 withheld, uint256 marginShort)
    {
        bool whole = chunk == w.size;
        int256 chunkPnl = _realizedPnl(w, chunk, w.isLong ? _notionalDown(chunk, mark) : _notionalUp(chunk, mark));
        withheld = !whole ? target : (chunkPnl > 0 ? Math.min(target, uint256(chunkPnl)) : 0);
        marginShort = _applyToMargin(w, chunkPnl - int256(withheld));
    }

    /* FUNDING */

    /// @inheritdoc IPerpMarket
    function accrueFunding() external nonReentrant {
        _accrueFunding(_markPrice());
    }

    /// @dev Funding over [lastFundingTime, now] at the rate set by the pool's time-weighted price over that interval
    /// against the mark: index += rate × dt × mark. The pool's accumulator only counts prices that held at the end
    /// of earlier blocks, so a trade in this block cannot move the rate it settles.
    function _accrueFunding(uint256 mark) private {
        uint256 elapsed = block.timestamp - lastFundingTime;
        if (elapsed == 0) return;
        uint256 cumulative = _poolCumulativeNow();
        uint256 twap;
        unchecked {
            twap = Math.mulDiv((cumulative - _lastPoolCumulative) / elapsed, _baseUnit, Q112);
        }
        int256 rate = PerpMath.fundingRatePerSecond(twap, mark, _params.fundingPeriod, _params.maxFundingRatePerSecondWad);
        cumulativeFundingIndex += rate * int256(elapsed) * int256(mark);
        fundingRatePerSecondWad = rate;
        lastFundingTime = block.timestamp;
        _lastPoolCumulative = cumulative;
        emit FundingAccrued(rate, cumulativeFundingIndex, twap, mark);
    }

    function _previewFunding() private view returns (uint256 mark, int256 index) {
        mark = _markPrice();
        index = cumulativeFundingIndex + fundingRatePerSecondWad * int256(block.timestamp - lastFundingTime) * int256(mark);
    }

    /// @dev Settles the funding position `id` owes (positive) or is owed (negative) since its last settlement and
    /// returns it; the vault is every position's counterparty. What the vault cannot pay is forgone, counted in
    /// `fundingForgone` and emitted (audit A5).
    function _takeFunding(uint256 id, Position storage p) private returns (int256 owed) {
        owed = PerpMath.fundingOwedUp(p.isLong, p.size, cumulativeFundingIndex - p.fundingIndexAtEntry, _baseUnit);
        p.fundingIndexAtEntry = cumulativeFundingIndex;
        if (owed < 0 && uint256(-owed) > vaultCash) {
            uint256 forgone = uint256(-owed) - vaultCash;
            fundingForgone += forgone;
            emit FundingForgone(id, forgone);
            owed = -int256(vaultCash);
        }
        if (owed != 0) emit FundingSettled(id, owed);
    }

    /* BACKSTOP VAULT, INSURANCE */

    /// @inheritdoc IPerpMarket
    /// @dev Role-gated: the slippage bounds are the caller's, and anyone could otherwise sell the vault's inventory
    /// into a price they had just pushed down.
    function unwindBackstop(uint256 maxBase, uint256 minDebtOut, uint256 maxDebtIn)
        external
        nonReentrant
        onlyRole(BACKSTOP_ROLE)
    {
        int256 exposure = backstopExposure();
        if (exposure > 0) {
            uint256 amount = Math.min(Math.min(uint256(exposure), maxBase), _freeBase());
            if (amount == 0) revert NothingToUnwind();
            uint256 out = _sellBase(amount);
            if (out < minDebtOut) revert PriceLimit(out, minDebtOut);
            emit BackstopUnwound(amount, out, true);
        } else if (exposure < 0) {
            uint256 amount = Math.min(uint256(-exposure), maxBase);
            if (amount == 0) revert NothingToUnwind();
            uint256 cost = _buyBase(amount);
            if (cost > maxDebtIn) revert PriceLimit(cost, maxDebtIn);
            emit BackstopUnwound(amount, cost, false);
        } else {
            revert NothingToUnwind();
        }
    }

    /// @inheritdoc IPerpMarket
    function fundInsurance(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        debt.safeTransferFrom(msg.sender, address(this), amount);
        insuranceFund += amount;
        emit InsuranceFunded(msg.sender, amount);
    }

    /// @inheritdoc IPerpMarket
    function fundVault(uint256 debtAmount, uint256 baseAmount) external nonReentrant {
        if (debtAmount == 0 && baseAmount == 0) revert ZeroAmount();
        if (debtAmount > 0) debt.safeTransferFrom(msg.sender, address(this), debtAmount);
        if (baseAmount > 0) base.safeTransferFrom(msg.sender, address(this), baseAmount);
        vaultCash += debtAmount;
        vaultBase += baseAmount;
        vaultBaseTarget += baseAmount;
        emit VaultFunded(msg.sender, debtAmount, baseAmount);
    }

    function withdrawProtocolFees(address to) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 amount = protocolFees;
        protocolFees = 0;
        debt.safeTransfer(to, amount);
        emit ProtocolFeesWithdrawn(to, amount);
    }

    /* INTERNALS: POSITIONS */

    /// @dev Vault base not backing a long's hedge: what a new short or an unwind may sell (zero-floored).
    function _freeBase() private view returns (uint256) {
        return vaultBase > longOpenInterest ? vaultBase - longOpenInterest : 0;
    }

    function _live(uint256 id) private view returns (Position storage p) {
        p = _positions[id];
        if (p.size == 0) revert UnknownPosition(id);
    }

    /// @dev Trades `size` of the position's hedge back on the pool and returns the debt it raised (long) or cost.
    function _tradeOut(Position storage p, uint256 size) private returns (uint256) {
        if (p.isLong) {
            longOpenInterest -= size;
            return _sellBase(size);
        }
        shortOpenInterest -= size;
        return _buyBase(size);
    }

    /// @dev Realises `size` of the position at `exitNotional` and shrinks it; the entry attributed to the part
    /// closed rounds against the trader (up for a long's cost, down for a short's proceeds).
    function _realizedPnl(Position storage p, uint256 size, uint256 exitNotional) private returns (int256) {
        uint256 partEntry = p.isLong
            ? Math.mulDiv(p.entryNotional, size, p.size, Math.Rounding.Ceil)
            : Math.mulDiv(p.entryNotional, size, p.size);
        p.size -= uint128(size);
        p.entryNotional -= uint128(partEntry);
        return p.isLong ? int256(exitNotional) - int256(partEntry) : int256(partEntry) - int256(exitNotional);
    }

    /// @dev Moves `delta` between the position's margin and the vault (the counterparty of all PnL and funding);
    /// returns the loss the margin could not pay.
    function _applyToMargin(Position storage p, int256 delta) private returns (uint256 shortfall) {
        if (delta >= 0) {
            uint256 gain = uint256(delta);
            if (gain > vaultCash) revert VaultCashShort(gain, vaultCash);
            vaultCash -= gain;
            p.margin += uint128(gain);
            totalMargin += gain;
            return 0;
        }
        uint256 loss = uint256(-delta);
        uint256 paid = Math.min(loss, p.margin);
        p.margin -= uint128(paid);
        totalMargin -= paid;
        vaultCash += paid;
        return loss - paid;
    }

    /// @dev Pays the owner what margin is left and deletes the position.
    function _closeOut(uint256 id, Position storage p) private returns (uint256 payout) {
        payout = p.margin;
        address owner = p.owner;
        totalMargin -= payout;
        p.margin = 0;
        _remove(id);
        if (payout > 0) debt.safeTransfer(owner, payout);
    }

    function _remove(uint256 id) private {
        delete _positions[id];
        uint256 index = _openIndex[id] - 1;
        uint256 last = _openIds[_openIds.length - 1];
        _openIds[index] = last;
        _openIndex[last] = index + 1;
        _openIds.pop();
        delete _openIndex[id];
    }

    /* INTERNALS: VALUATION */

    /// @dev Audit A1: no position below `minPositionNotional` at the mark.
    function _requireMinNotional(uint256 size, uint256 mark) private view {
        uint256 markNotional = _notionalDown(size, mark);
        if (markNotional < _params.minPositionNotional) revert PositionTooSmall(markNotional, _params.minPositionNotional);
    }

    function _markPrice() private view returns (uint256) {
        (, int256 answer, , uint256 updatedAt, ) = feed.latestRoundData();
        if (answer <= 0) revert InvalidMark(answer);
        if (block.timestamp > updatedAt + _params.maxOracleAge) {
            revert StaleMark(updatedAt, block.timestamp, _params.maxOracleAge);
        }
        return Math.mulDiv(uint256(answer), _debtUnit, _feedUnit);
    }

    function _notionalDown(uint256 size, uint256 mark) private view returns (uint256) {
        return Math.mulDiv(size, mark, _baseUnit);
    }

    function _notionalUp(uint256 size, uint256 mark) private view returns (uint256) {
        return Math.mulDiv(size, mark, _baseUnit, Math.Rounding.Ceil);
    }

    /// @dev Unrealised PnL at the mark, rounded against the trader.
    function _unrealizedPnl(Position memory p, uint256 mark) private view returns (int256) {
        return p.isLong
            ? int256(_notionalDown(p.size, mark)) - int256(uint256(p.entryNotional))
            : int256(uint256(p.entryNotional)) - int256(_notionalUp(p.size, mark));
    }

    function _equity(Position memory p, uint256 mark, int256 index) private view returns (int256) {
        int256 owed = PerpMath.fundingOwedUp(p.isLong, p.size, index - p.fundingIndexAtEntry, _baseUnit);
        return int256(uint256(p.margin)) + _unrealizedPnl(p, mark) - owed;
    }

    function _maintenanceRatio(bool isLong, uint256 mark) private view returns (uint256) {
        uint256 sideNotional = _notionalUp(isLong ? longOpenInterest : shortOpenInterest, mark);
        return PerpMath.maintenanceRatioUp(
            WAD / _params.maxLeverage,
            _params.mmrFractionOfImrWad,
            _params.oiMmrFactorWad,
            sideNotional,
            _debtUnit
        );
    }

    function _maintenanceMargin(Position memory p, uint256 mark) private view returns (uint256) {
        return Math.mulDiv(_notionalUp(p.size, mark), _maintenanceRatio(p.isLong, mark), WAD, Math.Rounding.Ceil);
    }

    function _adlScore(Position memory p, uint256 mark, int256 index) private view returns (uint256) {
        int256 profit = _unrealizedPnl(p, mark);
        int256 equity = _equity(p, mark, index);
        if (profit <= 0 || equity <= 0) return 0;
        return PerpMath.adlScore(uint256(profit), p.margin, _notionalUp(p.size, mark), uint256(equity));
    }

    /* INTERNALS: POOL */

    function _reserves() private view returns (uint256 reserveBase, uint256 reserveDebt) {
        (uint112 r0, uint112 r1, ) = pool.getReserves();
        (reserveBase, reserveDebt) = _baseIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    /// @dev Buys exactly `size` base on the pool with the vault's cash; returns the debt paid.
    function _buyBase(uint256 size) private returns (uint256 cost) {
        (uint256 reserveBase, uint256 reserveDebt) = _reserves();
        if (size >= reserveBase) revert InsufficientPoolLiquidity(size, reserveBase);
        cost = ConstantProductLibrary.getAmountIn(size, reserveDebt, reserveBase, pool.feeBps());
        if (cost > vaultCash) revert VaultCashShort(cost, vaultCash);
        vaultCash -= cost;
        vaultBase += size;
        debt.safeTransfer(address(pool), cost);
        (uint256 out0, uint256 out1) = _baseIsToken0 ? (size, uint256(0)) : (uint256(0), size);
        pool.swap(out0, out1, address(this), "");
    }

    /// @dev Sells exactly `size` of the vault's base on the pool; returns the debt received.
    function _sellBase(uint256 size) private returns (uint256 proceeds) {
        (uint256 reserveBase, uint256 reserveDebt) = _reserves();
        proceeds = ConstantProductLibrary.getAmountOut(size, reserveBase, reserveDebt, pool.feeBps());
        if (proceeds == 0) revert InsufficientPoolLiquidity(proceeds, reserveDebt);
        vaultBase -= size;
        vaultCash += proceeds;
        base.safeTransfer(address(pool), size);
        (uint256 out0, uint256 out1) = _baseIsToken0 ? (uint256(0), proceeds) : (proceeds, uint256(0));
        pool.swap(out0, out1, address(this), "");
    }

    /// @dev The pool's price accumulator of base in debt (UQ112x112 × seconds), extrapolated to now as V2 oracles do.
    function _poolCumulativeNow() private view returns (uint256 cumulative) {
        (uint112 r0, uint112 r1, uint32 last) = pool.getReserves();
        cumulative = _baseIsToken0 ? pool.price0CumulativeLast() : pool.price1CumulativeLast();
        if (r0 == 0 || r1 == 0) return cumulative;
        unchecked {
            uint32 elapsed = uint32(block.timestamp) - last;
            uint256 spot = _baseIsToken0 ? (uint256(r1) << 112) / r0 : (uint256(r0) << 112) / r1;
            cumulative += spot * elapsed;
        }
    }
}
