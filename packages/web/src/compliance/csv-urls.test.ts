import { describe, expect, it } from 'vitest';
import { csvUrls } from './api.ts';

describe('CSV downloads of the console tables', () => {
  it('points each table at its server CSV, with the audit filters where the table has them', () => {
    expect(csvUrls.auditSummary({})).toBe('/api/compliance/audit/summary?format=csv');
    expect(csvUrls.auditSummary({ kind: 'request', location: 'non-eu', model: '' })).toBe('/api/compliance/audit/summary?kind=request&location=non-eu&format=csv');
    expect(csvUrls.auditRecords({ category: 'IBAN' })).toBe('/api/compliance/audit/records?category=IBAN&format=csv&limit=1000');
    expect(csvUrls.checkpoints()).toBe('/api/compliance/audit/checkpoints?format=csv');
    expect(csvUrls.alerts()).toBe('/api/compliance/alerts?format=csv');
    expect(csvUrls.accessLog()).toBe('/api/compliance/audit/access-log?format=csv');
    expect(csvUrls.retention()).toBe('/api/compliance/retention?format=csv');
    expect(csvUrls.purgeRuns()).toBe('/api/compliance/retention/runs?format=csv');
  });
});
