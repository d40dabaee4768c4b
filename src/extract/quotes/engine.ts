/**
 * The short engine every quotation rule list runs on: rules are tried in order and the first one
 * that decides wins. A rule that does not apply returns null and passes the case on.
 */
export interface Rule<In, Out> {
  /** Names the rule in tests and in the evaluation's counts. */
  name: string;
  apply(input: In): Out | null;
}

export interface Decision<Out> {
  rule: string;
  out: Out;
}

export function firstDecision<In, Out>(rules: readonly Rule<In, Out>[], input: In): Decision<Out> | null {
  for (const rule of rules) {
    const out = rule.apply(input);
    if (out !== null) return { rule: rule.name, out };
  }
  return null;
}
