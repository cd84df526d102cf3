/**
 * Agreed language found through the server's `workspace/symbol`: the precedent paragraphs among
 * the symbols, as QuickPick entries. Pure: no VS Code import, so the unit tests load it under
 * plain Node.
 */

/** LSP `SymbolKind.String`: the kind the server gives precedent paragraphs (resolutions and
 * instruments have others). */
export const PARAGRAPH_KIND = 15;

/** What the search reads of a symbol the server answers with. */
export interface SymbolLike {
  name: string;
  kind: number;
  containerName?: string;
}

/** A paragraph as shown in the QuickPick, with the symbol it came from (for its location). */
export interface ParagraphPick<S extends SymbolLike> {
  /** "77/186 OP 12" */
  label: string;
  /** The resolution's title and date. */
  description: string;
  /** The paragraph's opening words. */
  detail: string;
  symbol: S;
}

/**
 * The precedent paragraphs among `symbols`, in the server's order (best match first). The server
 * names them "77/186 OP 12: Welcomes the report …".
 */
export function paragraphPicks<S extends SymbolLike>(symbols: readonly S[]): ParagraphPick<S>[] {
  return symbols
    .filter((s) => s.kind === PARAGRAPH_KIND)
    .map((symbol) => {
      const at = symbol.name.indexOf(': ');
      return {
        label: at < 0 ? symbol.name : symbol.name.slice(0, at),
        description: symbol.containerName ?? '',
        detail: at < 0 ? '' : symbol.name.slice(at + 2),
        symbol,
      };
    });
}
