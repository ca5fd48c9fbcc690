// Plays an HLS package folder in headless Chromium with Shaka Player and prints one JSON report on stdout:
// a second, independent player beside hls.js (play.mjs).
//
//   node shaka.mjs --folder <package folder> [--seconds 4] [--trick-play] [--timeout 90]
//
// The report lists the variant tracks Shaka read from master.m3u8 (size, bandwidth, codecs), the I-frame
// (trick-play) stream Shaka attached to each variant's video from EXT-X-I-FRAME-STREAM-INF and the
// segments it read from that I-frame playlist, the text tracks and the cues of the first one, the image
// tracks (from thumbnails.vtt through player.addThumbnailsTrack when the package has one, with the first
// thumbnail Shaka resolves), every Shaka error event, every HTTP error, console errors, and the position
// reached: first in normal playback, then in trick play (fast forward on the I-frame stream). The
// caller judges it; the exit code is 0 whenever a report was written, 2 when playback could not be set up.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { here, withPlayerPage } from './browser.mjs';

// SHAKA_DEBUG=1 loads the debug build and copies Shaka's own log to stderr (to find why it failed).
const debug = process.env.SHAKA_DEBUG === '1';
const shakaScript = path.join(here, 'node_modules', 'shaka-player', 'dist', debug ? 'shaka-player.compiled.debug.js' : 'shaka-player.compiled.js');
const usage = 'node shaka.mjs --folder <package> | --url <master.m3u8 URL> [--seconds 4] [--trick-play] [--timeout 90]';

function parseArguments(argv) {
  const options = { folder: null, url: null, seconds: 4, timeout: 90, trickPlay: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--trick-play') { options.trickPlay = true; i -= 1; continue; }
    if (name === '--folder' && value) options.folder = path.resolve(value);
    else if (name === '--url' && value) options.url = new URL(value).toString();
    else if (name === '--seconds' && value) options.seconds = Number(value);
    else if (name === '--timeout' && value) options.timeout = Number(value);
    else throw new Error(`Unknown argument ${name}. Usage: ${usage}`);
  }
  if (!options.folder === !options.url) throw new Error(`Give either --folder or --url. Usage: ${usage}`);
  return options;
}

