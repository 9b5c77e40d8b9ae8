import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown, ChevronUp } from 'lucide-react';

/** One choice of a select: what it stands for and the words a person reads (and types ahead). */
export type SelectOption<V extends string = string> = { value: V; label: string; disabled?: boolean };

// Our forms use '' for a real choice ("All accounts", "Choose…", "None"); Radix reserves the empty
// value for "nothing chosen", so the empty choice travels under this stand-in.
const EMPTY = '\u2205';
const toRadix = (v: string) => (v === '' ? EMPTY : v);
const fromRadix = (v: string) => (v === EMPTY ? '' : v);

/**
 * The design system's select (Radix Select): a button that shows the chosen option and opens a
 * list of the options in the app's tokens, in both themes. The keyboard works as a person expects
 * of a select: Space, Enter or the arrows open it, the arrows move, typing jumps to the option
 * that starts with what was typed (open or closed), Enter chooses, Esc closes without choosing.
 *
 * Its accessible name comes from its label: give it `aria-label`, or put it in a `Field` (whose
 * `<label for>` names it, and which adds `aria-invalid` and `aria-describedby` for its error).
 */
export function Select<V extends string>(props: {
  value: V;
  onValueChange(value: V): void;
  options: readonly SelectOption<V>[];
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
  required?: boolean;
  /** Shown while the value is none of the options. */
  placeholder?: string;
  /** The smaller size, for a select inside a table row. */
  compact?: boolean;
  className?: string;
}) {
  const chosen = props.options.find((o) => o.value === props.value);
  return (
    <RadixSelect.Root value={toRadix(props.value)} onValueChange={(v) => props.onValueChange(fromRadix(v) as V)} disabled={props.disabled} required={props.required}>
      <RadixSelect.Trigger
        id={props.id}
        className={['select-trigger', props.compact ? 'compact' : '', props.className ?? ''].join(' ').trim()}
        aria-label={props['aria-label']}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        data-placeholder={chosen ? undefined : ''}
      >
        <span className="select-value">{chosen ? chosen.label : (props.placeholder ?? 'Choose…')}</span>
        <RadixSelect.Icon asChild>
          <ChevronDown className="icon select-chevron" aria-hidden="true" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          className="select-content"
          position="popper"
          side="bottom"
          align="start"
          sideOffset={4}
          collisionPadding={8}
          // The list's keys are the list's: none reaches a screen's single-key shortcuts (c calls,
          // digits set a status) or a table's row keys.
          onKeyDown={(e) => e.stopPropagation()}
        >
          <RadixSelect.ScrollUpButton className="select-scroll" aria-hidden="true">
            <ChevronUp className="icon" />
          </RadixSelect.ScrollUpButton>
          <RadixSelect.Viewport className="select-viewport">
            {props.options.map((o) => (
              <RadixSelect.Item key={o.value} value={toRadix(o.value)} disabled={o.disabled} textValue={o.label} className="select-item">
                <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
                <RadixSelect.ItemIndicator className="select-check">
                  <Check className="icon" aria-hidden="true" />
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
          <RadixSelect.ScrollDownButton className="select-scroll" aria-hidden="true">
            <ChevronDown className="icon" />
          </RadixSelect.ScrollDownButton>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
