import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../api/types.ts';
import { blockedAdvice } from './blocked-advice.ts';

const models: ModelInfo[] = [
  { id: 'gpt-cloud', provider: 'cloud', location: 'non-eu', available: true, requiredTraining: [] },
  { id: 'local-llm', provider: 'onprem', location: 'on-premise', available: true, requiredTraining: [] },
  { id: 'locked-llm', provider: 'onprem', location: 'on-premise', available: false, requiredTraining: [{ id: 't', title: 'T' }] },
];

describe('blockedAdvice', () => {
  it('asks to remove the content, and offers the on-premise models the user may use', () => {
    expect(
      blockedAdvice(
        {
          blockedTypes: ['IBAN'],
          destination: 'non-eu',
          suggestions: [
            { action: 'remove' },
            { action: 'use_model', model: 'local-llm', location: 'on-premise' },
            { action: 'use_model', model: 'locked-llm', location: 'on-premise' },
          ],
        },
        models,
      ),
    ).toEqual({ withoutDocuments: false, remove: true, models: [{ model: 'local-llm', location: 'on-premise' }] });
  });

  it('offers asking without documents when the passages hold the blocked content, and removing only when the message does too', () => {
    const passagesOnly = blockedAdvice({ blockedTypes: ['IBAN'], suggestions: [{ action: 'without_documents', detail: '…' }] }, models);
    expect(passagesOnly).toEqual({ withoutDocuments: true, remove: false, models: [] });
    const both = blockedAdvice({ blockedTypes: ['IBAN'], suggestions: [{ action: 'without_documents' }, { action: 'remove' }] }, models);
    expect(both).toMatchObject({ withoutDocuments: true, remove: true });
  });

  it('still says to remove the content when the server sent no suggestions', () => {
    expect(blockedAdvice({ blockedTypes: ['SECRET'] }, models)).toEqual({ withoutDocuments: false, remove: true, models: [] });
  });
});
