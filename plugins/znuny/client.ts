import axios, { type AxiosInstance } from 'axios';
import { AuthError, SchemaError, type Logger } from '../../src/plugin-sdk';
import { type CallSite, errorForCode, errorForNetwork, errorForStatus } from './errors';
import type { Operation, ZnunySettings } from './settings';

export type ZnunyBody = Record<string, unknown>;

export interface CallOptions {
  /** Values for the route's `:Name` placeholders. */
  path?: Record<string, string>;
  /** Query string for GET routes, JSON body otherwise. */
  params?: Record<string, unknown>;
}

/**
 * One Znuny web service. The agent session is created once and sent as a header (credentials
 * stay out of URLs and access logs); on AuthFail it is re-created once, since an expired
 * session and a wrong password give the same code.
 */
export class ZnunyClient {
  private readonly http: AxiosInstance;
  private session?: Promise<string>;

  constructor(
    private readonly settings: ZnunySettings,
    private readonly password: string,
    private readonly system: string,
    private readonly log: Logger,
  ) {
    this.http = axios.create({
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      headers: { Accept: 'application/json' },
    });
  }

  async call(op: Operation, opts: CallOptions = {}): Promise<ZnunyBody> {
    const first = await this.session_();
    try {
      return await this.send(op, opts, first);
    } catch (err) {
      if (!(err instanceof AuthError) || err.status !== 200) throw err;
      this.log.info('Znuny session refused; creating a new one', { operation: op });
      if (this.session && (await this.session.catch(() => undefined)) === first) this.session = undefined;
      return this.send(op, opts, await this.session_());
    }
  }

  private session_(): Promise<string> {
    if (!this.session) {
      const created = this.send('SessionCreate', { params: { UserLogin: this.settings.userLogin, Password: this.password } }, undefined).then(
        (body) => {
          if (typeof body.SessionID !== 'string' || !body.SessionID) throw this.schemaError('SessionCreate', 'SessionID');
          return body.SessionID;
        },
      );
      // A failed creation must not be cached: the next call tries again.
      this.session = created.catch((err: unknown) => {
        this.session = undefined;
        throw err;
      });
    }
    return this.session;
  }

  private async send(op: Operation, opts: CallOptions, sessionId: string | undefined): Promise<ZnunyBody> {
    const [method, template] = this.settings.routes[op].split(' ');
    const path = template.replace(/:(\w+)/g, (_, key: string) => encodePathValue(opts.path?.[key] ?? ''));
    const site: CallSite = { system: this.system, method, path, operation: op };
    const headers: Record<string, string> = sessionId ? { 'X-OTRS-Header-SessionID': sessionId } : {};
    const isGet = method === 'GET';
    const started = Date.now();
    let res;
    try {
      res = await this.http.request<string>({
        method,
        url: path,
        headers: isGet ? headers : { ...headers, 'Content-Type': 'application/json; charset=UTF-8' },
        params: isGet ? opts.params : undefined,
        paramsSerializer: { indexes: null },
        data: isGet ? undefined : JSON.stringify(opts.params ?? {}),
      });
    } catch (err) {
      throw errorForNetwork(site, err);
    }
    this.log.debug('znuny call', { operation: op, method, path, status: res.status, ms: Date.now() - started });
    const text = typeof res.data === 'string' ? res.data : '';
    if (res.status !== 200) throw errorForStatus(site, res.status, text);
    const body = parseJson(text);
    if (!body) throw this.schemaError(op, '(body)', text);
    const error = body.Error as { ErrorCode?: unknown; ErrorMessage?: unknown } | undefined;
    if (error && typeof error === 'object') throw errorForCode(site, String(error.ErrorCode ?? 'Unknown'), String(error.ErrorMessage ?? ''));
    return body;
  }

  private schemaError(op: string, field: string, text = ''): SchemaError {
    return new SchemaError(`Znuny ${op} answered something that is not the expected JSON object (${field})`, {
      system: this.system,
      method: op,
      path: op,
      field,
      remoteMessage: text.slice(0, 200) || undefined,
    });
  }
}

/** Ids joined by commas (TicketGet takes a list) keep their commas; everything else is encoded. */
function encodePathValue(value: string): string {
  return value.split(',').map(encodeURIComponent).join(',');
}

function parseJson(text: string): ZnunyBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ZnunyBody) : undefined;
  } catch {
    return undefined;
  }
}
