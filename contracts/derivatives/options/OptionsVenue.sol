// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20, IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {AggregatorV3Interface} from "../../interfaces/AggregatorV3Interface.sol";
import {IOptionsVenue, OptionSeries, MarginState} from "./IOptionsVenue.sol";
import {OptionMarginLib, MarginParams, AuctionParams, OPTION_BPS, OPTION_WAD} from "./OptionMarginLib.sol";
import {Black76} from "./Black76.sol";

/// @title OptionsVenue
/// @notice See `IOptionsVenue`. One quote (debt) token for margin and settlement, one underlying (the lab's collateral
/// asset) priced by one feed; latency applies, since marks, margin and settlement read the feed's visible answer.
/// @dev Rounding favours the venue: liabilities, requirements, bid prices and fees round up; cash taken by a bidder,
/// the fund's payments and long payouts round down.
contract OptionsVenue is IOptionsVenue, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant RISK_ROLE = keccak256("RISK_ROLE");

    /// @notice Most series an account may be short at once (bounds the margin check's gas).
    uint256 public constant MAX_POSITIONS = 8;
    uint256 public constant MAX_VOL = 5e18;
    uint256 public constant MAX_EXPIRY_HORIZON = 365 days;
    uint256 public constant MAX_MARGIN_BPS = 5_000;
    uint256 public constant MAX_INITIAL_BUFFER_BPS = 50_000;
    uint256 public constant MAX_VOL_SHOCK_BPS = 50_000;
    uint256 public constant MAX_VOL_SCALE = 10e18;
    uint256 public constant MAX_AUCTION_DURATION = 7 days;
    /// @notice Most rounds `settleSeries` walks back from the latest to find the first answer at or after expiry;
    /// beyond it `settleSeriesAt` takes the round id (audit OPT-03).
    uint256 public constant MAX_SETTLEMENT_LOOKBACK = 64;

    /// @dev One expiry's sums in the margin check (WAD).
    struct ExpiryGroup {
        uint256 expiry;
        uint256 maintenance;
        uint256 initial;
        uint256 maxLoss;
    }

    IERC20 public immutable quote;
    AggregatorV3Interface public immutable feed;
    /// @dev 10^(18 − quote decimals): WAD value = quote units x this.
    uint256 internal immutable _quoteScale;
    /// @dev 10^(18 − feed decimals).
    uint256 internal immutable _feedScale;

    uint256 public vol;
    MarginParams internal _marginParams;
    AuctionParams internal _auctionParams;

    /// @notice Sum of all accounts' cash (quote units).
    uint256 public totalCash;
    uint256 public insuranceFund;
    /// @notice Sum of the series' payout pools.
    uint256 public totalPayoutPools;
    /// @notice Bad debt recognised at settlement over all series (quote units).
    uint256 public totalBadDebt;
    uint256 public seriesCount;

    mapping(uint256 seriesId => OptionSeries) internal _series;
    mapping(bytes32 key => uint256 seriesId) internal _seriesByKey;
    mapping(address account => uint256) public cashOf;
    mapping(address account => mapping(uint256 seriesId => uint256)) internal _short;
    mapping(address holder => mapping(uint256 seriesId => uint256)) internal _long;
    mapping(address account => uint256[]) internal _positions;
    /// @dev Index in `_positions[account]` + 1 (0 = none).
    mapping(address account => mapping(uint256 seriesId => uint256)) internal _positionSlot;
    mapping(address account => uint256) internal _auctionStart;

    constructor(
        IERC20Metadata quote_,
        AggregatorV3Interface feed_,
        address admin,
        uint256 vol_,
        MarginParams memory margin_,
        AuctionParams memory auction_
    ) {
        if (address(quote_) == address(0) || address(feed_) == address(0) || admin == address(0)) {
            revert ZeroAddress();
        }
        quote = quote_;
        feed = feed_;
        _quoteScale = 10 ** (18 - uint256(quote_.decimals()));
        _feedScale = 10 ** (18 - uint256(feed_.decimals()));
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RISK_ROLE, admin);
        _setVol(vol_);
        _setMarginParams(margin_);
        _setAuctionParams(auction_);
    }

    /* WRITERS AND HOLDERS */

    /// @inheritdoc IOptionsVenue
    function deposit(address account, uint256 amount) external nonReentrant {
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        quote.safeTransferFrom(msg.sender, address(this), amount);
        cashOf[account] += amount;
        totalCash += amount;
        emit Deposited(account, msg.sender, amount);
        // A deposit that cures the account ends its auction (audit OPT-02: no stale auction clock).
        if (_auctionStart[account] != 0) {
            MarginState memory m = _margin(account);
            if (m.cash >= m.maintenance) _endAuction(account);
        }
    }

    /// @inheritdoc IOptionsVenue
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (_auctionStart[msg.sender] != 0) revert AuctionActive(msg.sender);
        uint256 cash = cashOf[msg.sender];
        if (amount > cash) revert InsufficientCash(msg.sender, cash, amount);
        cashOf[msg.sender] = cash - amount;
        totalCash -= amount;
        _requireInitial(msg.sender);
        quote.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /// @inheritdoc IOptionsVenue
    function createSeries(bool isCall, uint256 strike, uint256 expiry) external returns (uint256 seriesId) {
        if (strike == 0 || strike > Black76.MAX_PRICE || expiry <= block.timestamp
            || expiry > block.timestamp + MAX_EXPIRY_HORIZON) revert InvalidSeries(strike, expiry, block.timestamp);
        bytes32 key = keccak256(abi.encode(isCall, strike, expiry));
        seriesId = _seriesByKey[key];
        if (seriesId != 0) return seriesId;
        seriesId = ++seriesCount;
        _seriesByKey[key] = seriesId;
        OptionSeries storage s = _series[seriesId];
        s.isCall = isCall;
        s.expiry = expiry.toUint64();
        s.strike = strike.toUint128();
        emit SeriesCreated(seriesId, isCall, strike, expiry);
    }

    /// @inheritdoc IOptionsVenue
    function write(uint256 seriesId, uint256 amount, address longRecipient) external nonReentrant {
        OptionSeries storage s = _existing(seriesId);
        if (block.timestamp >= s.expiry) revert SeriesExpired(seriesId, s.expiry);
        if (amount == 0) revert ZeroAmount();
        if (longRecipient == address(0)) revert ZeroAddress();
        if (_auctionStart[msg.sender] != 0) revert AuctionActive(msg.sender);
        _addShort(msg.sender, seriesId, amount);
        _long[longRecipient][seriesId] += amount;
        s.totalShort += amount.toUint128();
        s.unsettledShort += amount.toUint128();
        s.longOutstanding += amount;
        _requireInitial(msg.sender);
        emit Written(msg.sender, seriesId, amount, longRecipient);
    }

    /// @inheritdoc IOptionsVenue
    function closeShort(uint256 seriesId, uint256 amount) external nonReentrant {
        OptionSeries storage s = _existing(seriesId);
        if (s.settlementPrice != 0) revert SeriesAlreadySettled(seriesId);
        if (amount == 0) revert ZeroAmount();
        uint256 longBalance = _long[msg.sender][seriesId];
        if (longBalance < amount) revert InsufficientLong(msg.sender, seriesId, longBalance, amount);
        _long[msg.sender][seriesId] = longBalance - amount;
        _removeShort(msg.sender, seriesId, amount);
        s.totalShort -= amount.toUint128();
        s.unsettledShort -= amount.toUint128();
        s.longOutstanding -= amount;
        emit ShortClosed(msg.sender, seriesId, amount);
    }

    /// @inheritdoc IOptionsVenue
    function transferLong(uint256 seriesId, address to, uint256 amount) external {
        _existing(seriesId);
        if (to == address(0)) revert ZeroAddress();
        uint256 balance = _long[msg.sender][seriesId];
        if (balance < amount) revert InsufficientLong(msg.sender, seriesId, balance, amount);
        _long[msg.sender][seriesId] = balance - amount;
        _long[to][seriesId] += amount;
        emit LongTransferred(seriesId, msg.sender, to, amount);
    }

    /* LIQUIDATION */

    /// @inheritdoc IOptionsVenue
    function startAuction(address account) external {
        if (_auctionStart[account] != 0) revert AuctionActive(account);
        MarginState memory m = _margin(account);
        if (m.cash >= m.maintenance) revert AccountHealthy(account, m.cash, m.maintenance);
        _auctionStart[account] = block.timestamp;
        emit AuctionStarted(account, m.cash, m.markValue, m.maintenance);
    }

    /// @inheritdoc IOptionsVenue
    function bid(address account, uint256 fraction, uint256 maxPrice) external nonReentrant {
        uint256 start = _auctionStart[account];
        if (start == 0) revert NoAuction(account);
        if (account == msg.sender) revert SelfBid(account);
        if (fraction == 0 || fraction > OPTION_WAD) revert InvalidFraction(fraction);
        MarginState memory m = _margin(account);
        if (m.cash >= m.maintenance) revert AccountHealthy(account, m.cash, m.maintenance);
        bool insolvent = m.cash <= m.markValue;
        uint256 price;
        uint256 fee;
        uint256 fundPaid;
        if (!insolvent) {
            (fraction, price, fee) = _solventBid(account, m, start, fraction, maxPrice);
        } else {
            fundPaid = _insolventBid(account, m, start, fraction);
        }
        _moveShorts(account, msg.sender, fraction);
        MarginState memory after_ = _margin(msg.sender);
        if (after_.cash < after_.maintenance) {
            revert BelowMaintenanceMargin(msg.sender, after_.cash, after_.maintenance);
        }
        emit AuctionBid(account, msg.sender, fraction, price, fee, fundPaid, insolvent);
        if (_positions[account].length == 0) {
            _endAuction(account);
        } else if (!insolvent) {
            // The capped bid restored the account (OPT-04): the auction ends, so that its clock cannot go stale (OPT-02).
            MarginState memory rest = _margin(account);
            if (rest.cash >= rest.maintenance) _endAuction(account);
        }
    }

    /// @dev A solvent bid: the caller pays `fraction x equity x bid%` (10% of it to the fund) for that share of the cash
    /// and shorts. The fraction is capped at the share that restores maintenance (Lyra v2's max proportion, OPT-04).
    /// A solvent auction past the end of its curve is stale (nobody bid at any price, or the account recovered and
    /// nobody ended it): the bid restarts it at the top of the curve (OPT-02). Returns the fraction taken.
    function _solventBid(address account, MarginState memory m, uint256 start, uint256 fraction, uint256 maxPrice)
        internal
        returns (uint256 taken, uint256 price, uint256 fee)
    {
        AuctionParams memory a = _auctionParams;
        uint256 elapsed = block.timestamp - start;
        if (elapsed >= uint256(a.fastDuration) + a.slowDuration) {
            _auctionStart[account] = block.timestamp;
            elapsed = 0;
            emit AuctionStarted(account, m.cash, m.markValue, m.maintenance);
        }
        uint256 bidBps = OptionMarginLib.solventBidBps(elapsed, a);
        taken = Math.min(
            fraction,
            OptionMarginLib.maxSolventFraction(m.cash, m.markValue, m.maintenance, bidBps, a.liquidationFeeBps)
        );
        price = Math.mulDiv(m.cash - m.markValue, taken * bidBps, OPTION_WAD * OPTION_BPS, Math.Rounding.Ceil);
        if (price > maxPrice) revert BidAboveMax(price, maxPrice);
        fee = Math.mulDiv(price, a.liquidationFeeBps, OPTION_BPS, Math.Rounding.Ceil);
        _paySolventBid(account, m.cash, taken, price, fee);
    }

    /// @dev The bidder pays `price` for `fraction` of the account's cash (rounded down); `fee` of it goes to the fund.
    function _paySolventBid(address account, uint256 cash, uint256 fraction, uint256 price, uint256 fee) internal {
        uint256 cashTaken = Math.mulDiv(cash, fraction, OPTION_WAD);
        uint256 bidderCash = cashOf[msg.sender];
        if (bidderCash < price) revert InsufficientCash(msg.sender, bidderCash, price);
        cashOf[msg.sender] = bidderCash - price + cashTaken;
        cashOf[account] = cash - cashTaken + price - fee;
        totalCash -= fee;
        insuranceFund += fee;
    }

    /// @dev An insolvent bid: the fund pays the caller `fraction x (deficit + buffer x progress)` with that share of
    /// the cash and shorts.
    function _insolventBid(address account, MarginState memory m, uint256 start, uint256 fraction)
        internal
        returns (uint256 fundPaid)
    {
        uint256 progress = OptionMarginLib.insolventProgress(block.timestamp - start, _auctionParams);
        uint256 owed = m.markValue - m.cash + Math.mulDiv(m.maintenance - m.markValue, progress, OPTION_WAD);
        fundPaid = Math.mulDiv(owed, fraction, OPTION_WAD);
        if (fundPaid > insuranceFund) revert InsuranceFundInsufficient(fundPaid, insuranceFund);
        uint256 cashTaken = Math.mulDiv(m.cash, fraction, OPTION_WAD);
        insuranceFund -= fundPaid;
        totalCash += fundPaid;
        cashOf[msg.sender] += cashTaken + fundPaid;
        cashOf[account] = m.cash - cashTaken;
    }

    /// @inheritdoc IOptionsVenue
    function endAuction(address account) external {
        if (_auctionStart[account] == 0) revert NoAuction(account);
        if (_positions[account].length != 0) {
            MarginState memory m = _margin(account);
            if (m.cash < m.maintenance) revert BelowMaintenanceMargin(account, m.cash, m.maintenance);
        }
        _endAuction(account);
    }

    /* SETTLEMENT */

    /// @inheritdoc IOptionsVenue
    function settleSeries(uint256 seriesId) external {
        OptionSeries storage s = _settleable(seriesId);
        (uint80 roundId,,,,) = feed.latestRoundData();
        // Walk back to the first round visible at or after expiry (OPT-03): the caller's timing cannot choose it.
        for (uint256 steps; roundId > 1 && _atOrAfter(roundId - 1, s.expiry); ++steps) {
            if (steps == MAX_SETTLEMENT_LOOKBACK) revert SettlementRoundTooOld(seriesId, roundId);
            --roundId;
        }
        _settle(seriesId, s, roundId);
    }

    /// @inheritdoc IOptionsVenue
    function settleSeriesAt(uint256 seriesId, uint80 roundId) external {
        OptionSeries storage s = _settleable(seriesId);
        if (roundId > 1 && _atOrAfter(roundId - 1, s.expiry)) revert NotFirstRoundAfterExpiry(seriesId, roundId);
        _settle(seriesId, s, roundId);
    }

    /// @inheritdoc IOptionsVenue
    function settleShort(address account, uint256 seriesId) external nonReentrant {
        OptionSeries storage s = _existing(seriesId);
        if (s.settlementPrice == 0) revert SeriesNotSettled(seriesId);
        uint256 amount = _short[account][seriesId];
        if (amount == 0) revert NothingToSettle(account, seriesId);
        uint256 charged = _toQuoteUp(
            Math.mulDiv(amount, _payoff(s.isCall, s.strike, s.settlementPrice), OPTION_WAD, Math.Rounding.Ceil)
        );
        uint256 cash = cashOf[account];
        uint256 fromCash = charged < cash ? charged : cash;
        uint256 remaining = charged - fromCash;
        uint256 fromFund = remaining < insuranceFund ? remaining : insuranceFund;
        uint256 badDebt = remaining - fromFund;
        cashOf[account] = cash - fromCash;
        totalCash -= fromCash;
        insuranceFund -= fromFund;
        s.payoutPool += fromCash + fromFund;
        totalPayoutPools += fromCash + fromFund;
        s.badDebt += badDebt;
        totalBadDebt += badDebt;
        _removeShort(account, seriesId, amount);
        s.unsettledShort -= amount.toUint128();
        emit ShortSettled(account, seriesId, charged, fromFund, badDebt);
        if (_auctionStart[account] != 0 && _positions[account].length == 0) _endAuction(account);
    }

    /// @inheritdoc IOptionsVenue
    function redeem(uint256 seriesId) external nonReentrant {
        OptionSeries storage s = _existing(seriesId);
        if (s.settlementPrice == 0) revert SeriesNotSettled(seriesId);
        if (s.unsettledShort != 0) revert ShortsUnsettled(seriesId, s.unsettledShort);
        uint256 amount = _long[msg.sender][seriesId];
        if (amount == 0) revert InsufficientLong(msg.sender, seriesId, 0, 1);
        uint256 payout = Math.mulDiv(s.payoutPool, amount, s.longOutstanding);
        _long[msg.sender][seriesId] = 0;
        s.longOutstanding -= amount;
        s.payoutPool -= payout;
        totalPayoutPools -= payout;
        if (payout != 0) quote.safeTransfer(msg.sender, payout);
        emit LongRedeemed(seriesId, msg.sender, amount, payout);
    }

    /* INSURANCE AND ADMIN */

    /// @inheritdoc IOptionsVenue
    function fundInsurance(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        quote.safeTransferFrom(msg.sender, address(this), amount);
        insuranceFund += amount;
        emit InsuranceFunded(msg.sender, amount);
    }

    /// @inheritdoc IOptionsVenue
    function setVol(uint256 vol_) external onlyRole(RISK_ROLE) {
        _setVol(vol_);
    }

    /// @inheritdoc IOptionsVenue
    function setMarginParams(MarginParams calldata params) external onlyRole(RISK_ROLE) {
        _setMarginParams(params);
    }

    /// @inheritdoc IOptionsVenue
    function setAuctionParams(AuctionParams calldata params) external onlyRole(RISK_ROLE) {
        _setAuctionParams(params);
    }

    /* VIEWS */

    /// @inheritdoc IOptionsVenue
    function spot() public view returns (uint256) {
        (, int256 answer,,,) = feed.latestRoundData();
        return _toWadPrice(answer);
    }

    /// @inheritdoc IOptionsVenue
    function mark(uint256 seriesId) external view returns (uint256) {
        OptionSeries storage s = _existing(seriesId);
        return _markAt(s, spot(), vol);
    }

    /// @inheritdoc IOptionsVenue
    function greeks(uint256 seriesId) external view returns (int256 delta, uint256 gamma) {
        OptionSeries storage s = _existing(seriesId);
        uint256 tau = block.timestamp >= s.expiry ? 0 : s.expiry - block.timestamp;
        uint256 price = spot();
        delta = Black76.delta(s.isCall, price, s.strike, vol, tau);
        gamma = Black76.gamma(price, s.strike, vol, tau);
    }

    /// @inheritdoc IOptionsVenue
    function marginState(address account) external view returns (MarginState memory) {
        return _margin(account);
    }

    /// @inheritdoc IOptionsVenue
    function series(uint256 seriesId) external view returns (OptionSeries memory) {
        return _existing(seriesId);
    }

    /// @inheritdoc IOptionsVenue
    function shortOf(address account, uint256 seriesId) external view returns (uint256) {
        return _short[account][seriesId];
    }

    /// @inheritdoc IOptionsVenue
    function longOf(address holder, uint256 seriesId) external view returns (uint256) {
        return _long[holder][seriesId];
    }

    /// @inheritdoc IOptionsVenue
    function positionsOf(address account) external view returns (uint256[] memory) {
        return _positions[account];
    }

    /// @inheritdoc IOptionsVenue
    function auctionStart(address account) external view returns (uint256) {
        return _auctionStart[account];
    }

    function marginParams() external view returns (MarginParams memory) {
        return _marginParams;
    }

    function auctionParams() external view returns (AuctionParams memory) {
        return _auctionParams;
    }

    /* MARGIN */

    /// @dev The margin check. Per expiry, the requirement (mark + buffer, summed over the expiry's shorts) is capped
    /// by the expiry's maximum loss (Lyra v2): Σ strikes of its puts when it holds no call (unbounded otherwise).
    /// With the scenario grid on, each requirement is at least the worst liability over spot ± shock x vol
    /// {vol, shocked vol}. Expired, unsettled positions require their payoff at the visible spot plus the buffers
    /// (the settlement price is still unknown); settled ones exactly their payoff at the settlement price.
    function _margin(address account) internal view returns (MarginState memory m) {
        m.cash = cashOf[account];
        uint256[] storage ids = _positions[account];
        uint256 n = ids.length;
        if (n == 0) return m;
        uint256 s = spot();
        MarginParams memory p = _marginParams;
        ExpiryGroup[] memory groups = new ExpiryGroup[](n);
        uint256 groupCount;
        uint256 markWad;
        for (uint256 i; i < n; ++i) {
            OptionSeries storage os = _series[ids[i]];
            uint256 amount = _short[account][ids[i]];
            (uint256 unitMark, uint256 unitMaint, uint256 unitInit) = _unitRequirements(os, s, p);
            markWad += Math.mulDiv(amount, unitMark, OPTION_WAD, Math.Rounding.Ceil);
            uint256 g;
            while (g < groupCount && groups[g].expiry != os.expiry) ++g;
            if (g == groupCount) {
                groups[g].expiry = os.expiry;
                ++groupCount;
            }
            ExpiryGroup memory group = groups[g];
            group.maintenance += Math.mulDiv(amount, unitMaint, OPTION_WAD, Math.Rounding.Ceil);
            group.initial += Math.mulDiv(amount, unitInit, OPTION_WAD, Math.Rounding.Ceil);
            if (os.isCall) group.maxLoss = type(uint256).max;
            else if (group.maxLoss != type(uint256).max) {
                group.maxLoss += Math.mulDiv(amount, os.strike, OPTION_WAD, Math.Rounding.Ceil);
            }
        }
        uint256 maintWad;
        uint256 initWad;
        for (uint256 g; g < groupCount; ++g) {
            maintWad += Math.min(groups[g].maintenance, groups[g].maxLoss);
            initWad += Math.min(groups[g].initial, groups[g].maxLoss);
        }
        if (p.scenarioSpotShockBps != 0) {
            uint256 worst = _worstScenario(account, ids, s, p);
            if (worst > maintWad) maintWad = worst;
            if (worst > initWad) initWad = worst;
        }
        m.markValue = _toQuoteUp(markWad);
        m.maintenance = _toQuoteUp(maintWad);
        m.initial = _toQuoteUp(initWad);
    }

    /// @dev Per-unit mark, maintenance and initial requirement (WAD) of a short in `os` at spot `s`.
    function _unitRequirements(OptionSeries storage os, uint256 s, MarginParams memory p)
        internal
        view
        returns (uint256 unitMark, uint256 unitMaint, uint256 unitInit)
    {
        if (block.timestamp < os.expiry) {
            unitMark = _markAt(os, s, vol);
        } else {
            uint256 settlement = os.settlementPrice;
            if (settlement != 0) {
                unitMark = _payoff(os.isCall, os.strike, settlement);
                return (unitMark, unitMark, unitMark);
            }
            // Expired but unsettled: the mark is the payoff at the visible spot, but the settlement price is not
            // known yet (a later answer of the lagged feed sets it), so the buffers stay until settlement (OPT-01).
            unitMark = _payoff(os.isCall, os.strike, s);
        }
        unitMaint = OptionMarginLib.requirementPerUnit(os.isCall, unitMark, s, false, p);
        unitInit = OptionMarginLib.requirementPerUnit(os.isCall, unitMark, s, true, p);
    }

    /// @dev Worst portfolio liability (WAD) over the grid spot x {1 − shock, 1, 1 + shock} x vol x {1, shocked}.
    function _worstScenario(address account, uint256[] storage ids, uint256 s, MarginParams memory p)
        internal
        view
        returns (uint256 worst)
    {
        uint256 shock = Math.mulDiv(s, p.scenarioSpotShockBps, OPTION_BPS);
        for (uint256 k; k < 6; ++k) {
            uint256 spotS = k < 2 ? s - shock : k < 4 ? s : s + shock;
            uint256 liability = _liabilityAt(account, ids, spotS, k % 2 == 1, p);
            if (liability > worst) worst = liability;
        }
    }

    /// @dev Portfolio liability (WAD) at `spotS`, at the venue's vol or (`shocked`) the near-expiry-shocked vol.
    function _liabilityAt(
        address account,
        uint256[] storage ids,
        uint256 spotS,
        bool shocked,
        MarginParams memory p
    ) internal view returns (uint256 liability) {
        uint256 v = vol;
        for (uint256 i; i < ids.length; ++i) {
            uint256 unit = _scenarioUnit(_series[ids[i]], spotS, shocked, v, p);
            liability += Math.mulDiv(_short[account][ids[i]], unit, OPTION_WAD, Math.Rounding.Ceil);
        }
    }

    /// @dev Per-unit liability of `os` at `spotS` and vol `baseVol`, or its near-expiry-shocked value (`shocked`).
    function _scenarioUnit(
        OptionSeries storage os,
        uint256 spotS,
        bool shocked,
        uint256 baseVol,
        MarginParams memory p
    ) internal view returns (uint256) {
        if (block.timestamp >= os.expiry) {
            return _payoff(os.isCall, os.strike, os.settlementPrice != 0 ? os.settlementPrice : spotS);
        }
        uint256 tau = os.expiry - block.timestamp;
        uint256 volS = shocked ? OptionMarginLib.shockedVol(baseVol, tau, p) : baseVol;
        return Black76.priceUp(os.isCall, spotS, os.strike, volS, tau);
    }

    /* SETTLEMENT PRICE */

    function _settleable(uint256 seriesId) internal view returns (OptionSeries storage s) {
        s = _existing(seriesId);
        if (block.timestamp < s.expiry) revert SeriesNotExpired(seriesId, s.expiry, block.timestamp);
        if (s.settlementPrice != 0) revert SeriesAlreadySettled(seriesId);
    }

    /// @dev Records round `roundId`'s answer as the settlement price; it must have become visible at or after expiry.
    function _settle(uint256 seriesId, OptionSeries storage s, uint80 roundId) internal {
        (, int256 answer,, uint256 updatedAt,) = feed.getRoundData(roundId);
        if (updatedAt < s.expiry) revert NoSettlementPrice(seriesId, updatedAt, s.expiry);
        uint256 price = _toWadPrice(answer);
        s.settlementPrice = price.toUint128();
        emit SeriesSettled(seriesId, price);
    }

    /// @dev Whether round `roundId` is readable and became visible at or after `expiry`. A round the feed does not
    /// keep (a feed without history, or before its first round) reads as "before": the settlement then uses the
    /// earliest round the feed can show, so the guarantee needs a feed that keeps its rounds (`LaggedPriceFeed`).
    function _atOrAfter(uint80 roundId, uint256 expiry) internal view returns (bool) {
        try feed.getRoundData(roundId) returns (uint80, int256, uint256, uint256 updatedAt, uint80) {
            return updatedAt >= expiry;
        } catch {
            return false;
        }
    }

    function _requireInitial(address account) internal view {
        MarginState memory m = _margin(account);
        if (m.cash < m.initial) revert BelowInitialMargin(account, m.cash, m.initial);
    }

    function _markAt(OptionSeries storage os, uint256 s, uint256 v) internal view returns (uint256) {
        uint256 tau = block.timestamp >= os.expiry ? 0 : os.expiry - block.timestamp;
        return Black76.priceUp(os.isCall, s, os.strike, v, tau);
    }

    function _payoff(bool isCall, uint256 strike, uint256 price) internal pure returns (uint256) {
        if (isCall) return price > strike ? price - strike : 0;
        return strike > price ? strike - price : 0;
    }

    /* POSITIONS */

    function _addShort(address account, uint256 seriesId, uint256 amount) internal {
        if (_positionSlot[account][seriesId] == 0) {
            if (_positions[account].length == MAX_POSITIONS) revert TooManyPositions(account, MAX_POSITIONS);
            _positions[account].push(seriesId);
            _positionSlot[account][seriesId] = _positions[account].length;
        }
        _short[account][seriesId] += amount;
    }

    function _removeShort(address account, uint256 seriesId, uint256 amount) internal {
        uint256 balance = _short[account][seriesId];
        if (balance < amount) revert InsufficientShort(account, seriesId, balance, amount);
        _short[account][seriesId] = balance - amount;
        if (balance == amount) {
            uint256[] storage ids = _positions[account];
            uint256 slot = _positionSlot[account][seriesId];
            uint256 last = ids[ids.length - 1];
            ids[slot - 1] = last;
            _positionSlot[account][last] = slot;
            ids.pop();
            delete _positionSlot[account][seriesId];
        }
    }

    /// @dev Moves `fraction` of each of `from`'s shorts to `to`, rounding the amount moved up (the bidder takes at
    /// least its share of the liability).
    function _moveShorts(address from, address to, uint256 fraction) internal {
        uint256[] memory ids = _positions[from];
        for (uint256 i; i < ids.length; ++i) {
            uint256 balance = _short[from][ids[i]];
            uint256 moved = Math.mulDiv(balance, fraction, OPTION_WAD, Math.Rounding.Ceil);
            _removeShort(from, ids[i], moved);
            _addShort(to, ids[i], moved);
        }
    }

    function _endAuction(address account) internal {
        delete _auctionStart[account];
        emit AuctionEnded(account);
    }

    /* HELPERS */

    function _existing(uint256 seriesId) internal view returns (OptionSeries storage s) {
        if (seriesId == 0 || seriesId > seriesCount) revert UnknownSeries(seriesId);
        return _series[seriesId];
    }

    function _toWadPrice(int256 answer) internal view returns (uint256) {
        if (answer <= 0) revert InvalidFeedAnswer(answer);
        return uint256(answer) * _feedScale;
    }

    function _toQuoteUp(uint256 wadValue) internal view returns (uint256) {
        return Math.ceilDiv(wadValue, _quoteScale);
    }

    function _setVol(uint256 vol_) internal {
        if (vol_ > MAX_VOL) revert ParamOutOfBounds(vol_, MAX_VOL);
        vol = vol_;
        emit VolUpdated(vol_);
    }

    function _setMarginParams(MarginParams memory p) internal {
        if (p.callSpotBps > MAX_MARGIN_BPS) revert ParamOutOfBounds(p.callSpotBps, MAX_MARGIN_BPS);
        if (p.putSpotBps > MAX_MARGIN_BPS) revert ParamOutOfBounds(p.putSpotBps, MAX_MARGIN_BPS);
        if (p.putMtmBps > MAX_MARGIN_BPS) revert ParamOutOfBounds(p.putMtmBps, MAX_MARGIN_BPS);
        if (p.initialBufferBps < OPTION_BPS || p.initialBufferBps > MAX_INITIAL_BUFFER_BPS) {
            revert ParamOutOfBounds(p.initialBufferBps, MAX_INITIAL_BUFFER_BPS);
        }
        if (p.scenarioSpotShockBps > MAX_MARGIN_BPS) revert ParamOutOfBounds(p.scenarioSpotShockBps, MAX_MARGIN_BPS);
        if (p.scenarioVolShockBps > MAX_VOL_SHOCK_BPS) revert ParamOutOfBounds(p.scenarioVolShockBps, MAX_VOL_SHOCK_BPS);
        if (p.scenarioMaxVolScale < OPTION_WAD || p.scenarioMaxVolScale > MAX_VOL_SCALE) {
            revert ParamOutOfBounds(p.scenarioMaxVolScale, MAX_VOL_SCALE);
        }
        if (p.scenarioReferenceTau > MAX_EXPIRY_HORIZON) {
            revert ParamOutOfBounds(p.scenarioReferenceTau, MAX_EXPIRY_HORIZON);
        }
        _marginParams = p;
        emit MarginParamsUpdated(p);
    }

    function _setAuctionParams(AuctionParams memory a) internal {
        if (a.fastStartBps > OPTION_BPS) revert ParamOutOfBounds(a.fastStartBps, OPTION_BPS);
        if (a.fastEndBps > a.fastStartBps) revert ParamOutOfBounds(a.fastEndBps, a.fastStartBps);
        if (a.fastDuration == 0 || a.fastDuration > MAX_AUCTION_DURATION) {
            revert ParamOutOfBounds(a.fastDuration, MAX_AUCTION_DURATION);
        }
        if (a.slowDuration == 0 || a.slowDuration > MAX_AUCTION_DURATION) {
            revert ParamOutOfBounds(a.slowDuration, MAX_AUCTION_DURATION);
        }
        if (a.liquidationFeeBps > MAX_MARGIN_BPS) revert ParamOutOfBounds(a.liquidationFeeBps, MAX_MARGIN_BPS);
        _auctionParams = a;
        emit AuctionParamsUpdated(a);
    }
}
