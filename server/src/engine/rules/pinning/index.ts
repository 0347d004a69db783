import type { Rule } from '../../types';
import { projectPinningIneffective, projectPinningMissingAndroid, projectPinningMissingFlutter, projectPinningMissingIos, projectPinningMissingRn, projectPinningPartial } from './projectPinning';

/** Rules of the pinning area; each lives in its own file in this folder. */
export const pinningRules: Rule[] = [projectPinningMissingAndroid, projectPinningMissingIos, projectPinningMissingRn, projectPinningMissingFlutter, projectPinningPartial, projectPinningIneffective];
