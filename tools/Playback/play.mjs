// Plays an HLS package in headless Chromium with hls.js and prints one JSON report on stdout.
//
//   node play.mjs --folder <package folder> [--seconds 6] [--switch-level <index>] [--subtitle-track <index>] [--timeout 90]
//   node play.mjs --url <master playlist URL> [...]
//
// The folder is served over HTTP on 127.0.0.1 (any free port) beside a page that loads hls.js from
// node_modules; with --url, hls.js plays the master playlist from where it was published (such as S3,
// cross-origin, as a browser would). The report lists the levels hls.js loaded, every level switch and fragment, every
// hls.js error (fatal or not: hls.js plays on through many broken packages), every HTTP request that
// failed, the playback position reached, the text tracks with their cues (count, and each cue's start,
// end and text), and where the first video frame sits on the media timeline. The caller judges
// it; the exit code is 0 whenever a report was written, 2 when playback could not be set up at all.
import path from 'node:path';
import { here, withPlayerPage } from './browser.mjs';

const hlsScript = path.join(here, 'node_modules', 'hls.js', 'dist', 'hls.min.js');

function parseArguments(argv) {
  const options = { seconds: 6, switchLevel: null, subtitleTrack: null, timeout: 90, folder: null, url: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--folder') options.folder = path.resolve(value);
    else if (name === '--url') options.url = new URL(value).toString();
    else if (name === '--seconds') options.seconds = Number(value);
    else if (name === '--switch-level') options.switchLevel = Number(value);
    else if (name === '--subtitle-track') options.subtitleTrack = Number(value);
    else if (name === '--timeout') options.timeout = Number(value);
    else throw new Error(`Unknown argument ${name}. Usage: node play.mjs --folder <package> | --url <master.m3u8 URL> [--seconds 6] [--switch-level N] [--subtitle-track N] [--timeout 90]`);
  }
  if (!options.folder === !options.url) throw new Error('Give either --folder or --url.');
  return options;
}

// Runs in the page: plays the master playlist, optionally forces a level half-way, and returns what happened.
async function playInPage({ source, seconds, switchLevel, subtitleTrack, timeoutMs }) {
  const video = document.getElementById('video');
  const report = {
    supported: Hls.isSupported(), hlsVersion: Hls.version, levels: [], levelSwitches: [], fragments: [],
    errors: [], currentTime: 0, duration: 0, forcedLevel: switchLevel, textTracks: [], timedOut: false,
    subtitleTracks: [], firstVideoTime: null,
  };
  if (!report.supported) return report;
  const hls = new Hls({ enableWorker: true, subtitleDisplay: true });
  const waitFor = (predicate) => new Promise((resolve) => {
    const check = () => (predicate() ? resolve(true) : setTimeout(check, 50));
    check();
  });
  hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
    report.levels = data.levels.map((l) => ({
      width: l.width, height: l.height, bitrate: l.bitrate, averageBitrate: l.averageBitrate ?? null,
      codecs: [l.videoCodec, l.audioCodec].filter(Boolean).join(','), frameRate: l.frameRate ?? null, url: l.url?.[0] ?? l.uri ?? null,
    }));
  });
  // Subtitles: the tracks hls.js read from the master playlist, and optionally one selected from the start,
  // so that its cues load as playback goes (hls.js fetches only the selected track's segments).
  hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (_, data) => {
    report.subtitleTracks = data.subtitleTracks.map((t) => ({ name: t.name, lang: t.lang ?? null, default: !!t.default, autoselect: !!t.autoselect }));
    if (subtitleTrack !== null && subtitleTrack !== undefined) hls.subtitleTrack = subtitleTrack;
  });
  // Where the first video frame lands on the media timeline (hls.js anchors it at the first DTS): cues
  // placed by X-TIMESTAMP-MAP must be offset by exactly this much from their times in the VTT files.
  hls.on(Hls.Events.BUFFER_APPENDED, (_, data) => {
    const video = data.timeRanges?.video;
    if (report.firstVideoTime === null && video && video.length > 0) report.firstVideoTime = video.start(0);
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => report.levelSwitches.push({ level: data.level, at: video.currentTime }));
  hls.on(Hls.Events.FRAG_LOADED, (_, data) => report.fragments.push({ level: data.frag.level, sn: data.frag.sn, type: data.frag.type }));
  const ranges = (buffered) => Array.from({ length: buffered.length }, (_, i) => [buffered.start(i), buffered.end(i)]);
  hls.on(Hls.Events.ERROR, (_, data) => report.errors.push({
    type: data.type, details: data.details, fatal: !!data.fatal, url: data.frag?.url ?? data.url ?? null,
    at: video.currentTime, buffered: ranges(video.buffered),
  }));
  const deadline = Date.now() + timeoutMs;
  const notLate = () => Date.now() < deadline;
  hls.loadSource(source);
  hls.attachMedia(video);
  await waitFor(() => report.levels.length > 0 || report.errors.some((e) => e.fatal) || !notLate());
  video.play().catch((e) => report.errors.push({ type: 'play', details: String(e), fatal: true, url: null }));
  const fatal = () => report.errors.some((e) => e.fatal);
  if (switchLevel !== null && switchLevel !== undefined) {
    await waitFor(() => video.currentTime >= seconds / 2 || fatal() || !notLate());
    hls.currentLevel = switchLevel;
    await waitFor(() => (report.levelSwitches.some((s) => s.level === switchLevel && s.at >= seconds / 2 - 0.5)
      && video.currentTime >= seconds) || fatal() || !notLate());
  } else {
    // A package shorter than --seconds counts as played through once it ends.
    await waitFor(() => video.currentTime >= seconds || video.ended || fatal() || !notLate());
  }
  report.timedOut = !notLate();
  for (const track of Array.from(video.textTracks)) {
    track.mode = 'hidden';
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  report.textTracks = Array.from(video.textTracks).map((t) => ({
    kind: t.kind, label: t.label, language: t.language, cues: t.cues ? t.cues.length : 0,
    cueList: Array.from(t.cues ?? []).map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })),
  }));
  report.currentTime = video.currentTime;
  report.ended = video.ended;
  report.duration = Number.isFinite(video.duration) ? video.duration : 0;
  report.videoSize = { width: video.videoWidth, height: video.videoHeight };
  hls.destroy();
  return report;
}

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  try {
    const report = await withPlayerPage({ folder: options.folder, title: 'HlsEncoder playback', playerScript: hlsScript, timeoutMs: (options.timeout + 30) * 1000 }, async ({ tab, origin, requests, consoleErrors, chromiumVersion }) => {
      // Requests to other origins (--url) do not pass through the local server: record their failures here.
      const remoteErrors = [];
      tab.on('response', (response) => {
        if (response.status() >= 400 && !response.url().startsWith(`${origin}/`)) {
          remoteErrors.push({ url: new URL(response.url()).pathname, status: response.status() });
        }
      });
      tab.on('requestfailed', (request) => remoteErrors.push({ url: new URL(request.url()).pathname, status: 0, failure: request.failure()?.errorText ?? null }));
      const played = await tab.evaluate(playInPage, {
        source: options.url ?? '/package/master.m3u8',
        seconds: options.seconds, switchLevel: options.switchLevel, subtitleTrack: options.subtitleTrack, timeoutMs: options.timeout * 1000,
      });
      played.chromium = chromiumVersion;
      played.httpErrors = [...requests.filter((r) => r.status >= 400), ...remoteErrors];
      played.requests = requests.length;
      played.consoleErrors = consoleErrors;
      return played;
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`Playback could not run: ${e.stack ?? e}\n`);
    process.exitCode = 2;
  }
}

await main();
