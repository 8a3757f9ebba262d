// `npm start`: runs the app locally. Starts Azurite (data under .azurite/, API version check off),
// builds the Functions project and starts the Functions host with Azure Functions Core Tools.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const functionsDir = join(root, 'functions');
const isWindows = process.platform === 'win32';

function findFunc() {
  const local = join(root, 'node_modules', '.bin', isWindows ? 'func.cmd' : 'func');
  if (existsSync(local)) return local;
  const probe = spawnSync(isWindows ? 'where' : 'which', ['func'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.split(/\r?\n/)[0].trim() : null;
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(port, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await listening(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const func = findFunc();
if (!func) {
  console.error(`Azure Functions Core Tools v4 ('func') was not found.
Install it, then run 'npm start' again:
  npm install --global azure-functions-core-tools@4    (or: npm ci, which installs it into node_modules where its download is allowed)
  other ways: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools`);
  process.exit(1);
}

const azuriteEntry = join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
if (!existsSync(azuriteEntry)) {
  console.error("Azurite is not installed: run 'npm ci' in the repository root first.");
  process.exit(1);
}

const settings = join(functionsDir, 'local.settings.json');
if (!existsSync(settings)) {
  copyFileSync(join(root, 'local.settings.sample.json'), settings);
  console.log('Created functions/local.settings.json from local.settings.sample.json (git ignores it; put local secrets there).');
}

let azurite = null;
if (await listening(10000) && await listening(10002)) {
  console.log('Storage emulator already listening on 10000-10002: using it.');
} else {
  mkdirSync(join(root, '.azurite'), { recursive: true });
  azurite = spawn(process.execPath, [azuriteEntry, '--location', join(root, '.azurite'), '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    { stdio: 'inherit' });
  if (!(await waitFor(10000, 30) && await waitFor(10001, 30) && await waitFor(10002, 30))) {
    console.error('Azurite did not start listening on ports 10000-10002.');
    azurite.kill();
    process.exit(1);
  }
  console.log('Azurite is running (data in .azurite/).');
}

const stopAzurite = () => { if (azurite && azurite.exitCode === null) azurite.kill(); };
process.on('exit', stopAzurite);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const build = spawnSync('dotnet', ['build', join(functionsDir, 'CoP.Functions.csproj')], { stdio: 'inherit', shell: isWindows });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}

const host = spawn(func, ['start'], { cwd: functionsDir, stdio: 'inherit', shell: isWindows });
host.on('exit', (code) => process.exit(code ?? 0));
