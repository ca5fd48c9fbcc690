// Checks an HLS package folder with strict parsers and prints one JSON report on stdout.
//
//   node validate.mjs --folder <package folder>
//
// master.m3u8 and every playlist it names (variants, renditions, I-frame playlists) are parsed by
// hls-parser in strict mode, which throws on the first rule a playlist breaks. I-frame playlists must
// parse as EXT-X-I-FRAMES-ONLY with a byte range on every segment, inside a segment file that exists.
// Every segment a media playlist names must exist, and EXTINF and EXT-X-BYTERANGE values must follow the
// RFC's grammar (hls-parser reads them loosely). Every .vtt file in the folder is parsed by
// webvtt-parser, and every error it reports counts. HLS subtitle segments carry an X-TIMESTAMP-MAP
// header (RFC 8216, 3.5) that webvtt-parser, written before HLS, reports as "No blank line after the
// signature": that one line is checked here against the RFC's grammar instead and taken out before
// the rest of the file is parsed. A .m3u8 in the folder that master.m3u8 does not reach is an error too.
// The report: files (each with its kind), errors ({ file, message, line }), counts by kind.
// Exit code 0 whenever a report was written (the caller judges it), 2 on bad arguments.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import HLS from 'hls-parser';
import webvtt from 'webvtt-parser';

const usage = 'node validate.mjs --folder <package folder>';
const timestampMap = /^X-TIMESTAMP-MAP=(?:MPEGTS:\d+,LOCAL:(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}|LOCAL:(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3},MPEGTS:\d+)$/;

function parseArguments(argv) {
  if (argv.length !== 2 || argv[0] !== '--folder') throw new Error(`Usage: ${usage}`);
  return { folder: path.resolve(argv[1]) };
}

async function listFiles(folder, relative = '') {
  const found = [];
  for (const entry of await readdir(path.join(folder, relative), { withFileTypes: true })) {
    const name = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) found.push(...await listFiles(folder, name));
    else if (entry.isFile()) found.push(name);
  }
  return found;
}

async function fileSize(folder, name) {
  try {
    return (await stat(path.join(folder, name))).size;
  } catch {
    return null;
  }
}

