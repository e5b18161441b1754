// Types for scripts/electronegativity-suppressions.mjs.
export const SUPPRESSIONS: { check: string; file: string; match: string; justification: string }[];
