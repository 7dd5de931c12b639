/**
 * AI providers: OpenAI, Anthropic, Hugging Face, Cohere, Perplexity, Groq, Replicate,
 * xAI, PrivateAI. Leaking these is what an AI gateway is most likely to see.
 */
import { assignedRule, tokenRule, type SecretRule } from './rule.ts';

export const aiRules: readonly SecretRule[] = [
  tokenRule(
    'openai-api-key',
    ['t3blbkfj'],
    'sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}',
    { minEntropy: 3, score: 0.95 },
  ),
  // Project keys issued since 2024 no longer always embed the T3BlbkFJ marker.
  tokenRule('openai-api-key', ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{100,200}', { minEntropy: 4 }),
  tokenRule('anthropic-api-key', ['sk-ant-api03'], 'sk-ant-api03-[a-zA-Z0-9_-]{93}AA', { score: 0.95 }),
  tokenRule('anthropic-admin-api-key', ['sk-ant-admin01'], 'sk-ant-admin01-[a-zA-Z0-9_-]{93}AA', { score: 0.95 }),
  {
    id: 'huggingface-access-token',
    keywords: ['hf_'],
    regex: /(?:^|[\\'"`\s>=:(,)])(hf_[a-zA-Z]{34})(?=$|[\\'"`\s<),;])/dg,
    minEntropy: 2,
    score: 0.9,
  },
  {
    id: 'huggingface-organization-api-token',
    keywords: ['api_org_'],
    regex: /(?:^|[\\'"`\s>=:(,)])(api_org_[a-zA-Z]{34})(?=$|[\\'"`\s<),;])/dg,
    minEntropy: 2,
    score: 0.9,
  },
  {
    id: 'cohere-api-token',
    keywords: ['cohere', 'co_api_key'],
    regex: /(?:cohere|CO_API_KEY)[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}([a-zA-Z0-9]{40})(?=[`'"\s;]|\\[nrt]|$)/dgi,
    minEntropy: 4,
    score: 0.85,
  },
  tokenRule('perplexity-api-key', ['pplx-'], 'pplx-[a-zA-Z0-9]{48}', { minEntropy: 4 }),
  tokenRule('groq-api-key', ['gsk_'], 'gsk_[a-zA-Z0-9]{52}', { minEntropy: 4 }),
  tokenRule('replicate-api-token', ['r8_'], 'r8_[a-zA-Z0-9]{37}', { minEntropy: 4 }),
  tokenRule('xai-api-key', ['xai-'], 'xai-[a-zA-Z0-9]{80}', { minEntropy: 4 }),
  assignedRule('privateai-api-token', ['privateai', 'private_ai', 'private-ai'], '[a-z0-9]{32}', { minEntropy: 3 }),
];
