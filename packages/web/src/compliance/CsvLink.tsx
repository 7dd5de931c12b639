/** A plain download link to a CSV export (the session cookie authenticates GET downloads). */
import { useComplianceText } from './messages.ts';

export function CsvLink({ href, table }: { href: string; table: string }) {
  const ct = useComplianceText();
  return (
    <a className="button button-secondary button-small csv-link" href={href} download aria-label={ct('downloadCsv', { table })}>
      {ct('csv')}
    </a>
  );
}
