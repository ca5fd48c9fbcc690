'use strict';

// A real S3 API (s3rver checks SigV4 signatures) on one public port. s3rver's own request handler
// serves every S3 request in-process, so the Host header reaches the signature check untouched;
// this file only counts PUTs and injects faults in front of it. /__control/ is never an S3 path
// (bucket names cannot contain '_').

const http = require('http');
const path = require('path');
const crypto = require('crypto');
const S3rver = require('@20minutes/s3rver');

const BUCKET = 'media';
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`;

const port = Number(process.env.PORT || 0);
const directory = path.resolve(process.env.DIR || path.join(require('os').tmpdir(), 'hlsencoder-s3'));
const resetOnExit = process.env.RESET === '1';

const state = { faults: [], puts: new Map(), requests: [] };

const errorCodes = {
  400: ['BadRequest', 'Bad Request'],
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  408: ['RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.'],
  429: ['SlowDown', 'Please reduce your request rate.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

function objectKeyOf(pathname) {
  const parts = pathname.split('/');
  if (parts.length < 3 || parts[1] === '') return null;
  const key = parts.slice(2).join('/');
  if (key === '') return null;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

function takeFault(key) {
  for (let i = 0; i < state.faults.length; i++) {
    const fault = state.faults[i];
    if (fault.keyContains && !key.includes(fault.keyContains)) continue;
    if (fault.afterCount > 0) {
      fault.afterCount--;
      return null;
    }
    fault.count--;
    if (fault.count <= 0) state.faults.splice(i, 1);
    return fault;
  }
  return null;
}

function record(key, status) {
  state.requests.push({ method: 'PUT', key, status, time: new Date().toISOString() });
  if (status >= 200 && status < 300) state.puts.set(key, (state.puts.get(key) || 0) + 1);
}

function delay(ms, req) {
  return new Promise((resolve) => {
    if (!ms) return resolve(true);
    const timer = setTimeout(() => resolve(true), ms);
    req.once('close', () => {
      if (!req.complete || req.destroyed) {
        clearTimeout(timer);
        resolve(false);
      }
    });
  });
}

function drain(req) {
  return new Promise((resolve) => {
    if (req.complete) return resolve();
    req.on('end', resolve);
    req.on('close', resolve);
    req.resume();
  });
}

function sendS3Error(res, status, key) {
  const [code, message] = errorCodes[status] || ['InternalError', 'Injected fault'];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<Resource>/${BUCKET}/${escapeXml(key)}</Resource>` +
    `<RequestId>${crypto.randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}

function escapeXml(text) {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function nonNegativeInt(value, name) {
  if (value === undefined || value === null) return 0;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

async function control(req, res, pathname) {
  try {
    if (req.method === 'POST' && pathname === '/__control/faults') {
      const body = await readJson(req);
      const fault = {
        status: nonNegativeInt(body.status, 'status'),
        count: nonNegativeInt(body.count === undefined ? 1 : body.count, 'count'),
        delayMs: nonNegativeInt(body.delayMs, 'delayMs'),
        afterCount: nonNegativeInt(body.afterCount, 'afterCount'),
        keyContains: typeof body.keyContains === 'string' && body.keyContains !== '' ? body.keyContains : null,
      };
      if (fault.status !== 0 && (fault.status < 400 || fault.status > 599)) throw new Error('status must be 0 or 400..599');
      if (fault.status === 0 && fault.delayMs === 0) throw new Error('a fault needs a status or a delayMs');
      if (fault.count === 0) throw new Error('count must be at least 1');
      state.faults.push(fault);
      return sendJson(res, 200, { queued: state.faults.length });
    }
    if (req.method === 'POST' && pathname === '/__control/reset') {
      await drain(req);
      state.faults = [];
      state.puts.clear();
      state.requests = [];
      return sendJson(res, 200, {});
    }
    if (req.method === 'GET' && pathname === '/__control/puts') {
      return sendJson(res, 200, Object.fromEntries(state.puts));
    }
    if (req.method === 'GET' && pathname === '/__control/requests') {
      return sendJson(res, 200, state.requests);
    }
    return sendJson(res, 404, { message: 'unknown control path' });
  } catch (err) {
    return sendJson(res, 400, { message: err.message });
  }
}

async function handle(s3Handler, req, res) {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  if (pathname.startsWith('/__control/')) return control(req, res, pathname);

  const key = req.method === 'PUT' ? objectKeyOf(pathname) : null;
  if (key === null) return s3Handler(req, res);

  const fault = takeFault(key);
  if (fault) {
    const stillConnected = await delay(fault.delayMs, req);
    if (!stillConnected) return record(key, 0);
    if (fault.status !== 0) {
      await drain(req);
      record(key, fault.status);
      return sendS3Error(res, fault.status, key);
    }
  }
  res.once('close', () => record(key, res.writableFinished ? res.statusCode : 0));
  return s3Handler(req, res);
}

async function main() {
  const s3rver = new S3rver({
    directory,
    silent: true,
    resetOnClose: false,
    vhostBuckets: false,
    configureBuckets: [{ name: BUCKET, configs: [CORS] }],
  });
  await s3rver.configureBuckets();
  const s3Handler = s3rver.callback();

  const server = http.createServer((req, res) => {
    handle(s3Handler, req, res).catch(() => {
      if (!res.headersSent) sendS3Error(res, 500, '');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30000;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    if (resetOnExit) {
      try {
        s3rver.reset();
      } catch {
        // A half-deleted temporary folder is not worth failing the shutdown for.
      }
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();

  server.on('error', (err) => {
    process.stderr.write(`s3-server: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`ready ${server.address().port}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`s3-server failed to start: ${err.message}\n`);
  process.exit(1);
});
