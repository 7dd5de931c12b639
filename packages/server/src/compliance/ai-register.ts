/**
 * The AI-system register: every configured model with its provider, where it processes data,
 * and what the organisation declared about it (purpose, transfer basis, no-training and
 * retention commitments, contract, risk class, use cases), with warnings: a non-EU provider
 * without a transfer basis, no no-training commitment, no processor contract, a use case that
 * falls under AI Act Annex III.
 */
import type { RempartConfig } from '../config/load-config.ts';
import { OFFLINE_MODEL } from '../providers/offline-adapter.ts';
import { annexIiiWarnings, type AnnexIiiWarning } from './annex-iii.ts';
import { aiSystemSchema, type AiSystemEntry } from './config-schema.ts';

export interface AiSystemRecord extends AiSystemEntry {
  model: string;
  provider: string;
  providerType: string;
  location: string;
  /** Host only (no path, no credentials). */
  endpointHost: string | null;
  declared: boolean;
  annexIii: AnnexIiiWarning[];
  warnings: string[];
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export function aiSystemRegister(config: RempartConfig): AiSystemRecord[] {
  const declared = config.compliance.aiSystems;
  const records: AiSystemRecord[] = [];
  // With no model configured the gateway serves its built-in offline model (registry.ts).
  const models = Object.keys(config.models).length > 0 ? config.models : { [OFFLINE_MODEL]: { provider: 'offline' } };
  for (const [model, modelConfig] of Object.entries(models)) {
    const provider = config.providers[modelConfig.provider] ?? (modelConfig.provider === 'offline' ? { type: 'offline' as const, location: 'on-premise' as const } : undefined);
    const entry = declared[model] ?? aiSystemSchema.parse({});
    const location = provider?.location ?? 'on-premise';
    const annexIii = annexIiiWarnings(entry.useCases);
    const warnings: string[] = [];
    if (!declared[model]) warnings.push('No register entry in compliance.aiSystems: purpose, commitments and risk class are defaults.');
    if (location === 'non-eu' && !entry.transferBasis) warnings.push('Non-EU provider without a transfer basis (GDPR Art. 44–49): state the adequacy decision or SCCs.');
    if (provider?.type !== 'offline' && location !== 'on-premise') {
      if (!entry.noTraining) warnings.push('No contractual commitment that the provider does not train on the data.');
      if (!entry.contract) warnings.push('No processor agreement referenced (GDPR Art. 28).');
      if (entry.providerRetentionDays === undefined) warnings.push("The provider's retention of prompts and answers is not stated.");
    }
    if (annexIii.length > 0 && entry.riskClass !== 'high') {
      warnings.push(`A declared use case falls under AI Act Annex III (${[...new Set(annexIii.map((hit) => hit.point))].join(', ')}): assess it as high-risk (Art. 6) or document the Art. 6(3) exception.`);
    }
    records.push({
      ...entry,
      model,
      provider: modelConfig.provider,
      providerType: provider?.type ?? 'unknown',
      location,
      endpointHost: provider && 'baseUrl' in provider ? hostOf(provider.baseUrl) : null,
      declared: declared[model] !== undefined,
      annexIii,
      warnings,
    });
  }
  return records.sort((a, b) => a.model.localeCompare(b.model));
}
