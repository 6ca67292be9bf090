// A host name as text: Unicode, with the punycode form beside it when they differ (host-display.ts).
import { displayHost } from '../../core/host-display.js';

export function HostName({ host }: { host: string }) {
  const { ascii, unicode } = displayHost(host);
  if (ascii === unicode) return <span class="host-text">{ascii}</span>;
  return (
    <span class="host-text" data-idn>
      {unicode} <span class="punycode">({ascii})</span>
    </span>
  );
}
