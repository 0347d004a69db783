import type { Rule } from '../../types';
import { secretKnownFormat } from './secretKnownFormat';
import { secretCredentialLiteral } from './secretCredentialLiteral';
import { rnEnvSecretInBundle } from './rnEnvSecretInBundle';
import { credentialInUrlQuery } from './credentialInUrlQuery';
import { hardcodedCredentialAuth } from './hardcodedCredentialAuth';

/** Rules of the secrets area; each lives in its own file in this folder. */
export const secretsRules: Rule[] = [secretKnownFormat, secretCredentialLiteral, rnEnvSecretInBundle, credentialInUrlQuery, hardcodedCredentialAuth];
