// Entry of certificate.html?host=<host>&spki=<spki>: the chain a host's key was seen with.
import { render } from 'preact';
import { request } from '../client.js';
import { t } from '../i18n.js';
import { CertificateViewer } from './CertificateViewer.js';
import { describeCertificate, type CertificateView } from './describe.js';

const params = new URLSearchParams(location.search);
const host = params.get('host') ?? '';
const spki = params.get('spki') ?? '';
const root = document.getElementById('root')!;

function show(chain: CertificateView[] | null, missing: string | null): void {
  render(<CertificateViewer host={host} chain={chain} missing={missing} t={t} />, root);
  document.body.dataset.ready = 'yes';
}

async function load(): Promise<void> {
  const detail = await request({ type: 'host-detail', host });
  const key = detail.record?.keys.find((k) => k.spkiSha256 === spki);
  if (!key) return show(null, t('viewerNoKey'));
  // FirstSeen keeps the DER of a certificate new to a site (first use, a change), not of each repeat.
  if (!key.chainDer?.length) return show(null, t('viewerNotKept'));
  show(await Promise.all(key.chainDer.map(describeCertificate)), null);
}

load().catch((e: unknown) => show(null, String(e instanceof Error ? e.message : e)));
