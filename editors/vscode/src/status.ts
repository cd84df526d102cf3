/**
 * What the status-bar item shows: server state and index progress. Pure logic.
 */

export type ServerState = 'starting' | 'ready' | 'stopped' | 'error';

export interface ProgressInfo {
  title: string;
  message?: string;
  percentage?: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** 'error' | 'warning' background, or undefined for the normal one. */
  background?: 'error' | 'warning';
}

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  ready: '$(check)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

const LABELS: Record<ServerState, string> = {
  starting: 'starting',
  ready: 'ready',
  stopped: 'stopped',
  error: 'error',
};

/** Only work-done progress whose title starts with "Resolute" is shown in the item. */
export function isResoluteProgress(title: string | undefined): boolean {
  return typeof title === 'string' && /^resolute\b/i.test(title.trim());
}

export function statusView(state: ServerState, progress?: ProgressInfo, detail?: string): StatusView {
  if (progress && state !== 'error' && state !== 'stopped') {
    const pct = typeof progress.percentage === 'number' ? ` ${Math.max(0, Math.min(100, Math.round(progress.percentage)))}%` : '';
    const what = progress.title.replace(/^resolute\s*[:\-–—]?\s*/i, '') || 'working';
    const msg = progress.message ? ` — ${progress.message}` : '';
    return {
      text: `$(sync~spin) Resolute: ${what}${pct}`,
      tooltip: `${progress.title}${pct}${msg}\nClick to show the Resolute output.`,
    };
  }
  const tooltip = `Resolute language server: ${LABELS[state]}${detail ? `\n${detail}` : ''}\nClick to show the Resolute output.`;
  return {
    text: `${ICONS[state]} Resolute`,
    tooltip,
    background: state === 'error' ? 'error' : state === 'stopped' ? 'warning' : undefined,
  };
}

/** Tracks the work-done progress tokens of the server; the latest active Resolute one wins. */
export class ProgressTracker {
  private readonly active = new Map<string, ProgressInfo>();

  begin(token: string | number, title: string, message?: string, percentage?: number): boolean {
    if (!isResoluteProgress(title)) return false;
    this.active.set(String(token), { title, message, percentage });
    return true;
  }

  report(token: string | number, message?: string, percentage?: number): boolean {
    const cur = this.active.get(String(token));
    if (!cur) return false;
    if (message !== undefined) cur.message = message;
    if (percentage !== undefined) cur.percentage = percentage;
    return true;
  }

  end(token: string | number): boolean {
    return this.active.delete(String(token));
  }

  clear(): void {
    this.active.clear();
  }

  current(): ProgressInfo | undefined {
    let last: ProgressInfo | undefined;
    for (const info of this.active.values()) last = info;
    return last ? { ...last } : undefined;
  }
}
