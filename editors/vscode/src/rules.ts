/**
 * The rule codes the Resolute server reports (diagnostic `code`, `source: "resolute"`) and the
 * severities a user may give them in `resolute.rules`. Pure data: no VS Code import, so the unit
 * tests and the manifest check can load it under plain Node.
 */

export const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_DESCRIPTIONS: Record<Severity, string> = {
  off: 'Do not check this rule.',
  error: 'Report as an error.',
  warning: 'Report as a warning.',
  information: 'Report as information.',
  hint: 'Report as a hint (shown faintly, not listed in the Problems panel by default).',
};

export interface RuleInfo {
  code: string;
  group: 'footnotes' | 'ibid' | 'numbering' | 'openings' | 'punctuation';
  description: string;
}

export const RULES: readonly RuleInfo[] = [
  { code: 'footnote-sequence', group: 'footnotes', description: 'Footnote numbers must first appear in the text in order: 1, 2, 3, …' },
  { code: 'footnote-undefined', group: 'footnotes', description: 'A footnote marker has no footnote body.' },
  { code: 'footnote-unreferenced', group: 'footnotes', description: 'A footnote body is never cited in the text.' },
  { code: 'footnote-duplicate-definition', group: 'footnotes', description: 'Two footnote bodies carry the same number.' },
  { code: 'footnote-body-order', group: 'footnotes', description: 'Footnote bodies are not in ascending order.' },
  { code: 'footnote-repeat-mismatch', group: 'footnotes', description: 'A repeated footnote marker follows a different instrument than at its first use.' },
  { code: 'ibid-without-antecedent', group: 'ibid', description: '“Ibid.” in the first footnote, which has no note before it.' },
  { code: 'ibid-ambiguous', group: 'ibid', description: '“Ibid.” after a note that cites two or more sources, or only gives examples.' },
  { code: 'ibid-incompatible', group: 'ibid', description: 'The locator after “Ibid.” cannot belong to the preceding note’s kind of source.' },
  { code: 'operative-numbering', group: 'numbering', description: 'Operative paragraphs must be numbered 1, 2, 3, … without gaps or repeats.' },
  { code: 'subparagraph-sequence', group: 'numbering', description: 'Subparagraphs must run (a), (b), (c), … and (i), (ii), (iii), … in order.' },
  { code: 'preambular-numbered', group: 'numbering', description: 'Preambular paragraphs must not be numbered.' },
  { code: 'paragraph-reference', group: 'numbering', description: 'A reference to a paragraph (“paragraph 5 above”) must point to a paragraph that exists.' },
  { code: 'preambular-opening', group: 'openings', description: 'A preambular paragraph must open with a participle or adjective phrase such as “Recalling” or “Deeply concerned”.' },
  { code: 'operative-opening', group: 'openings', description: 'An operative paragraph must open with a verb in the present tense, such as “Requests” or “Calls upon”.' },
  { code: 'unknown-opening', group: 'openings', description: 'The opening phrase is not one of the known preambular or operative openings.' },
  { code: 'also-without-antecedent', group: 'openings', description: 'An opening with “also” needs an earlier paragraph with the same opening.' },
  { code: 'further-without-also', group: 'openings', description: 'An opening with “further” needs an earlier one with “also”.' },
  { code: 'repeated-opening', group: 'openings', description: 'A repeated opening should take “also” or “further”.' },
  { code: 'opening-not-italic', group: 'openings', description: 'The opening phrase of a paragraph must be in italics.' },
  { code: 'preambular-punctuation', group: 'punctuation', description: 'A preambular paragraph must end with a comma.' },
  { code: 'operative-punctuation', group: 'punctuation', description: 'An operative paragraph must end with a semicolon.' },
  { code: 'final-punctuation', group: 'punctuation', description: 'The last operative paragraph must end with a full stop.' },
  { code: 'subparagraph-punctuation', group: 'punctuation', description: 'Subparagraphs must end with a semicolon (the last one takes the punctuation of its paragraph).' },
];

export const RULE_CODES: readonly string[] = RULES.map((r) => r.code);

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
