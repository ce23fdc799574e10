// Typed access to the compiled artifacts in ../generated (written by scripts/build.cjs, never by hand).
import auraBadge from '../generated/AuraBadge.json';
import auraPassport from '../generated/AuraPassport.json';
import noisyToken from '../generated/NoisyToken.json';

export interface ContractArtifact {
  contractName: string;
  abi: readonly Record<string, unknown>[];
  bytecode: string;
}

export const AURA_BADGE: ContractArtifact = auraBadge;
export const AURA_PASSPORT: ContractArtifact = auraPassport;

/** Test-only: emits non-ERC-721 logs (an ERC-20-style Transfer and another event). */
export const NOISY_TOKEN: ContractArtifact = noisyToken;
