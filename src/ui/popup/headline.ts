// What the popup says first: one headline in words and one sentence of advice, from the loudest
// thing on the tab. Pages with nothing to check each get their own plain sentence: an empty or
// Firefox page, an unencrypted one, one FirstSeen cannot look at, and FirstSeen having no access.
import { hostLabel } from '../../core/host-display.js';
import { severityRank } from '../../core/severity.js';
import type { HostReport, TabReport } from '../../protocol.js';

export type HeadlineState =
  | 'no-access' | 'critical' | 'warning' | 'notice' | 'first-use' | 'known'
  | 'plain-http' | 'blank' | 'unsupported' | 'nothing-yet';

export interface Headline {
  state: HeadlineState;
  /** i18n message names, and the substitutions of the title. */
  title: string;
  titleSubs: string[];
  advice: string;
  /** The host the headline is about, whose decision the popup offers first. */
  host: HostReport | null;
}

const undecided = (h: HostReport) => h.resolution !== 'accepted';

/** What kind of page a tab holds, from its URL, when FirstSeen saw no secure connection on it. */
function emptyPage(url: string | null): HeadlineState {
  if (url === null) return 'nothing-yet';
  if (/^https?:/i.test(url)) return url.toLowerCase().startsWith('http:') ? 'plain-http' : 'nothing-yet';
  if (/^about:(blank|newtab|home|privatebrowsing)\b/i.test(url)) return 'blank';
  return 'unsupported';
}

export function headline(report: TabReport): Headline {
  const make = (state: HeadlineState, host: HostReport | null = null): Headline => ({
    state, host,
    title: `headline_${state.replaceAll('-', '_')}`,
    titleSubs: host ? [hostLabel(host.host)] : [],
    advice: `advice_${state.replaceAll('-', '_')}`,
  });
  if (!report.siteAccess) return make('no-access');
  const loudest = [...report.hosts].filter(undecided).sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
  if (loudest && (loudest.severity === 'critical' || loudest.severity === 'warning' || loudest.severity === 'notice')) {
    if (loudest.severity !== 'notice') return make(loudest.severity, loudest);
    // A notice names what it is: a routine renewal is not "something could not be checked".
    const routine = loudest.kind === 'renewal' || loudest.kind === 'key-change' || loudest.kind === 'issuer-change';
    const h = make('notice', loudest);
    if (loudest.kind === 'unresolved') return { ...h, title: 'headline_unresolved', advice: 'advice_unresolved' };
    return { ...h, title: routine ? 'headline_routine' : h.title };
  }
  if (report.hosts.length === 0) return make(emptyPage(report.pageUrl));
  const firstUse = report.hosts.find((h) => h.kind === 'first-use');
  return firstUse ? make('first-use', firstUse) : make('known');
}
