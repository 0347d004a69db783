// Node helpers moved down to parse/nodes.ts so the flow layer can use them too.
export * from '../../parse/nodes';
