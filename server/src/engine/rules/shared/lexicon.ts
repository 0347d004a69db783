// The sensitive-name lexicon moved down to the value-flow layer (flow/lexicon.ts), its weakest source of facts.
export * from '../../flow/lexicon';