export async function validate(folder) {
  HLS.setOptions({ strictMode: true });
  const report = { folder, files: [], errors: [], counts: {} };
  const checked = (file, kind) => {
    report.files.push({ file, kind });
    report.counts[kind] = (report.counts[kind] ?? 0) + 1;
  };
  const fail = (file, message, line = null) => report.errors.push({ file, message, line });
  const subtitleSegments = new Set();
  const reached = new Set();

  async function parsePlaylist(file) {
    reached.add(file);
    let text;
    try {
      text = await readFile(path.join(folder, file), 'utf8');
    } catch {
      fail(file, 'missing');
      return null;
    }
    // Two tags whose values hls-parser reads loosely even in strict mode ("7520@x" gives offset 0):
    // checked here against RFC 8216's grammar (decimal-integer, decimal-floating-point).
    for (const [index, line] of text.split(/\r?\n/).entries()) {
      if (line.startsWith('#EXT-X-BYTERANGE:') && !/^#EXT-X-BYTERANGE:\d+(@\d+)?$/.test(line)) fail(file, `malformed ${line}`, index + 1);
      if (line.startsWith('#EXTINF:') && !/^#EXTINF:\d+(\.\d+)?,/.test(line)) fail(file, `malformed ${line}`, index + 1);
    }
    try {
      return HLS.parse(text);
    } catch (e) {
      fail(file, e.message);
      return null;
    }
  }

  async function checkMedia(file, kind) {
    const playlist = await parsePlaylist(file);
    checked(file, kind);
    if (!playlist) return;
    if (playlist.isMasterPlaylist) return fail(file, 'a master playlist where a media playlist belongs');
    if (playlist.segments.length === 0) fail(file, 'no segments');
    if (kind === 'iframe' && !playlist.isIFrame) fail(file, 'not EXT-X-I-FRAMES-ONLY');
    if (kind !== 'iframe' && playlist.isIFrame) fail(file, 'EXT-X-I-FRAMES-ONLY in a playlist named by EXT-X-STREAM-INF or EXT-X-MEDIA');
    const folderOf = path.posix.dirname(file);
    for (const [index, segment] of playlist.segments.entries()) {
      const target = path.posix.normalize(path.posix.join(folderOf, segment.uri));
      const size = await fileSize(folder, target);
      if (size === null) {
        fail(file, `segment ${index} (${segment.uri}) is missing`);
        continue;
      }
      // hls-parser's strict mode lets a negative or non-numeric EXTINF through.
      if (!(Number.isFinite(segment.duration) && segment.duration > 0)) fail(file, `segment ${index} (${segment.uri}) has EXTINF ${segment.duration}`);
      if (kind === 'subtitles') subtitleSegments.add(target);
      if (kind === 'iframe') {
        const range = segment.byterange;
        if (!range || !Number.isSafeInteger(range.offset) || !Number.isSafeInteger(range.length)) {
          fail(file, `segment ${index} (${segment.uri}) has no EXT-X-BYTERANGE with a whole length and offset`);
        } else if (range.length <= 0 || range.offset < 0 || range.offset + range.length > size) {
          fail(file, `segment ${index}: byte range ${range.length}@${range.offset} lies outside ${segment.uri} (${size} bytes)`);
        }
      }
    }
  }

  const master = await parsePlaylist('master.m3u8');
  checked('master.m3u8', 'master');
  if (master && !master.isMasterPlaylist) fail('master.m3u8', 'not a master playlist');
  if (master?.isMasterPlaylist) {
    const media = new Map();
    for (const variant of master.variants) {
      media.set(variant.uri, variant.isIFrameOnly ? 'iframe' : 'variant');
      for (const rendition of [...variant.audio, ...variant.video, ...variant.subtitles]) {
        if (rendition.uri) media.set(rendition.uri, rendition.type === 'SUBTITLES' ? 'subtitles' : 'rendition');
      }
    }
    if (![...media.values()].includes('variant')) fail('master.m3u8', 'no EXT-X-STREAM-INF variant');
    for (const [uri, kind] of media) await checkMedia(path.posix.normalize(uri), kind);
  }

  const files = await listFiles(folder);
  for (const file of files.filter((f) => f.endsWith('.m3u8') && !reached.has(f))) {
    fail(file, 'a playlist that master.m3u8 does not reach');
  }
  const parser = new webvtt.WebVTTParser();
  for (const file of files.filter((f) => f.endsWith('.vtt'))) {
    const lines = (await readFile(path.join(folder, file), 'utf8')).split(/\r\n|\r|\n/);
    const kind = subtitleSegments.has(file) ? 'subtitle-segment' : 'webvtt';
    checked(file, kind);
    if (kind === 'subtitle-segment' && lines[1] !== undefined && lines[1] !== '') {
      if (!timestampMap.test(lines[1])) fail(file, `not an X-TIMESTAMP-MAP header: ${lines[1]}`, 2);
      lines.splice(1, 1);
    }
    // 'metadata' mode for storyboards, whose cue payloads are image URLs rather than cue text.
    const tree = parser.parse(lines.join('\n'), file.endsWith('thumbnails.vtt') ? 'metadata' : undefined);
    for (const error of tree.errors) {
      const line = kind === 'subtitle-segment' && error.line >= 2 ? error.line + 1 : error.line;
      fail(file, error.message, line);
    }
    // A transcript of a video where nothing is said has no cues, which WebVTT allows; a storyboard must cover the video.
    if (tree.cues.length === 0 && file.endsWith('thumbnails.vtt')) fail(file, 'no cues');
  }
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
  process.stdout.write(`${JSON.stringify(await validate(options.folder), null, 2)}\n`);
}

await main();
