// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title AuraPassport: one soulbound identity passport per address.
contract AuraPassport is ERC721, AccessControl {
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    error Soulbound(uint256 tokenId);
    error AlreadyHasPassport(address holder);

    uint256 private _nextTokenId = 1;

    constructor(address admin) ERC721("Aura Passport", "AURAP") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ISSUER_ROLE, admin);
    }

    function issue(address to) external onlyRole(ISSUER_ROLE) returns (uint256 tokenId) {
        if (balanceOf(to) > 0) revert AlreadyHasPassport(to);
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
    }

    function totalIssued() external view returns (uint256) {
        return _nextTokenId - 1;
    }

    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert Soulbound(tokenId);
        return super._update(to, tokenId, auth);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
