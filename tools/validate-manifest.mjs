#!/usr/bin/env node
// Validates a Teams app manifest the way the Teams service will see it, offline.
//
//   node tools/validate-manifest.mjs [--base-dir DIR] [MANIFEST.json | -]
//
// Reads the manifest from the path given, or from standard input when the path is "-" or missing.
// Checks, and prints every problem found on its own line (on stderr), then exits 1 if there was any:
//   - the JSON parses, and its "$schema" names a schema bundled with @microsoft/app-manifest (never fetched);
//   - no "${{NAME}}" placeholder is left (substitute them first, as scripts/build-manifest.sh does);
//   - AppManifestUtils.validateAgainstSchema on the raw parsed JSON (every schema error, not just the first);
//   - Teams limits the newer schemas no longer encode: bot command titles <= 32, descriptions <= 128 characters;
//   - the icons exist beside the manifest (or in --base-dir), are PNGs of the required sizes, and the
//     outline icon has only white pixels on a transparent background.
// Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inflateSync } from "node:zlib";

const require = createRequire(import.meta.url);
const { AppManifestUtils } = require("@microsoft/app-manifest");

const COMMAND_TITLE_MAX = 32;
const COMMAND_DESCRIPTION_MAX = 128;
const ICON_SIZES = { color: 192, outline: 32, color32x32: 32 };

function usage(message) {
  process.stderr.write(`${message}\nusage: node validate-manifest.mjs [--base-dir DIR] [MANIFEST.json | -]\n`);
  process.exit(2);
}

function parseArguments(argv) {
  let baseDir;
  let manifestPath;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--base-dir") {
      baseDir = argv[++i] ?? usage("--base-dir needs a directory");
    } else if (arg === "-h" || arg === "--help") {
      usage("Validates a Teams app manifest against its bundled schema and checks its icons.");
    } else if (arg.startsWith("-") && arg !== "-") {
      usage(`unknown option ${arg}`);
    } else if (manifestPath === undefined) {
      manifestPath = arg;
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  const fromStdin = manifestPath === undefined || manifestPath === "-";
  return {
    fromStdin,
    manifestPath: fromStdin ? "<stdin>" : path.resolve(manifestPath),
    baseDir: path.resolve(baseDir ?? (fromStdin ? process.cwd() : path.dirname(path.resolve(manifestPath)))),
  };
}

/** Where the library looks for a bundled schema: the URL without its locale segment, under build/. */
function bundledSchemaFile(schemaUrl) {
  let url;
  try {
    url = new URL(schemaUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.hostname !== "developer.microsoft.com") {
    return undefined;
  }
  const pathname = url.pathname.replace(/^\/[a-z]{2}(?:-[a-z]{2})?(?=\/json-schemas\/)/i, "");
  if (!pathname.startsWith("/json-schemas/teams/")) {
    return undefined;
  }
  const file = path.join(path.dirname(require.resolve("@microsoft/app-manifest")), pathname);
  return existsSync(file) ? file : undefined;
}

function* strings(value, pointer = "") {
  if (typeof value === "string") {
    yield [pointer, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], `${pointer}/${i}`);
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) yield* strings(child, `${pointer}/${key}`);
  }
}

function placeholderErrors(manifest) {
  const errors = [];
  for (const [pointer, text] of strings(manifest)) {
    for (const match of text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
      errors.push(`${pointer} has the unresolved placeholder ${match[0]}: substitute ${match[1]} first (scripts/build-manifest.sh does)`);
    }
  }
  return errors;
}

function teamsLimitErrors(manifest) {
  const errors = [];
  (Array.isArray(manifest.bots) ? manifest.bots : []).forEach((bot, b) => {
    (Array.isArray(bot?.commandLists) ? bot.commandLists : []).forEach((list, l) => {
      (Array.isArray(list?.commands) ? list.commands : []).forEach((command, c) => {
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        if (typeof command?.title === "string" && command.title.length > COMMAND_TITLE_MAX) {
          errors.push(`${at}/title "${command.title}" is ${command.title.length} characters; Teams shows at most ${COMMAND_TITLE_MAX}`);
        }
        if (typeof command?.description === "string" && command.description.length > COMMAND_DESCRIPTION_MAX) {
          errors.push(`${at}/description is ${command.description.length} characters; Teams shows at most ${COMMAND_DESCRIPTION_MAX}`);
        }
      });
    });
  });
  return errors;
}

// ---- PNG reading: signature, IHDR, and (for the outline icon) decoded pixels. -------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readPng(file) {
  const data = readFileSync(file);
  if (data.length < 33 || !data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error("is not a PNG file");
  }
  const chunks = [];
  for (let pos = 8; pos + 12 <= data.length; ) {
    const length = data.readUInt32BE(pos);
    chunks.push({ type: data.toString("latin1", pos + 4, pos + 8), data: data.subarray(pos + 8, pos + 8 + length) });
    pos += 12 + length;
  }
  const ihdr = chunks[0].data;
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8],
    colorType: ihdr[9],
    interlace: ihdr[12],
    chunks,
  };
}

