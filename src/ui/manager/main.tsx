// Entry of manager.html, the options page.
import { render } from 'preact';
import { t } from '../i18n.js';
import { backgroundApi } from './api.js';
import { Manager } from './Manager.js';
import { importFile } from './history-files.js';
import { browserSetup } from '../setup.js';

const initialHost = new URLSearchParams(location.search).get('host');
render(<Manager api={backgroundApi} t={t} now={() => Date.now()} initialHost={initialHost} importFile={(f) => importFile(backgroundApi, f, Date.now())} setup={browserSetup} />,
  document.getElementById('root')!);
document.body.dataset.ready = 'yes';
