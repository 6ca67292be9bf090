// The origins FirstSeen observes: every https and wss site. The manifest's host permissions are
// these (docs/PERMISSIONS.md); the pages ask for them again when the user took them away.
export const OBSERVED_ORIGINS = ['https://*/*', 'wss://*/*'];
