// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Soulbound721} from "./Soulbound721.sol";

/// @title AuraBadge: a soulbound achievement badge.
/// @notice Minted by a minter, never transferable between holders, revocable (burned) by a minter.
contract AuraBadge is Soulbound721 {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    constructor(address admin) Soulbound721("Aura Badge", "AURAB") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    function mint(address to) external onlyRole(MINTER_ROLE) returns (uint256) {
        return _mintNext(to);
    }

    /// Revocation: the minter burns a badge it issued.
    function revoke(uint256 tokenId) external onlyRole(MINTER_ROLE) {
        _burn(tokenId);
    }

    function totalMinted() external view returns (uint256) {
        return _mintedCount();
    }
}
