// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ILiquidationGuard} from "../interfaces/ILiquidationGuard.sol";
import {
    ICircuitBreaker, BreakerConfig, IPausableMarket, IStoppableAuction
} from "../interfaces/ICircuitBreaker.sol";
import {MathLib, BPS} from "../libraries/MathLib.sol";

/// @title CircuitBreaker
/// @notice Trips on a fast oracle move or a surge of liquidations; pauses borrows, throttles liquidations, halts
/// auction kicks or halts everything; lifts its effects after a cooldown.
/// @dev Price trigger: each watched feed keeps a ring of its last `RING_SIZE` distinct answers (by `updatedAt`);
/// a new answer is compared with every recorded answer at most `priceWindow` seconds older. More than `RING_SIZE`
/// answers inside one window push the oldest out (the window is then shorter than configured).
/// Volume trigger: the market reports each liquidation's debt through `onLiquidation`; volume is kept in two
/// fixed windows and estimated as a sliding window (previous x share still inside + current), the cheap estimate
/// rate limiters use. Bytecode, storage and gas figures are in docs/risk-controls.md.
contract CircuitBreaker is ICircuitBreaker, AccessControl {
    using MathLib for uint256;

    /* CONSTANTS */

    /// @notice Trips and resets by hand.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice The market's pause switches (LendingPool's constants).
    bytes32 public constant PAUSE_BORROW = keccak256("BORROW");
    bytes32 public constant PAUSE_WITHDRAW_COLLATERAL = keccak256("WITHDRAW_COLLATERAL");
    bytes32 public constant PAUSE_LIQUIDATE = keccak256("LIQUIDATE");

    /// @notice Effects (bitmask of `BreakerConfig.effects`).
    uint8 public constant EFFECT_PAUSE_BORROW = 1;
    uint8 public constant EFFECT_THROTTLE_LIQUIDATIONS = 2;
    /// @dev Auction stop level 1: no new kicks; auctions in flight go on (takes, resets). Auction-wide.
    uint8 public constant EFFECT_HALT_KICKS = 4;
    /// @dev Market: borrow, collateral withdrawal and liquidation (both mechanisms) paused; auction stop level 3.
    uint8 public constant EFFECT_FULL_HALT = 8;
    uint8 public constant MAX_EFFECTS = 15;

    uint8 public constant REASON_PRICE = 1;
    uint8 public constant REASON_VOLUME = 2;
    uint8 public constant REASON_MANUAL = 3;

    uint8 internal constant STOP_KICKS = 1;
    uint8 internal constant STOP_ALL = 3;

    /// @dev Bits of `_trip.switchesSet`: which market pauses this breaker turned on.
    uint8 internal constant SET_BORROW = 1;
    uint8 internal constant SET_WITHDRAW = 2;
    uint8 internal constant SET_LIQUIDATE = 4;

    uint256 public constant MAX_FEEDS = 8;
    uint256 public constant RING_SIZE = 16;
    uint256 public constant MAX_WINDOW = 7 days;
    uint256 public constant MAX_COOLDOWN = 7 days;

    /* STORAGE */

    struct Observation {
        uint64 updatedAt;
        uint192 answer;
    }

    struct FeedState {
        AggregatorV3Interface feed;
        /// @dev Next ring slot to write, and how many slots hold data.
        uint8 next;
        uint8 count;
    }

    /// @dev One slot: the trip and what it changed, so a reset undoes exactly that.
    struct TripState {
        uint64 trippedAt;
        uint64 trippedUntil;
        uint8 switchesSet;
        uint8 stopLevelBefore;
        /// @dev The stop level this breaker set on the auction (0 = it did not touch the auction).
        uint8 stopLevelSet;
        uint8 effects;
    }

    /// @dev One slot: sliding-window volume estimate (two fixed windows).
    struct VolumeState {
        uint112 previous;
        uint112 current;
        uint32 currentStart;
    }

    /// @dev One slot: throttle accounting for the current block.
    struct BlockVolume {
        uint64 blockNumber;
        uint192 volume;
    }

    IPausableMarket public immutable market;
    /// @notice Zero when the market has no auction (EFFECT_HALT_KICKS then refused, FULL_HALT pauses only the market).
    IStoppableAuction public immutable auction;

    BreakerConfig internal _config;
    FeedState[] internal _feeds;
    mapping(uint256 feedIndex => Observation[RING_SIZE]) internal _rings;
    TripState internal _trip;
    VolumeState internal _volume;
    BlockVolume internal _block;

    constructor(
        address admin,
        IPausableMarket market_,
        IStoppableAuction auction_,
        AggregatorV3Interface[] memory feeds_,
        BreakerConfig memory config_
    ) {
        if (admin == address(0) || address(market_) == address(0)) revert ZeroAddress();
        market = market_;
        auction = auction_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
        _setFeeds(feeds_);
        _setConfig(config_);
        _volume.currentStart = uint32(block.timestamp);
    }

    /* ADMINISTRATION */

    function setConfig(BreakerConfig calldata config_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setConfig(config_);
    }

    /// @notice Replaces the watched feeds and forgets their recorded answers.
    function setFeeds(AggregatorV3Interface[] calldata feeds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFeeds(feeds_);
    }

    /* ACTIONS */

    /// @inheritdoc ICircuitBreaker
    function poke() external returns (bool) {
        TripState memory t = _trip;
        if (t.trippedAt != 0 && block.timestamp >= t.trippedUntil) _reset(false);
        uint256 move = _observe();
        if (_trip.trippedAt == 0) {
            BreakerConfig memory c = _config;
            if (c.maxPriceMoveBps != 0 && move > c.maxPriceMoveBps) {
                _tripNow(REASON_PRICE, move, c.maxPriceMoveBps);
            } else {
                // Roll first (in memory): past a fixed window's boundary the stored state alone reads 0.
                uint256 volume = _volumeNow(_roll(_volume, c.volumeWindow), c.volumeWindow);
                if (c.maxLiquidationVolume != 0 && volume > c.maxLiquidationVolume) {
                    _tripNow(REASON_VOLUME, volume, c.maxLiquidationVolume);
                }
            }
        }
        return _trip.trippedAt != 0;
    }

    /// @inheritdoc ICircuitBreaker
    function trip() external onlyRole(GUARDIAN_ROLE) {
        if (_trip.trippedAt != 0) revert AlreadyTripped(_trip.trippedUntil);
        _tripNow(REASON_MANUAL, 0, 0);
    }

    /// @inheritdoc ICircuitBreaker
    function reset() external onlyRole(GUARDIAN_ROLE) {
        if (_trip.trippedAt == 0) revert NotTripped();
        _reset(true);
    }

    /* LIQUIDATION GUARD (called by the market on every liquidation) */

    /// @inheritdoc ILiquidationGuard
    /// @dev Hot path. Untripped: one read of the config's effects/volume slot, one read-modify-write of the volume
    /// slot. Tripped with the throttle: one more slot for the block's volume.
    function onLiquidation(address, address, uint256 debt, uint8) external {
        if (msg.sender != address(market)) revert NotMarket(msg.sender);
        TripState memory t = _trip;
        if (t.trippedAt != 0 && block.timestamp >= t.trippedUntil) {
            _reset(false);
            t.trippedAt = 0;
        }
        if (t.trippedAt != 0 && t.effects & EFFECT_THROTTLE_LIQUIDATIONS != 0) _throttle(debt);

        uint32 window = _config.volumeWindow;
        VolumeState memory v = _roll(_volume, window);
        uint256 current = uint256(v.current) + debt;
        v.current = current > type(uint112).max ? type(uint112).max : uint112(current);
        _volume = v;

        uint256 limit = _config.maxLiquidationVolume;
        if (t.trippedAt == 0 && limit != 0) {
            uint256 volume = _volumeNow(v, window);
            if (volume > limit) _tripNow(REASON_VOLUME, volume, limit);
        }
    }

    function _throttle(uint256 debt) internal {
        BlockVolume memory b = _block;
        if (b.blockNumber != block.number) {
            // The first liquidation of a block always passes, whatever its size.
            _block = BlockVolume(uint64(block.number), uint192(debt));
            return;
        }
        uint256 cap = _config.liquidationCapPerBlock;
        if (b.volume + debt > cap) revert LiquidationThrottled(block.number, b.volume, debt, cap);
        _block.volume = uint192(b.volume + debt);
    }

    /* VIEWS */

    function config() external view returns (BreakerConfig memory) {
        return _config;
    }

    function feeds() external view returns (AggregatorV3Interface[] memory list) {
        uint256 n = _feeds.length;
        list = new AggregatorV3Interface[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = _feeds[i].feed;
        }
    }

    function isTripped() external view returns (bool) {
        return _trip.trippedAt != 0;
    }

    function trippedAt() external view returns (uint64) {
        return _trip.trippedAt;
    }

    function trippedUntil() external view returns (uint64) {
        return _trip.trippedUntil;
    }

    /// @notice Which market switches this breaker turned on (bits 1 borrow, 2 withdraw, 4 liquidate) and the auction
    /// stop level it set (0 = none) in the current trip.
    function switchesSet() external view returns (uint8 marketSwitches, uint8 auctionStopLevel) {
        return (_trip.switchesSet, _trip.stopLevelSet);
    }

    function liquidationVolume() external view returns (uint256) {
        uint32 window = _config.volumeWindow;
        return _volumeNow(_roll(_volume, window), window);
    }

    function priceMoveBps() external view returns (uint256 move) {
        uint256 n = _feeds.length;
        for (uint256 i; i < n; ++i) {
            FeedState memory f = _feeds[i];
            if (f.count == 0) continue;
            Observation memory newest = _rings[i][(f.next + RING_SIZE - 1) % RING_SIZE];
            uint256 m = _maxMove(i, f, newest, 1);
            if (m > move) move = m;
        }
    }

    /* PRICE TRIGGER */

    /// @dev Records each feed's answer if it is newer than the last recorded one; returns the largest move of a new
    /// answer against the recorded answers within the window (bps, rounded up).
    function _observe() internal returns (uint256 move) {
        uint256 n = _feeds.length;
        for (uint256 i; i < n; ++i) {
            FeedState memory f = _feeds[i];
            (, int256 answer,, uint256 updatedAt,) = f.feed.latestRoundData();
            if (answer <= 0 || uint256(answer) > type(uint192).max) revert InvalidPrice(address(f.feed), answer);
            if (f.count != 0 && updatedAt <= _rings[i][(f.next + RING_SIZE - 1) % RING_SIZE].updatedAt) continue;
            Observation memory o = Observation(uint64(updatedAt), uint192(uint256(answer)));
            uint256 m = _maxMove(i, f, o, 0);
            if (m > move) move = m;
            _rings[i][f.next] = o;
            f.next = uint8((f.next + 1) % RING_SIZE);
            if (f.count < RING_SIZE) ++f.count;
            _feeds[i] = f;
        }
    }

    /// @dev Largest |o - earlier| / earlier over the recorded answers within the window, skipping the `skip` newest.
    function _maxMove(uint256 index, FeedState memory f, Observation memory o, uint256 skip)
        internal
        view
        returns (uint256 move)
    {
        uint256 window = _config.priceWindow;
        for (uint256 k = skip; k < f.count; ++k) {
            Observation memory e = _rings[index][(f.next + RING_SIZE - 1 - k) % RING_SIZE];
            if (o.updatedAt > e.updatedAt + window) break; // older entries are older still
            uint256 diff = o.answer > e.answer ? o.answer - e.answer : e.answer - o.answer;
            uint256 m = diff.mulDivUp(BPS, e.answer);
            if (m > move) move = m;
        }
    }

    /* VOLUME TRIGGER */

    /// @dev Moves the fixed windows forward to now.
    function _roll(VolumeState memory v, uint256 window) internal view returns (VolumeState memory) {
        uint256 elapsed = block.timestamp - v.currentStart;
        if (elapsed < window) return v;
        v.previous = elapsed < 2 * window ? v.current : 0;
        v.current = 0;
        v.currentStart = uint32(block.timestamp - elapsed % window);
        return v;
    }

    /// @dev previous x (share of the previous window still inside the sliding window) + current, rounded down.
    function _volumeNow(VolumeState memory v, uint256 window) internal view returns (uint256) {
        uint256 elapsed = block.timestamp - v.currentStart;
        if (elapsed >= window) return 0; // callers roll first; a stale state holds nothing recent
        return uint256(v.previous).mulDivDown(window - elapsed, window) + v.current;
    }

    /* TRIP AND RESET */

    function _tripNow(uint8 reason, uint256 value, uint256 limit) internal {
        uint8 effects = _config.effects;
        TripState memory t;
        t.trippedAt = uint64(block.timestamp);
        t.trippedUntil = uint64(block.timestamp + _config.cooldown);
        t.effects = effects;
        bool full = effects & EFFECT_FULL_HALT != 0;
        if (full || effects & EFFECT_PAUSE_BORROW != 0) t.switchesSet |= _pause(PAUSE_BORROW, SET_BORROW);
        if (full) {
            t.switchesSet |= _pause(PAUSE_WITHDRAW_COLLATERAL, SET_WITHDRAW);
            t.switchesSet |= _pause(PAUSE_LIQUIDATE, SET_LIQUIDATE);
        }
        uint8 level = full ? STOP_ALL : (effects & EFFECT_HALT_KICKS != 0 ? STOP_KICKS : 0);
        if (level != 0 && address(auction) != address(0)) {
            uint8 before = auction.stopLevel();
            if (before < level) {
                t.stopLevelBefore = before;
                t.stopLevelSet = level;
                auction.setStopLevel(level);
            }
        }
        _trip = t;
        emit Tripped(reason, effects, value, limit, t.trippedUntil);
    }

    function _pause(bytes32 action, uint8 bit) internal returns (uint8) {
        if (market.paused(action)) return 0; // someone else paused it: not ours to lift
        market.setPaused(action, true);
        return bit;
    }

    /// @dev Lifts only what this trip switched on, and only if it is still as the trip left it. Forgets recorded
    /// prices and volume, so the move or surge that caused the trip does not trip the breaker again at once.
    function _reset(bool manual) internal {
        TripState memory t = _trip;
        delete _trip;
        if (t.switchesSet & SET_BORROW != 0) _unpause(PAUSE_BORROW);
        if (t.switchesSet & SET_WITHDRAW != 0) _unpause(PAUSE_WITHDRAW_COLLATERAL);
        if (t.switchesSet & SET_LIQUIDATE != 0) _unpause(PAUSE_LIQUIDATE);
        if (t.stopLevelSet != 0 && auction.stopLevel() == t.stopLevelSet) auction.setStopLevel(t.stopLevelBefore);
        _clearObservations();
        _volume = VolumeState(0, 0, uint32(block.timestamp));
        emit Reset(manual, msg.sender);
    }

    function _unpause(bytes32 action) internal {
        if (market.paused(action)) market.setPaused(action, false);
    }

    /* PARAMETER CHECKS */

    function _setConfig(BreakerConfig memory c) internal {
        if (
            c.maxPriceMoveBps > BPS || c.priceWindow == 0 || c.priceWindow > MAX_WINDOW || c.volumeWindow == 0
                || c.volumeWindow > MAX_WINDOW || c.cooldown > MAX_COOLDOWN || c.effects > MAX_EFFECTS
        ) revert InvalidConfig(c.maxPriceMoveBps, c.priceWindow, c.volumeWindow, c.cooldown, c.effects);
        if (c.effects & EFFECT_HALT_KICKS != 0 && address(auction) == address(0)) revert NoAuction();
        // A new window length re-bases the volume windows (the old buckets would mean something else).
        if (c.volumeWindow != _config.volumeWindow) _volume = VolumeState(0, 0, uint32(block.timestamp));
        _config = c;
        emit ConfigUpdated(c);
    }

    function _setFeeds(AggregatorV3Interface[] memory list) internal {
        if (list.length > MAX_FEEDS) revert TooManyFeeds(list.length, MAX_FEEDS);
        delete _feeds;
        for (uint256 i; i < list.length; ++i) {
            if (address(list[i]) == address(0)) revert ZeroAddress();
            _feeds.push(FeedState(list[i], 0, 0));
        }
        emit FeedsUpdated(list);
    }

    function _clearObservations() internal {
        uint256 n = _feeds.length;
        for (uint256 i; i < n; ++i) {
            _feeds[i].next = 0;
            _feeds[i].count = 0;
        }
    }
}
