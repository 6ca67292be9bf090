// How each severity looks on the toolbar button. None and info leave it unlit: a badge that is
// always on teaches users to ignore it.
import type { Severity } from '../core/severity.js';

/** What a tab's button shows: the loudest verdict, or that FirstSeen cannot see sites at all. */
export type BadgeState = Severity | 'no-access';

export interface BadgeStyle {
  text: string;
  color: string;
  /** i18n message name of the button's tooltip. */
  titleMessage: string;
}

const STYLES: Record<BadgeState, BadgeStyle> = {
  none: { text: '', color: '#00000000', titleMessage: 'badgeTitleQuiet' },
  info: { text: '', color: '#00000000', titleMessage: 'badgeTitleQuiet' },
  notice: { text: '?', color: '#1d4ed8', titleMessage: 'badgeTitleNotice' },
  warning: { text: '!', color: '#c2410c', titleMessage: 'badgeTitleWarning' },
  critical: { text: '!!', color: '#b91c1c', titleMessage: 'badgeTitleCritical' },
  // Its own shape and colour: blind is not "all clear", and not a warning about one site either.
  'no-access': { text: '×', color: '#4b5563', titleMessage: 'badgeTitleNoAccess' },
};

export function badgeStyle(state: BadgeState): BadgeStyle {
  return STYLES[state];
}
