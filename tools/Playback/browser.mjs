// What the players share (play.mjs with hls.js, shaka.mjs with Shaka Player): a static HTTP server on
// 127.0.0.1 for a package folder and a player script, and headless Chromium set up for these machines.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));

export const contentTypes = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.vtt': 'text/vtt',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript',
  '.html': 'text/html; charset=utf-8',
};

// The flags these machines need (root, no GPU, no network beyond loopback), plus autoplay without a click.
export const chromiumFlags = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
];

// A page with a muted video element that loads one player script from /player.js.
export const playerPage = (title) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title><script src="/player.js"></script></head>
<body><video id="video" muted playsinline width="640"></video></body></html>`;

// "bytes=a-b", "bytes=a-" or "bytes=-n" against a file of `size` bytes; null when unsatisfiable.
function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start; let end;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

/**
 * Serves `page` at /, `playerScript` at /player.js and the package folder under /package/, with byte
 * ranges (I-frame playlists point into segments with EXT-X-BYTERANGE). Every request is pushed onto
 * `requests` as { url, status, range }. Resolves to the listening server.
 */
export function serve({ folder, page, playerScript, requests }) {
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const range = request.headers.range ?? null;
    const finish = (status, type, body) => {
      requests.push({ url: url.pathname, status, range });
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      response.end(body);
    };
    if (url.pathname === '/') return finish(200, contentTypes['.html'], page);
    let file = null;
    if (url.pathname === '/player.js') file = playerScript;
    else if (folder && url.pathname.startsWith('/package/')) {
      file = path.resolve(folder, decodeURIComponent(url.pathname.slice('/package/'.length)));
      if (!file.startsWith(path.resolve(folder) + path.sep)) file = null;
    }
    if (!file) return finish(404, 'text/plain', 'not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return finish(404, 'text/plain', 'not found');
      const headers = {
        'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'Accept-Ranges': 'bytes',
        'Access-Control-Allow-Origin': '*',
      };
      if (range) {
        const wanted = parseRange(range, info.size);
        if (!wanted) {
          requests.push({ url: url.pathname, status: 416, range });
          response.writeHead(416, { ...headers, 'Content-Range': `bytes */${info.size}` });
          return response.end();
        }
        requests.push({ url: url.pathname, status: 206, range });
        response.writeHead(206, {
          ...headers, 'Content-Length': wanted.end - wanted.start + 1, 'Content-Range': `bytes ${wanted.start}-${wanted.end}/${info.size}`,
        });
        return createReadStream(file, wanted).pipe(response);
      }
      requests.push({ url: url.pathname, status: 200, range });
      response.writeHead(200, { ...headers, 'Content-Length': info.size });
      createReadStream(file).pipe(response);
    } catch {
      finish(404, 'text/plain', 'not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Starts the server and Chromium, opens the page, and hands `use` the tab, the page's origin, the
 * requests served and the console errors seen. Chromium and the server are always closed afterwards,
 * also when `use` has not settled after `timeoutMs` (then this rejects).
 */
export async function withPlayerPage({ folder, title, playerScript, timeoutMs }, use) {
  const requests = [];
  const server = await serve({ folder, page: playerPage(title), playerScript, requests });
  const address = server.address();
  const origin = `http://${address.address}:${address.port}`;
  const consoleErrors = [];
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: chromiumFlags,
      timeout: 60_000,
    });
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    tab.on('pageerror', (error) => consoleErrors.push(String(error)));
    await tab.goto(`${origin}/`);
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The player did not finish within ${timeoutMs / 1000} s.`)), timeoutMs);
    });
    try {
      return await Promise.race([use({ tab, origin, requests, consoleErrors, chromiumVersion: browser.version() }), late]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