// Runs in the page. Shaka's public API has no list of I-frame streams: in Shaka 5 the HLS parser turns
// each EXT-X-I-FRAME-STREAM-INF with a video codec into a Stream that StreamUtils.setBetterIFrameStream
// hangs on each variant's video as `trickModeVideo` (the one of the same resolution), and only mjpg
// I-frame streams become image tracks. So the report reads them from player.getManifest() (its shape is
// not semver-covered; `trickModeVideo` and `createSegmentIndex` belong to the shaka.extern.Stream
// externs and keep their names), and then proves them by trick play, which streams that I-frame playlist.
async function playInPage({ source, thumbnails, seconds, trickPlay, timeoutMs, debugLog }) {
  const report = {
    supported: false, shakaVersion: shaka.Player.version, variants: [], iframeStreams: [], textTracks: [],
    imageTracks: [], thumbnail: null, errors: [], currentTime: 0, duration: 0, timedOut: false,
    trickPlay: null, cues: [],
  };
  if (debugLog && shaka.log?.setLevel) shaka.log.setLevel(shaka.log.Level.V1);
  if (debugLog) {
    const transmux = shaka.transmuxer.TsTransmuxer.prototype.transmux;
    shaka.transmuxer.TsTransmuxer.prototype.transmux = async function (data, stream, reference, duration, contentType) {
      try {
        return await transmux.call(this, data, stream, reference, duration, contentType);
      } catch (e) {
        console.error(`transmux failed: ${stream?.originalId} ${contentType} ${reference?.startTime}-${reference?.endTime} bytes=${data?.byteLength} codecs=${stream?.codecs} code=${e?.code} ${e?.stack ?? ''}`);
        throw e;
      }
    };
  }
  shaka.polyfill.installAll();
  report.supported = shaka.Player.isBrowserSupported();
  if (!report.supported) return report;
  const describe = (e) => ({
    code: e?.code ?? null, category: e?.category ?? null, severity: e?.severity ?? null,
    message: e?.message ?? String(e), data: (e?.data ?? []).map((d) => (typeof d === 'object' ? String(d?.message ?? JSON.stringify(d)) : d)),
  });
  const video = document.getElementById('video');
  const player = new shaka.Player();
  player.addEventListener('error', (event) => report.errors.push(describe(event.detail)));
  const deadline = Date.now() + timeoutMs;
  const notLate = () => Date.now() < deadline;
  const waitFor = (predicate) => new Promise((resolve) => {
    const check = () => (predicate() || !notLate() ? resolve(predicate()) : setTimeout(check, 50));
    check();
  });
  // A short buffering goal leaves the rest of the presentation unbuffered, so that trick play must fetch
  // I-frames rather than fast-forward through what normal playback buffered already.
  player.configure({ streaming: { bufferingGoal: 2, rebufferingGoal: 1, bufferBehind: 2 } });
  const rangedRequests = [];
  player.getNetworkingEngine().registerRequestFilter((type, request) => {
    const range = request.headers.Range ?? request.headers.range;
    if (range) rangedRequests.push({ uri: new URL(request.uris[0], location.href).pathname, range });
  });
  try {
    await player.attach(video);
    const loaded = await Promise.race([player.load(source).then(() => true), waitFor(() => false)]);
    if (!loaded) throw new Error('player.load did not finish in time');
  } catch (e) {
    report.errors.push(describe(e));
    await player.destroy();
    return report;
  }

  report.variants = player.getVariantTracks().map((t) => ({
    width: t.width, height: t.height, bandwidth: t.bandwidth, codecs: t.codecs, videoCodec: t.videoCodec,
    audioCodec: t.audioCodec, frameRate: t.frameRate, videoBandwidth: t.videoBandwidth,
  }));
  const manifest = player.getManifest();
  const iframeStreams = new Map();
  for (const variant of manifest.variants) {
    const trick = variant.video?.trickModeVideo;
    if (trick && !iframeStreams.has(trick)) iframeStreams.set(trick, variant.video);
  }
  for (const [trick, video_] of iframeStreams) {
    const entry = {
      uri: trick.originalId, width: trick.width ?? null, height: trick.height ?? null, bandwidth: trick.bandwidth ?? null,
      codecs: trick.codecs, forVariant: { width: video_.width ?? null, height: video_.height ?? null }, segments: null, byteRanges: 0, error: null,
    };
    try {
      await trick.createSegmentIndex();
      const references = Array.from(trick.segmentIndex);
      entry.segments = references.length;
      entry.byteRanges = references.filter((r) => r.getStartByte() > 0 || r.getEndByte() !== null).length;
      entry.firstStart = references[0]?.startTime ?? null;
      entry.lastEnd = references.at(-1)?.endTime ?? null;
    } catch (e) {
      entry.error = describe(e);
    }
    report.iframeStreams.push(entry);
  }

  const textTracks = player.getTextTracks();
  report.textTracks = textTracks.map((t) => ({ language: t.language, label: t.label, kind: t.kind, mimeType: t.mimeType, codecs: t.codecs }));
  if (textTracks.length > 0) {
    // In Shaka 5, selecting a text track also makes it visible (setTextTrackVisibility is gone).
    player.selectTextTrack(textTracks[0]);
  }

  if (thumbnails) {
    try {
      const track = await player.addThumbnailsTrack(new URL(thumbnails, location.href).href, 'text/vtt');
      const thumbnail = await player.getThumbnails(track.id, 0);
      report.thumbnail = thumbnail && {
        uris: thumbnail.uris, startTime: thumbnail.startTime, duration: thumbnail.duration, width: thumbnail.width,
        height: thumbnail.height, positionX: thumbnail.positionX, positionY: thumbnail.positionY, sprite: !!thumbnail.sprite,
      };
    } catch (e) {
      report.errors.push(describe(e));
    }
  }
  report.imageTracks = player.getImageTracks().map((t) => ({ width: t.width, height: t.height, bandwidth: t.bandwidth, mimeType: t.mimeType }));

  video.play().catch((e) => report.errors.push({ code: null, category: 'play', severity: 2, message: String(e), data: [] }));
  const fatal = () => report.errors.some((e) => e.severity === shaka.util.Error.Severity.CRITICAL);
  const duration = () => (Number.isFinite(video.duration) ? video.duration : 0);
  // A package shorter than --seconds counts as played through once it ends.
  await waitFor(() => video.currentTime >= seconds || video.ended || fatal());
  report.currentTime = video.currentTime;
  report.ended = video.ended;
  report.duration = duration();
  report.videoSize = { width: video.videoWidth, height: video.videoHeight };
  for (const track of Array.from(video.textTracks)) {
    report.cues.push(...Array.from(track.cues ?? []).map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })));
  }

  // Trick play: the presentation is loaded again (nothing buffered) and fast-forwarded at 4x from the
  // start, which makes Shaka's streaming engine switch the video to the variant's trickModeVideo and
  // fetch I-frames by byte range. Its errors are kept apart from those of normal playback.
  if (trickPlay && iframeStreams.size > 0 && !fatal() && notLate()) {
    const normalErrors = report.errors.length;
    const before = rangedRequests.length;
    const reloaded = await Promise.race([player.load(source).then(() => true, (e) => { report.errors.push(describe(e)); return false; }),
      waitFor(() => false)]);
    if (reloaded) {
      player.trickPlay(4);
      video.play().catch(() => {});
    }
    const target = Math.min(4, duration() - 0.5);
    const trickFatal = () => report.errors.slice(normalErrors).some((e) => e.severity === shaka.util.Error.Severity.CRITICAL);
    // Done once Shaka fetched the I-frames ahead (all but the first, which normal loading may have taken)
    // and buffered them, or once the position moved on: in headless Chromium the position may stay put
    // on sparse I-frames, so waiting on it alone would only end at the deadline.
    const iframeCount = Math.min(...report.iframeStreams.map((s) => s.segments ?? 0));
    const fetched = () => new Set(rangedRequests.slice(before).map((r) => r.uri)).size;
    const reached = await waitFor(() => (fetched() >= Math.max(1, iframeCount - 1) && video.buffered.length > 0)
      || ((video.currentTime >= target || video.ended) && fetched() > 0) || trickFatal());
    report.trickPlay = {
      rate: 4, target, reached, at: video.currentTime, playbackRate: video.playbackRate, readyState: video.readyState,
      buffered: Array.from({ length: video.buffered.length }, (_, i) => [video.buffered.start(i), video.buffered.end(i)]), rangedRequests: rangedRequests.slice(before), errors: report.errors.splice(normalErrors),
    };
    player.cancelTrickPlay();
  }
  report.timedOut = !notLate();
  await player.destroy();
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
  // The storyboard lies beside master.m3u8, in the package folder or where it was published.
  const thumbnails = options.url
    ? await fetch(new URL('storyboard/thumbnails.vtt', options.url)).then((r) => (r.ok ? new URL('storyboard/thumbnails.vtt', options.url).toString() : null), () => null)
    : await access(path.join(options.folder, 'storyboard', 'thumbnails.vtt')).then(() => '/package/storyboard/thumbnails.vtt', () => null);
  try {
    const report = await withPlayerPage({ folder: options.folder, title: 'HlsEncoder playback (Shaka)', playerScript: shakaScript, timeoutMs: (options.timeout + 30) * 1000 }, async ({ tab, requests, consoleErrors, chromiumVersion }) => {
      if (debug) tab.on('console', (message) => process.stderr.write(`[${message.type()}] ${message.text()}\n`));
      const played = await tab.evaluate(playInPage, {
        source: options.url ?? '/package/master.m3u8', thumbnails,
        seconds: options.seconds, trickPlay: options.trickPlay, timeoutMs: options.timeout * 1000, debugLog: debug,
      });
      played.chromium = chromiumVersion;
      played.httpErrors = requests.filter((r) => r.status >= 400);
      // The requests trick play made: the I-frame playlists, and byte ranges of segments.
      played.iframeRequests = requests.filter((r) => /iframe/i.test(r.url) || (r.range && r.url.endsWith('.ts'))).map((r) => ({ url: r.url, status: r.status, range: r.range }));
      played.requests = requests.length;
      played.consoleErrors = consoleErrors;
      return played;
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`Shaka playback could not run: ${e.stack ?? e}\n`);
    process.exitCode = 2;
  }
}

await main();
