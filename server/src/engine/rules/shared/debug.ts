// Debug-only guards moved down to the value-flow layer (flow/guards.ts), which answers them for any node.
export { DEBUG_FLAG, inIfDebugDirective, isDebugOnly } from '../../flow/guards';
