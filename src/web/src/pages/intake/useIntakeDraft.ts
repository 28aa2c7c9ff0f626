import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import { INTAKE_BUFFER_PREFIX, useSession } from '../../session/session';
import { EMPTY_INTAKE, type IntakeForm, restoreIntake } from './intake-form';

interface Buffered {
  savedAt: number;
  step: number;
  values: IntakeForm;
}

export type DraftState =
  | { status: 'loading' }
  | { status: 'new' }
  | { status: 'saving' }
  | { status: 'saved'; at: string }
  | { status: 'kept locally' }
  | { status: 'too many' };

const SAVE_AFTER_MS = 1200;

/**
 * The intake kept as a draft while it is filled in. Every change goes at once to a buffer in this
 * tab's sessionStorage, and a moment later to the server (encrypted there, for this user only).
 * The buffer is what an expired session or a dropped connection would otherwise lose: after
 * signing in again the form comes back with the last keystrokes. It is this tab's alone, goes
 * with the tab, and is cleared on sign-out (session.tsx).
 */
export function useIntakeDraft(
  form: UseFormReturnType<IntakeForm>,
  step: number,
  setStep: (step: number) => void,
) {
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('draft');
  const [draftId] = useState(() => requested ?? crypto.randomUUID());
  const bufferKey = `${INTAKE_BUFFER_PREFIX}${session?.user.id}.${draftId}`;
  const [state, setState] = useState<DraftState>({ status: requested ? 'loading' : 'new' });
  const loaded = useRef(!requested);
  const discarded = useRef(false);

  // The draft's id goes into the address, so that signing in again, a reload or a bookmark
  // comes back to it. It is a random id: it names no one.
  useEffect(() => {
    if (!requested) setSearchParams({ draft: draftId }, { replace: true });
  }, [requested, draftId, setSearchParams]);

  useEffect(() => {
    if (!requested) return;
    let cancelled = false;
    void (async () => {
      const buffered = readBuffer(bufferKey);
      let saved: { updatedAt: string; step: number; content: Record<string, unknown> } | null =
        null;
      try {
        saved = data(
          await api.GET('/api/v1/case-drafts/{id}', { params: { path: { id: draftId } } }),
        );
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404) && !buffered) throw error;
      }
      if (cancelled) return;
      const newest =
        buffered && (!saved || buffered.savedAt > new Date(saved.updatedAt).getTime())
          ? { values: buffered.values, step: buffered.step }
          : saved
            ? { values: restoreIntake(saved.content), step: saved.step }
            : null;
      if (newest) {
        form.setValues(restoreIntake(newest.values as unknown as Record<string, unknown>));
        form.resetDirty();
        setStep(newest.step);
      }
      loaded.current = true;
      setState(saved ? { status: 'saved', at: saved.updatedAt } : { status: 'new' });
    })().catch(() => {
      loaded.current = true;
      setState({ status: 'kept locally' });
    });
    return () => {
      cancelled = true;
    };
    // Loaded once per draft; the form's methods are stable.
  }, [draftId]);

  const saveToServer = useDebouncedCallback(async (values: IntakeForm, atStep: number) => {
    if (discarded.current) return;
    setState({ status: 'saving' });
    try {
      const saved = data(
        await api.PUT('/api/v1/case-drafts/{id}', {
          params: { path: { id: draftId } },
          body: {
            title: values.title.trim().slice(0, 200),
            step: atStep,
            victimCount: values.victims.length,
            content: values as unknown as Record<string, unknown>,
          },
        }),
      );
      setState({ status: 'saved', at: saved.updatedAt });
      void queryClient.invalidateQueries({ queryKey: ['case-drafts'] });
    } catch (error) {
      setState(
        error instanceof ApiError && error.status === 409
          ? { status: 'too many' }
          : { status: 'kept locally' },
      );
    }
  }, SAVE_AFTER_MS);

  const serialised = JSON.stringify(form.values);
  useEffect(() => {
    if (!loaded.current || discarded.current) return;
    if (JSON.stringify(EMPTY_INTAKE) === serialised && step === 0) return;
    const values = JSON.parse(serialised) as IntakeForm;
    writeBuffer(bufferKey, { savedAt: Date.now(), step, values });
    void saveToServer(values, step);
  }, [serialised, step, bufferKey, saveToServer]);

  /** Once the case exists, the draft has done its work. */
  const discard = useCallback(async () => {
    discarded.current = true;
    window.sessionStorage.removeItem(bufferKey);
    await api.DELETE('/api/v1/case-drafts/{id}', { params: { path: { id: draftId } } });
    void queryClient.invalidateQueries({ queryKey: ['case-drafts'] });
  }, [bufferKey, draftId, queryClient]);

  return { draftId, state, discard };
}

function readBuffer(key: string): Buffered | null {
  try {
    return JSON.parse(window.sessionStorage.getItem(key) ?? 'null') as Buffered | null;
  } catch {
    return null;
  }
}

function writeBuffer(key: string, buffered: Buffered): void {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(buffered));
  } catch {
    // A full storage only loses the local copy; the server's draft still follows.
  }
}
