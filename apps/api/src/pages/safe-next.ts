const SAME_SITE_PATH = /^\/(?!\/)[^\s\\]*$/;

/** Where to go after a form: only a path on this site, never an open redirect. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && SAME_SITE_PATH.test(next) ? next : fallback;
}
