/**
 * True while the user types in a field or works a select (its button or its open list: typing
 * there jumps to an option), when single-key shortcuts must stay out of the way.
 */
export function typingInField(): boolean {
  const active = document.activeElement;
  if (!active) return false;
  if (['TEXTAREA', 'INPUT', 'SELECT'].includes(active.tagName)) return true;
  // A modal prompt (a confirmation, the keyboard help) holds the focus: its keys are its own,
  // never the drawer's behind it (c calling, a digit setting a status).
  return active.closest('[role="combobox"], [role="listbox"], .prompt') !== null;
}
