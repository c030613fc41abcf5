// Reads what the screenshot tests check in a PNG: its signature and the IHDR dimensions.
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngSize {
  width: number;
  height: number;
}

/** The image size, or an error naming what is wrong with the bytes. */
export function pngSize(bytes: Buffer): PngSize {
  if (bytes.length < 24) throw new Error(`not a PNG: ${bytes.length} bytes`);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: wrong signature');
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** An environment with no cluster, Central, channel or lab settings: the embedded lab is chosen. */
export function embeddedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (
      /^(ROX_|KUBE|SLACK_|TEAMS_|AZURE_|LAB_|HARNESS_|POD_|ALERT_|READBACK_|SCREENSHOTS_|PLAYWRIGHT_)/.test(
        name,
      ) ||
      ['TARGET', 'RUN_ID', 'KEEP', 'REPORTS_DIR', 'MODULE_CR_FILE', 'CENTRAL_NAMESPACE', 'CI'].includes(name)
    )
      delete env[name];
  return { ...env, ...extra };
}
