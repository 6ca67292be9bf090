// npm start: build the add-on, then run it in Firefox ESR with web-ext, reloading on rebuild.
// Headless when there is no display (MOZ_HEADLESS=1), so it also works over SSH.
import { spawn } from 'node:child_process';

const firefox = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const env = { ...process.env };
if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
  env.MOZ_HEADLESS = '1';
  console.log('No display found: Firefox runs headless.');
}

function run(cmd, args, options = {}) {
  return spawn(cmd, args, { stdio: 'inherit', env, ...options });
}

const build = run('npx', ['vite', 'build']);
build.on('exit', (code) => {
  if (code !== 0) process.exit(code ?? 1);
  // Rebuild on change; web-ext reloads the add-on when dist/ changes.
  const watch = run('npx', ['vite', 'build', '--watch'], { detached: false });
  // web-ext does not stop Firefox on SIGTERM: give it its own process group and end the group.
  const webExt = run('npx', ['web-ext', 'run', '--source-dir', 'dist', `--firefox=${firefox}`], { detached: true });
  const stop = () => {
    watch.kill();
    try {
      process.kill(-webExt.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  webExt.on('exit', stop);
});
