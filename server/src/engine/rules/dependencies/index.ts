import type { Rule } from '../../types';
import { depKnownVulnerable } from './depKnownVulnerable';
import { depSecurityFloor } from './depSecurityFloor';
import { depUnpinnedVersion } from './depUnpinnedVersion';
import { gradleInsecureRepository } from './gradleInsecureRepository';
import { platformTargetOutdated } from './platformTargetOutdated';

/** Rules of the dependencies area; each lives in its own file in this folder. */
export const dependenciesRules: Rule[] = [depKnownVulnerable, depSecurityFloor, depUnpinnedVersion, gradleInsecureRepository, platformTargetOutdated];
