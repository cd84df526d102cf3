/**
 * Maps the VS Code settings under `resolute.*` to the settings object the server expects for the
 * section "resolute" (sent as initializationOptions and as the answer to workspace/configuration):
 *
 *   { rules: { "<code>": "off"|"error"|"warning"|"information"|"hint" }, debounceMs: 150,
 *     corpus: { paths: [...], bundled: true }, inlayHints: { ibid: true },
 *     footnotes: { style: "auto"|"repeat-markers"|"new-notes" } }
 *
 * Client-only settings (`resolute.server.*`, `resolute.trace.*`) are not sent. Pure logic.
 */
import { expandPath } from './serverPath';
import { Severity, isSeverity } from './rules';

export const FOOTNOTE_STYLES = ['auto', 'repeat-markers', 'new-notes'] as const;
export type FootnoteStyle = (typeof FOOTNOTE_STYLES)[number];

export const DEFAULT_DEBOUNCE_MS = 150;

export interface ServerSettings {
  rules: Record<string, Severity>;
  debounceMs: number;
  corpus: { paths: string[]; bundled: boolean };
  inlayHints: { ibid: boolean };
  footnotes: { style: FootnoteStyle };
}

/** Reads one setting below `resolute.` (e.g. "corpus.paths"); `vscode.WorkspaceConfiguration` fits. */
export interface ConfigReader {
  get<T>(key: string): T | undefined;
}

export interface MapContext {
  workspaceFolder?: string;
  homeDir?: string;
  platform: NodeJS.Platform;
  /** Receives a note for every value that was ignored. */
  warn?: (message: string) => void;
}

export function toServerSettings(config: ConfigReader, ctx: MapContext): ServerSettings {
  const warn = ctx.warn ?? (() => undefined);

  const rules: Record<string, Severity> = {};
  const rawRules = config.get<unknown>('rules');
  if (rawRules !== undefined && rawRules !== null) {
    if (typeof rawRules !== 'object' || Array.isArray(rawRules)) {
      warn('resolute.rules must be an object mapping rule codes to severities; ignored.');
    } else {
      for (const [code, value] of Object.entries(rawRules as Record<string, unknown>)) {
        if (value === undefined || value === null) continue;
        const sev = typeof value === 'string' ? value.trim().toLowerCase() : value;
        if (isSeverity(sev)) rules[code] = sev;
        else warn(`resolute.rules.${code}: "${String(value)}" is not one of off, error, warning, information, hint; ignored.`);
      }
    }
  }

  let debounceMs = DEFAULT_DEBOUNCE_MS;
  const rawDebounce = config.get<unknown>('debounceMs');
  if (rawDebounce !== undefined && rawDebounce !== null) {
    const n = typeof rawDebounce === 'number' ? rawDebounce : Number(rawDebounce);
    if (Number.isFinite(n) && n >= 0) debounceMs = Math.min(Math.round(n), 10_000);
    else warn(`resolute.debounceMs: "${String(rawDebounce)}" is not a non-negative number; using ${DEFAULT_DEBOUNCE_MS}.`);
  }

  const paths: string[] = [];
  const rawPaths = config.get<unknown>('corpus.paths');
  if (Array.isArray(rawPaths)) {
    for (const item of rawPaths) {
      if (typeof item === 'string' && item.trim() !== '') paths.push(expandPath(item, ctx));
      else warn(`resolute.corpus.paths: ignored entry ${JSON.stringify(item)}.`);
    }
  } else if (rawPaths !== undefined && rawPaths !== null) {
    warn('resolute.corpus.paths must be an array of folder paths; ignored.');
  }

  const style = config.get<unknown>('footnotes.style');
  let footnoteStyle: FootnoteStyle = 'auto';
  if (typeof style === 'string' && (FOOTNOTE_STYLES as readonly string[]).includes(style)) footnoteStyle = style as FootnoteStyle;
  else if (style !== undefined && style !== null) warn(`resolute.footnotes.style: "${String(style)}" is not auto, repeat-markers or new-notes; using auto.`);

  return {
    rules,
    debounceMs,
    corpus: { paths: dedupe(paths), bundled: bool(config.get('corpus.bundled'), true) },
    inlayHints: { ibid: bool(config.get('inlayHints.ibid'), true) },
    footnotes: { style: footnoteStyle },
  };
}

/**
 * Answers one workspace/configuration item. `section` is "resolute" (the whole object) or a dotted
 * path below it ("resolute.rules"); anything else is not ours (returns `undefined`).
 */
export function sectionValue(settings: ServerSettings, section: string | undefined): unknown {
  if (section === undefined) return undefined;
  if (section === 'resolute') return settings;
  if (!section.startsWith('resolute.')) return undefined;
  let value: unknown = settings;
  for (const key of section.slice('resolute.'.length).split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined ? null : value;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
