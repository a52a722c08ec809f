/** The same server, its maintenance database: where databases are created and dropped. */
export function adminUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}
