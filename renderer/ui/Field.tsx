import { AlertCircle } from 'lucide-react';
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled control with its error in words right under it (linked with aria-describedby and
 * marked aria-invalid), an optional hint and an optional character counter.
 */
export function Field(props: {
  label: ReactNode;
  error?: string | null | undefined;
  hint?: ReactNode;
  counter?: { length: number; max: number };
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const counterId = `${id}-counter`;
  const described = [props.error ? errorId : null, props.counter ? counterId : null].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(props.children, {
    id,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': described,
  });
  const over = props.counter && props.counter.length > props.counter.max;
  return (
    <div className={['field', props.className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{props.label}</label>
      {control}
      {props.hint && <span className="hint">{props.hint}</span>}
      {props.counter && (
        <span id={counterId} className={over ? 'counter over' : 'counter'} aria-live="polite">
          {props.counter.length.toLocaleString('en-US')} / {props.counter.max.toLocaleString('en-US')}
        </span>
      )}
      {props.error && (
        <p id={errorId} className="field-error" role="alert">
          <AlertCircle className="icon" aria-hidden="true" />
          {props.error}
        </p>
      )}
    </div>
  );
}
