import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown, ChevronUp } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { styleNonce } from '../csp';

/** One choice of a select: what it stands for and the words a person reads (and types ahead). */
export type SelectOption<V extends string = string> = { value: V; label: string; disabled?: boolean };

// Our forms use '' for a real choice ("All accounts", "Choose…", "None"); Radix reserves the empty
// value for "nothing chosen", so the empty choice travels under this stand-in.
const EMPTY = '\u2205';
const toRadix = (v: string) => (v === '' ? EMPTY : v);
const fromRadix = (v: string) => (v === EMPTY ? '' : v);

/**
 * While the list is open the rest of the page is out of play: Radix already keeps the pointer
 * and the Tab key inside the list and hides the page from screen readers (aria-hidden); this makes
 * it inert as well, so nothing hidden from a screen reader can still take the focus (axe:
 * aria-hidden-focus). `cover` runs as the list appears; `uncover` as it closes (before the focus
 * goes back to the select) and if the select goes away while open.
 */
function useInertOutside() {
  const undo = useRef<(() => void) | null>(null);
  const uncover = useCallback(() => {
    undo.current?.();
    undo.current = null;
  }, []);
  const cover = useCallback(
    (list: HTMLElement | null) => {
      if (!list) return;
      uncover();
      const made = Array.from(document.body.children).filter((el) => !el.contains(list) && !el.hasAttribute('inert') && el.tagName !== 'SCRIPT');
      for (const el of made) el.setAttribute('inert', '');
      undo.current = () => made.forEach((el) => el.removeAttribute('inert'));
    },
    [uncover],
  );
  useEffect(() => uncover, [uncover]);
  return { cover, uncover };
}

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
  const [open, setOpen] = useState(false);
  const { cover, uncover } = useInertOutside();
  return (
    <RadixSelect.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) uncover();
        setOpen(next);
      }}
      value={toRadix(props.value)}
      onValueChange={(v) => props.onValueChange(fromRadix(v) as V)}
      disabled={props.disabled}
      required={props.required}
    >
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
          ref={cover}
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
          <RadixSelect.Viewport className="select-viewport" nonce={styleNonce}>
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
