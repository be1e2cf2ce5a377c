// Where the browser tests find Chromium. Playwright cannot download browsers here, so every launch
// passes this path; a missing browser fails loudly instead of skipping tests.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags that let headless Chromium run as root in a container without reaching the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else `chromium` on PATH. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file. Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium`);
  }
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'chromium'));
  const found = [DEBIAN_CHROMIUM, ...onPath].find(isExecutable);
  if (found === undefined) {
    throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium");
  }
  return found;
}
