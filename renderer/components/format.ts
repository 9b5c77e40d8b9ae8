/** True while the user types in a field, when single-key shortcuts must stay out of the way. */
export function typingInField(): boolean {
  return ['TEXTAREA', 'INPUT', 'SELECT'].includes(document.activeElement?.tagName ?? '');
}
