import type { Rule } from '../../types';
import { weakHash } from './weakHash';
import { weakCipherOrMode } from './weakCipher';
import { staticIvOrHardcodedKey } from './staticIv';
import { weakAsymmetricCrypto } from './weakAsymmetric';
import { insecureRandomForSecrets } from './insecureRandom';
import { passwordHashFast } from './passwordHashFast';
import { kdfWeakParameters } from './kdfWeakParameters';

/** Rules of the crypto area; each lives in its own file in this folder. */
export const cryptoRules: Rule[] = [weakHash, weakCipherOrMode, staticIvOrHardcodedKey, weakAsymmetricCrypto, insecureRandomForSecrets, passwordHashFast, kdfWeakParameters];
