// The optional permission FirstSeen asks for, and only on a click: desktop notifications for
// warnings (manifest.json, optional_permissions). Shared by the event page and the pages.
export const NOTIFICATIONS: { permissions: ['notifications'] } = { permissions: ['notifications'] };
