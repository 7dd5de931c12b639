/**
 * Runs the shield in the browser while the user types (the same library and policy as the
 * server), debounced so typing stays smooth. The preview is advisory: the server decides again
 * on send, with the conversation's own vault (placeholder numbers may differ). The shield
 * itself (recognizers, dictionaries) is loaded on demand: sign-in pages do not download it.
 */
import { useEffect, useState } from 'react';
import type { Destination } from '@rempart/shield';
import { previewFromResult, type TextPreview } from './preview-segments.ts';
import type { LearnedBlock, PreviewShield, ShieldBuild } from './preview-shield.ts';

export type { LearnedBlock, PreviewShield } from './preview-shield.ts';

export const PREVIEW_DEBOUNCE_MS = 180;

/** The preview shield for this policy, built in a lazily loaded chunk; undefined while loading. */
export function usePreviewShield(policyInput: unknown, ready: boolean, learnedBlocks: readonly LearnedBlock[]): ShieldBuild {
  const [build, setBuild] = useState<ShieldBuild>({});
  useEffect(() => {
    if (!ready) return;
    let current = true;
    import('./preview-shield.ts').then(
      (module) => current && setBuild(module.buildPreviewShield(policyInput, learnedBlocks)),
      (error: unknown) => current && setBuild({ policyError: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [policyInput, ready, learnedBlocks]);
  return build;
}

export interface LivePreviewState {
  preview?: TextPreview;
  /** The text the preview was computed for (lags the input by the debounce). */
  previewedText: string;
  failed: boolean;
}

export function useLivePreview(text: string, shield: PreviewShield | undefined, destination: Destination | undefined): LivePreviewState {
  const [state, setState] = useState<LivePreviewState>({ previewedText: '', failed: false });
  useEffect(() => {
    if (!shield || text.trim() === '') {
      setState({ previewedText: text, failed: false });
      return;
    }
    const timer = setTimeout(() => {
      try {
        const result = shield.protect(text, destination);
        setState({ preview: previewFromResult(text, result), previewedText: text, failed: false });
      } catch {
        setState({ previewedText: text, failed: true });
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, shield, destination]);
  return state;
}
