/**
 * The severities a user may give a rule in `resolute.rules`. Pure data: no VS Code import, so the
 * unit tests and the manifest check can load it under plain Node. The rule codes themselves are
 * in package.json, generated from the server's rule registry (tests/rules_reference.rs).
 */

export const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
