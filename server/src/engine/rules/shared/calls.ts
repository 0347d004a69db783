// The call shape moved down to the value-flow layer (flow/calls.ts), which rules build on; kept here so rules import one place.
export * from '../../flow/calls';
