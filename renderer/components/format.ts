/** A speed-to-lead as people say it: seconds under a minute and a half, minutes after. */
export function speed(seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

/** True while the user types in a field, when single-key shortcuts must stay out of the way. */
export function typingInField(): boolean {
  return ['TEXTAREA', 'INPUT', 'SELECT'].includes(document.activeElement?.tagName ?? '');
}
