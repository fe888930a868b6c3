/** The image a pasted line is about, so confirm commands and settings links can name it. */
export interface ImageHint {
  /** `ghcr.io/OWNER/NAME[:TAG]` as it appears (case kept: the diagnosis reports uppercase itself). */
  ref: string;
  owner: string;
  /** Package name, possibly nested (`repo/img`). */
  name: string;
}

const V2_PATH = /\bghcr\.io\/v2\/([\w.-]+)\/([\w.\/-]+?)\/(?:manifests|blobs|tags)\/([\w.-]+)?/i;
/** podman/buildah: `initiating layer upload to /v2/OWNER/NAME/blobs/uploads/ in ghcr.io`. */
const V2_PATH_IN_HOST = /\/v2\/([\w.-]+)\/([\w.\/-]+?)\/(?:manifests|blobs|tags)\/\S*\s+in\s+ghcr\.io\b/i;
const PLAIN_REF = /\bghcr\.io\/([\w.-]+)\/([\w.-]+(?:\/[\w.-]+)*)(?::([\w][\w.-]{0,127}))?/i;

export function imageHintOf(line: string): ImageHint | undefined {
  const v2 = V2_PATH.exec(line);
  if (v2) {
    const [, owner, name, ref] = v2 as unknown as [string, string, string, string | undefined];
    if (owner.toLowerCase() === 'user' && name === 'image') return undefined; // the /v2/ placeholder scope
    const tag = ref && !/^sha256$/i.test(ref) && !/^uploads$/i.test(ref) ? `:${ref}` : '';
    return { ref: `ghcr.io/${owner}/${name}${tag}`, owner, name };
  }
  const inHost = V2_PATH_IN_HOST.exec(line);
  if (inHost) return { ref: `ghcr.io/${inHost[1]}/${inHost[2]}`, owner: inHost[1]!, name: inHost[2]! };
  const plain = PLAIN_REF.exec(line);
  if (plain) {
    const [, owner, rawName, tag] = plain as unknown as [string, string, string, string | undefined];
    if (owner.toLowerCase() === 'v2' || owner.toLowerCase() === 'token') return undefined;
    const name = rawName.replace(/\.+$/, '');
    const cleanTag = tag?.replace(/\.+$/, '');
    return { ref: `ghcr.io/${owner}/${name}${cleanTag ? `:${cleanTag}` : ''}`, owner, name };
  }
  return undefined;
}
