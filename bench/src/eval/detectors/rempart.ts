/** Rempart's analyzer with the default recognizer set, as the product runs it. */
import { createAnalyzer, defaultRecognizers, ENTITY_TYPES } from '@rempart/shield';
import type { Detector, PredictedSpan } from '../types.ts';

export function rempartDetector(): Detector {
  const analyzer = createAnalyzer({ recognizers: defaultRecognizers() });
  const registered = new Set(analyzer.recognizers.flatMap((r) => r.entityTypes));
  return {
    name: 'rempart',
    // Scored on every taxonomy type: a type nobody has registered yet scores 0, visibly.
    supportedTypes: ENTITY_TYPES,
    description: `createAnalyzer({ recognizers: defaultRecognizers() }).analyze(text, { language }) with the dataset's language; ${analyzer.recognizers.length} recognizers registered, reporting ${[...registered].sort().join(', ') || 'nothing'}.`,
    detect(text, language): PredictedSpan[] {
      return analyzer.analyze(text, { language }).map((e) => ({
        type: e.type,
        start: e.start,
        end: e.end,
        sourceLabel: e.subtype ? `${e.recognizer}:${e.subtype}` : e.recognizer,
      }));
    },
  };
}
