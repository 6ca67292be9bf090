// Stateful in-memory stand-ins for the platform adapters: tests assert on what they hold.
import { BUTTON_STATES, badgeStyle, partsToSet, type BadgeState, type ButtonPart } from '../../../src/platform/badge-style.js';
import type { Badge } from '../../../src/platform/badge.js';
import type { SessionArea } from '../../../src/platform/session-area.js';
import type { TabNavigator } from '../../../src/platform/tabs.js';

export class MemorySessionArea implements SessionArea {
  readonly data = new Map<string, unknown>();
  writes = 0;
  async get(key: string) {
    const v = this.data.get(key);
    return v === undefined ? undefined : structuredClone(v);
  }
  async set(key: string, value: unknown) {
    this.writes++;
    this.data.set(key, structuredClone(value));
  }
  async remove(key: string) {
    this.data.delete(key);
  }
}

type Face = Partial<Record<ButtonPart, string>>;

/** What a face shows: the state whose icon, badge text and tooltip it has ('mixed' if none). */
function stateOf(face: Face | undefined): BadgeState | 'mixed' {
  const idle = badgeStyle('idle');
  const icon = face?.icon ?? idle.icon;
  const text = face?.text ?? idle.text;
  const title = face?.title ?? idle.titleMessage;
  return BUTTON_STATES.find((s) => badgeStyle(s).icon === icon && badgeStyle(s).text === text && badgeStyle(s).titleMessage === title) ?? 'mixed';
}

/**
 * A toolbar button, part by part as Firefox keeps it per tab: a part never set shows the
 * manifest's (idle). `shown.delete(tab)` is Firefox's navigation reset, which clears every part.
 */
export class MemoryBadge implements Badge {
  private readonly faces = new Map<number, Face>();
  /** What each tab's button shows, read like a Map of states. */
  readonly shown = ((faces) => ({
    get: (tabId: number): BadgeState | 'mixed' | undefined => (faces.has(tabId) ? stateOf(faces.get(tabId)) : undefined),
    has: (tabId: number) => faces.has(tabId),
    delete: (tabId: number) => faces.delete(tabId),
    get size() {
      return faces.size;
    },
  }))(this.faces);
  /** show() calls, and the API calls (one per part) they made. */
  calls = 0;
  apiCalls = 0;
  checks = 0;
  async show(tabId: number, state: BadgeState, atNavigation = false) {
    this.calls++;
    const face = this.faces.get(tabId) ?? {};
    const style = badgeStyle(state);
    for (const part of partsToSet(state, atNavigation)) {
      this.apiCalls++;
      face[part] = part === 'icon' ? style.icon : part === 'text' ? style.text : part === 'color' ? style.color : style.titleMessage;
    }
    this.faces.set(tabId, face);
  }
  async shows(tabId: number, state: BadgeState) {
    this.checks++;
    return (this.faces.get(tabId)?.title ?? badgeStyle('idle').titleMessage) === badgeStyle(state).titleMessage;
  }
}

export class MemoryNavigator implements TabNavigator {
  readonly warnings: { tabId: number; nonce: string }[] = [];
  async showWarning(tabId: number, nonce: string) {
    this.warnings.push({ tabId, nonce });
  }
}
