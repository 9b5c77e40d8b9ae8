import { useCallback, useRef, useState } from 'react';
import { ApiError, issuesByField, type FieldErrors } from '../../shared';
import type { z } from 'zod';

/**
 * A form's errors in words: each next to its field (`of('name')`), and `problem` for what no
 * field of the form shows (a refusal about the whole request, or a field the form has no
 * control for), so nothing the server said is lost.
 *
 * Fields are matched by path, and a form may name only the end of it: the server's
 * "settings.persona.agentName" is the form's "persona.agentName".
 */
export function useFieldErrors(known: readonly string[]) {
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  // The form's own element: a screen may hold several forms, and another's stale error must not
  // take the focus from the one just refused.
  const scope = useRef<HTMLElement | null>(null);
  const scopeRef = useCallback((el: HTMLElement | null) => {
    scope.current = el;
  }, []);
  const match = (path: string, key: string) => key === path || key.endsWith(`.${path}`);

  function show(next: FieldErrors, message: string | null) {
    setFields(next);
    // The first field in error may be far above the button pressed: it is brought to view and
    // focused, so the person reads why nothing was saved (a screen reader too).
    if (Object.keys(next).length) {
      requestAnimationFrame(() => {
        const first = (scope.current ?? document).querySelector<HTMLElement>('[aria-invalid="true"]');
        first?.scrollIntoView({ block: 'center' });
        first?.focus({ preventScroll: true });
      });
    }
    const unshown = Object.entries(next).filter(([key]) => !known.some((k) => match(k, key)));
    setProblem(Object.keys(next).length === 0 ? message : unshown.length ? unshown.map(([, m]) => m).join(' ') : null);
  }

  return {
    /** Put on the form's element (`ref={errors.scope}`), so the focus goes to this form's first error. */
    scope: scopeRef,
    problem,
    /** The error of one field of the form, if any. */
    of: (path: string): string | undefined => Object.entries(fields).find(([key]) => match(path, key))?.[1],
    clear: () => show({}, null),
    /** A check made before sending: the shared schema's issues, by field. */
    invalid: (error: z.ZodError) => show(issuesByField(error), null),
    /** A refusal: by field when the server named fields, else as one sentence. */
    refused: (err: unknown, fallback: string) => (err instanceof ApiError ? show(err.fields ?? {}, err.message) : show({}, fallback)),
    /** One field's own problem found in the form (a number that does not parse). */
    set: (path: string, message: string) => show({ [path]: message }, null),
  };
}