/** Returns the image as 8-bit RGBA, or throws on a format this small decoder does not handle. */
export function decodeRgba(png) {
  const { width, height, bitDepth, colorType, interlace, chunks } = png;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  const supported = channels !== undefined && interlace === 0 && (colorType === 3 ? [1, 2, 4, 8].includes(bitDepth) : [8, 16].includes(bitDepth));
  if (!supported) {
    throw new Error(`uses a PNG format the pixel check does not read (colour type ${colorType}, bit depth ${bitDepth}, interlace ${interlace}); save it as 8-bit RGBA`);
  }
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const bitsPerPixel = channels * bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let predictor;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`has an invalid PNG filter type ${filter} on row ${y}`);
      }
      out[i] = (line[i] + predictor) & 0xff;
    }
  }
  const palette = chunks.find((c) => c.type === "PLTE")?.data;
  const transparency = chunks.find((c) => c.type === "tRNS")?.data;
  const sample = (row, index) => // the index-th sample of a row, scaled to 8 bits
    bitDepth === 16 ? row[index * 2] : bitDepth === 8 ? row[index] : (row[(index * bitDepth) >> 3] >> (8 - bitDepth - ((index * bitDepth) & 7))) & ((1 << bitDepth) - 1);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      const s = (k) => sample(row, x * channels + k);
      let pixel;
      if (colorType === 3) {
        const index = s(0);
        pixel = [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2], transparency && index < transparency.length ? transparency[index] : 255];
      } else if (colorType === 0 || colorType === 4) {
        pixel = [s(0), s(0), s(0), colorType === 4 ? s(1) : 255];
      } else {
        pixel = [s(0), s(1), s(2), colorType === 6 ? s(3) : 255];
      }
      if (transparency && (colorType === 0 || colorType === 2)) {
        const key = colorType === 0 ? [transparency.readUInt16BE(0)] : [0, 2, 4].map((o) => transparency.readUInt16BE(o));
        const rawSamples = key.map((_, k) => (bitDepth === 16 ? row.readUInt16BE((x * channels + k) * 2) : row[x * channels + k]));
        if (rawSamples.every((v, k) => v === key[k])) pixel[3] = 0;
      }
      rgba.set(pixel, (y * width + x) * 4);
    }
  }
  return rgba;
}

function iconErrors(manifest, baseDir) {
  const errors = [];
  const icons = manifest.icons && typeof manifest.icons === "object" ? manifest.icons : {};
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const relative = icons[name];
    if (typeof relative !== "string") continue; // a missing required icon is already a schema error
    const file = path.resolve(baseDir, relative);
    const at = `/icons/${name}`;
    if (!existsSync(file)) {
      errors.push(`${at} file ${relative} is missing (looked in ${baseDir})`);
      continue;
    }
    try {
      const png = readPng(file);
      if (png.width !== size || png.height !== size) {
        errors.push(`${at} ${relative} is ${png.width}x${png.height}; Teams requires ${size}x${size}`);
      }
      if (name === "outline") {
        const rgba = decodeRgba(png);
        let offending = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3] !== 0 && (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255)) offending++;
        }
        if (offending > 0) {
          errors.push(`${at} ${relative} has ${offending} visible pixels that are not white; the outline icon must be white (#FFFFFF) on a transparent background`);
        }
        if (rgba.every((v, i) => i % 4 !== 3 || v === 0)) {
          errors.push(`${at} ${relative} is fully transparent`);
        }
      }
    } catch (e) {
      errors.push(`${at} ${relative} ${e.message}`);
    }
  }
  return errors;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  let text;
  try {
    text = options.fromStdin ? readFileSync(0, "utf8") : readFileSync(options.manifestPath, "utf8");
  } catch (e) {
    process.stderr.write(`cannot read ${options.manifestPath}: ${e.message}\n`);
    process.exit(2);
  }

  let manifest;
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    process.stderr.write(`${options.manifestPath} is not valid JSON: ${e.message}\n`);
    process.exit(1);
  }
  if (!manifest || typeof manifest !== "object" || Array.isArray(manifest)) {
    process.stderr.write(`${options.manifestPath} is not a JSON object\n`);
    process.exit(1);
  }

  const errors = [];
  if (typeof manifest.$schema !== "string") {
    errors.push(`/$schema is missing: it names the schema to validate against`);
  } else if (!bundledSchemaFile(manifest.$schema)) {
    errors.push(`/$schema ${manifest.$schema} is not a Teams manifest schema bundled with @microsoft/app-manifest (validation never fetches one)`);
  } else {
    errors.push(...(await AppManifestUtils.validateAgainstSchema(manifest)).map((e) => (e.startsWith(" ") ? `(root)${e}` : e)));
  }
  errors.push(...placeholderErrors(manifest), ...teamsLimitErrors(manifest), ...iconErrors(manifest, options.baseDir));

  if (errors.length > 0) {
    for (const error of errors) process.stderr.write(`${error}\n`);
    process.stderr.write(`${options.manifestPath}: ${errors.length} error(s)\n`);
    process.exit(1);
  }
  process.stdout.write(`${options.manifestPath}: valid against ${manifest.$schema}; icons checked in ${options.baseDir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
