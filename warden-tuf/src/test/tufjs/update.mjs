// One update by tuf-js's Updater, as a device would run it: refresh the metadata (root chain, timestamp, snapshot,
// targets), then look each target path up and download it.
//
//   node update.mjs <metadata base URL> <target base URL> <metadata dir> <target dir> [target path...]
//
// The metadata dir holds the trusted root.json before the first run, and tuf-js's trusted metadata after: runs with
// the same dir are one device updating again. Prints one JSON line, {"ok":true,...} or
// {"ok":false,"error":<the error's class>,"message":<its message>}, for TufJsInteropTest to assert on.
import tuf from 'tuf-js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [metadataBaseUrl, targetBaseUrl, metadataDir, targetDir, ...targetPaths] = process.argv.slice(2);

function trustedVersion(role) {
  try {
    return JSON.parse(readFileSync(join(metadataDir, `${role}.json`), 'utf8')).signed.version;
  } catch {
    return null;
  }
}

try {
  const updater = new tuf.Updater({ metadataBaseUrl, targetBaseUrl, metadataDir, targetDir });
  await updater.refresh();
  const result = { ok: true, root: trustedVersion('root'), timestamp: trustedVersion('timestamp'), targets: {} };
  for (const targetPath of targetPaths) {
    const info = await updater.getTargetInfo(targetPath);
    if (!info) {
      throw Object.assign(new Error(`no trusted metadata describes ${targetPath}`), { name: 'TargetNotFound' });
    }
    const file = await updater.downloadTarget(info);
    const bytes = readFileSync(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    result.targets[targetPath] = { file, length: bytes.length, sha256 };
  }
  console.log(JSON.stringify(result));
} catch (error) {
  const name = error?.name === 'TargetNotFound' ? error.name : error?.constructor?.name;
  console.log(JSON.stringify({ ok: false, error: name, message: String(error?.message ?? error) }));
  process.exitCode = 1;
}
