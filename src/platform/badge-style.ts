// How each state of a tab looks on the toolbar button. The icon itself changes, each state with its
// own shape as well as its own colour, so that states are told apart without colour too and on a
// dark toolbar (every icon has a light outline): an empty shield before anything is seen, a grey
// shield with a plus on a first visit (a key remembered, not checked: trust on first use cannot
// check the first one, so it must not look verified), a green shield with a check when every key
// is known, a blue "i" circle, an orange "!" triangle, a red
// "×" octagon, and a struck-through circle when FirstSeen has no access. Notice and louder also
// get badge text, a second cue; quiet states leave the badge off, since a badge that is always on
// teaches users to ignore it.

/** What a tab's button shows. */
export const BUTTON_STATES = ['idle', 'first-use', 'known', 'notice', 'warning', 'critical', 'no-access'] as const;
export type BadgeState = (typeof BUTTON_STATES)[number];

export interface BadgeStyle {
  /** Icon file, relative to the add-on's root. */
  icon: string;
  text: string;
  color: string;
  /** i18n message name of the button's tooltip: the state in words. */
  titleMessage: string;
}

const STYLES: Record<BadgeState, BadgeStyle> = {
  idle: { icon: 'icons/state-idle.svg', text: '', color: '#00000000', titleMessage: 'badgeTitleIdle' },
  'first-use': { icon: 'icons/state-first-use.svg', text: '', color: '#00000000', titleMessage: 'badgeTitleFirstUse' },
  known: { icon: 'icons/state-known.svg', text: '', color: '#00000000', titleMessage: 'badgeTitleQuiet' },
  notice: { icon: 'icons/state-notice.svg', text: '?', color: '#1d4ed8', titleMessage: 'badgeTitleNotice' },
  warning: { icon: 'icons/state-warning.svg', text: '!', color: '#c2410c', titleMessage: 'badgeTitleWarning' },
  critical: { icon: 'icons/state-critical.svg', text: '!!', color: '#b91c1c', titleMessage: 'badgeTitleCritical' },
  // Blind is not "all clear", and not a warning about one site either.
  'no-access': { icon: 'icons/state-no-access.svg', text: '×', color: '#4b5563', titleMessage: 'badgeTitleNoAccess' },
};

export function badgeStyle(state: BadgeState): BadgeStyle {
  return STYLES[state];
}

/** The parts of the button a state is made of, each set by its own API call. */
export type ButtonPart = 'icon' | 'text' | 'color' | 'title';
const EVERY_PART: readonly ButtonPart[] = ['icon', 'text', 'color', 'title'];
const ICON_AND_TITLE: readonly ButtonPart[] = ['icon', 'title'];

/**
 * The parts to set to show `state`. A new document's location change clears every per-tab value
 * of the button back to the manifest's (the idle icon and tooltip, no badge text): Firefox's
 * ExtensionActions.sys.mjs, handleLocationChange, for every top-level navigation but a hash change
 * or pushState. So at a navigation only what differs from that is set: nothing for idle, icon and
 * tooltip for a quiet state, all four for a loud one. Each call is a message to Firefox and a
 * repaint of its toolbar, on the page load's busiest moment. Anywhere else (a decision, a change
 * of access, a repair) the earlier page's badge text may still be there: every part is set.
 */
export function partsToSet(state: BadgeState, atNavigation: boolean): readonly ButtonPart[] {
  if (!atNavigation) return EVERY_PART;
  if (state === 'idle') return [];
  return STYLES[state].text === '' ? ICON_AND_TITLE : EVERY_PART;
}
