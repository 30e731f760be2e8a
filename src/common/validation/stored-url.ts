import { Matches } from 'class-validator';

/** Characters no stored URL holds: whitespace, controls, quotes, angle brackets, backslash. */
const URL_CHAR = String.raw`[^\s\x00-\x1f\x7f<>"'\\]`;
const HTTP_URL = String.raw`https?://${URL_CHAR}+`;
/** Our own uploads, as AnqiCMS stores them ("uploads/…") or root-relative ("/uploads/…"). */
const UPLOADS_PATH = String.raw`/?uploads/(?!.*\.\.)[^\s\x00-\x1f\x7f<>"'\\?#]+`;
/** A path on our own site ("/about.html", a mini-program page); never "//host". */
const SITE_PATH = String.raw`/(?![/\\])${URL_CHAR}*`;

/**
 * What a stored URL may be. `image`: an http(s) URL or a path of our own uploads. `link`: an
 * http(s) URL or a path on our own site. Nothing else, so a `javascript:`, `data:` or
 * `vbscript:` URL (in any spelling) never reaches a page that shows it.
 */
export type StoredUrlKind = 'image' | 'link';

const PATTERNS: Record<StoredUrlKind, string> = {
  image: `${HTTP_URL}|${UPLOADS_PATH}`,
  link: `${HTTP_URL}|${SITE_PATH}`,
};

const MESSAGES: Record<StoredUrlKind, string> = {
  image: 'an http(s) URL or an /uploads/… path',
  link: 'an http(s) URL or a path on this site starting with /',
};

export function storedUrlPattern(kind: StoredUrlKind, options: { empty?: boolean } = {}): RegExp {
  return new RegExp(`^(${PATTERNS[kind]}${options.empty ? '|' : ''})$`, 'i');
}

/** True when `value` may be stored as a URL of this kind (see StoredUrlKind). */
export function isStoredUrl(value: string, kind: StoredUrlKind = 'image'): boolean {
  return storedUrlPattern(kind).test(value);
}

/**
 * The one validator of every stored URL (product, category and banner images, logos, links,
 * avatars, request images). `each`: every item of an array; `empty`: "" clears the field.
 */
export function IsStoredUrl(
  kind: StoredUrlKind,
  options: { each?: boolean; empty?: boolean } = {},
): PropertyDecorator {
  const subject = options.each ? 'each of $property' : '$property';
  return Matches(storedUrlPattern(kind, options), {
    each: options.each,
    message: `${subject} must be ${MESSAGES[kind]}`,
  });
}
