/**
 * Which endpoints a model may send AWS calls to (`configuration.endpoint`). The worker signs every call
 * with real credentials, so an endpoint a model names is refused unless the operator's
 * AWS_ENDPOINT_ALLOW_LIST allows it. Endpoints the operator configures (AWS_ENDPOINT_URL_*) are trusted.
 *
 * An entry is `scheme://host[:port]`: `host` is a name or an IP address, or `*.` and a suffix for every
 * name under it; `port` is a number or `*`, and without it only the scheme's default port matches.
 * The single entry `*` allows everything (for development only).
 */
export const DEFAULT_ENDPOINT_ALLOW_LIST = 'https://*.amazonaws.com,https://*.amazonaws.com.cn,https://*.api.aws';

interface Entry {
  protocol: string;
  host: string;
  wildcard: boolean;
  port: string;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export class EndpointAllowList {
  private constructor(private readonly entries: Entry[], private readonly any: boolean, readonly text: string) {}

  /** Parses the setting; throws an Error naming the bad entry. */
  static parse(text: string): EndpointAllowList {
    const items = text.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.includes('*')) return new EndpointAllowList([], true, text);
    const entries = items.map((item) => {
      const m = /^(https?):\/\/(\*\.)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}|\*))?\/?$/.exec(item);
      if (!m) throw new Error(`'${item}' is not an endpoint pattern such as https://*.amazonaws.com or http://127.0.0.1:4566`);
      const protocol = `${m[1]}:`;
      return { protocol, wildcard: Boolean(m[2]), host: m[3].toLowerCase(), port: m[4] ?? DEFAULT_PORTS[protocol] };
    });
    return new EndpointAllowList(entries, false, text);
  }

  allows(url: URL): boolean {
    if (this.any) return true;
    const port = url.port || DEFAULT_PORTS[url.protocol];
    const host = url.hostname.toLowerCase();
    return this.entries.some((e) =>
      e.protocol === url.protocol &&
      (e.port === '*' || e.port === port) &&
      (e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host));
  }
}
