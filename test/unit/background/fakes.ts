// Stateful in-memory stand-ins for the platform adapters: tests assert on what they hold.
import type { BadgeState } from '../../../src/platform/badge-style.js';
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

/** A toolbar button; deleting a tab's entry from `shown` is Firefox's navigation reset (back to idle). */
export class MemoryBadge implements Badge {
  readonly shown = new Map<number, BadgeState>();
  calls = 0;
  checks = 0;
  async show(tabId: number, state: BadgeState) {
    this.calls++;
    this.shown.set(tabId, state);
  }
  async shows(tabId: number, state: BadgeState) {
    this.checks++;
    return (this.shown.get(tabId) ?? 'idle') === state;
  }
}

export class MemoryNavigator implements TabNavigator {
  readonly warnings: { tabId: number; nonce: string }[] = [];
  async showWarning(tabId: number, nonce: string) {
    this.warnings.push({ tabId, nonce });
  }
}
