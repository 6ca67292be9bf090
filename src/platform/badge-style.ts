// How each severity looks on the toolbar button. None and info leave it unlit: a badge that is
// always on teaches users to ignore it.
import type { Severity } from '../core/severity.js';

export interface BadgeStyle {
  text: string;
  color: string;
  /** i18n message name of the button's tooltip. */
  titleMessage: string;
}

const STYLES: Record<Severity, BadgeStyle> = {
  none: { text: '', color: '#00000000', titleMessage: 'badgeTitleQuiet' },
  info: { text: '', color: '#00000000', titleMessage: 'badgeTitleQuiet' },
  notice: { text: '?', color: '#1d4ed8', titleMessage: 'badgeTitleNotice' },
  warning: { text: '!', color: '#c2410c', titleMessage: 'badgeTitleWarning' },
  critical: { text: '!!', color: '#b91c1c', titleMessage: 'badgeTitleCritical' },
};

export function badgeStyle(severity: Severity): BadgeStyle {
  return STYLES[severity];
}
