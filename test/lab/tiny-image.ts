import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A minimal but real OCI image: one gzip layer holding one file, a linux/amd64 config, a manifest. */
export interface TinyImage {
  config: { digest: string; bytes: Buffer };
  layer: { digest: string; bytes: Buffer };
  manifest: { digest: string; bytes: Buffer; mediaType: string };
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** One regular file in a ustar archive (512-byte header, padded data, two zero blocks). */
function tarOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(content.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148); // checksum field counts as spaces while summing
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)]);
}

export function tinyImage(text: string, labels: Record<string, string> = {}): TinyImage {
  const tar = tarOneFile('hello.txt', Buffer.from(`${text}\n`));
  const layerBytes = gzipSync(tar);
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: labels, Cmd: ['/hello.txt'] },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    history: [{ created_by: 'ghcr-doctor lab seedImage' }],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(configBytes), size: configBytes.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layerBytes), size: layerBytes.length }],
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    config: { digest: sha256(configBytes), bytes: configBytes },
    layer: { digest: sha256(layerBytes), bytes: layerBytes },
    manifest: { digest: sha256(manifestBytes), bytes: manifestBytes, mediaType },
  };
}
