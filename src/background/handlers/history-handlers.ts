// Export and import of the trust history, for the management page.
import type { HandlerContext, Handlers } from './context.js';

export function historyHandlers({ history, service }: HandlerContext): Handlers<'export-chunk' | 'import-begin' | 'import-stage' | 'import-preview' | 'import-apply'> {
  return {
    'export-chunk': (m) => history.exportChunk(m.after, m.limit),
    'import-begin': async () => {
      const managed = await service.policy.managed();
      if (managed.status === 'applied' && managed.policy.locked.importDisabled) throw new Error('import is disabled by your organisation');
      return { token: history.begin() };
    },
    'import-stage': async (m) => {
      history.stage(m.token, m.hostsJson, m.policy ?? null);
      return { staged: m.hostsJson.length };
    },
    'import-preview': (m) => history.preview(m.token),
    'import-apply': (m) => history.apply(m.token, m.resolutions),
  };
}
