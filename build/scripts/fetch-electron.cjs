// postinstall: fetch Electron's binary eagerly where the network allows it; never fail the install.
// Electron >= 42 downloads its binary lazily; offline machines (and CI here) simply skip this.
const { spawnSync } = require('node:child_process');
if (process.env.SKIP_ELECTRON_FETCH || process.env.CI) process.exit(0);
let installJs;
try {
  installJs = require.resolve('electron/install.js');
} catch {
  process.exit(0);
}
const r = spawnSync(process.execPath, [installJs], { stdio: 'inherit', timeout: 120000 });
if (r.status !== 0)
  console.warn(
    '[postinstall] Electron binary not downloaded (offline?). Tests do not need it; `npm start` falls back to browser mode.',
  );
process.exit(0);
