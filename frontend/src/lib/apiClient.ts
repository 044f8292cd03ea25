/** The single API client: base URL, bearer token (one refresh and retry on a 401), JSON, and
 * errors a person can read; typed from the generated OpenAPI types, so a path, its parameters,
 * its body and its answer are checked against openapi.json. It also notices when the API was
 * built from another tracking schema than this page (`isStale`, `subscribeStale`). */
import type { paths } from "../generated/api";
import { SCHEMA_VERSION } from "../generated/trackingSchema.js";

/** The API's tracking-schema version, sent on every /api response. */
export const SCHEMA_VERSION_HEADER = "X-Schema-Version";

export interface FieldError {
  loc: (string | number)[];
  msg: string;
}

interface ApiErrorInit {
  status?: number;
  detail?: unknown;
  fieldErrors?: FieldError[];
  retryAfterMs?: number | null;
}

export class ApiError extends Error {
  /** 0 when the server could not be reached. */
  readonly status: number;
  readonly detail: unknown;
  /** [{loc, msg}] from a 422, in the order the server gave them. */
  readonly fieldErrors: FieldError[];
  /** From a 503's Retry-After header: how long the server asks us to wait. */
  readonly retryAfterMs: number | null;

  constructor(message: string, init: ApiErrorInit = {}) {
    super(message);
    this.name = "ApiError";
    this.status = init.status ?? 0;
    this.detail = init.detail ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

const NETWORK_MESSAGE = "Could not reach the server; check your connection and try again.";

function messageFor(status: number, body: unknown): string {
  const record = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  if (typeof record.message === "string" && record.message) return humanize(record.message);
  if (typeof record.detail === "string" && record.detail) return record.detail;
  if (status === 401) return "Your session has ended; sign in again.";
  if (status === 404) return "Not found: it may have been deleted.";
  if (status === 413) return "That is too much text to save at once.";
  if (status === 502 || status === 503 || status === 504)
    return `The server is not answering right now (HTTP ${status}); try again in a moment.`;
  if (status >= 500) return `Something went wrong on our side (HTTP ${status}); try again.`;
  return `The request failed (HTTP ${status}).`;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's page, a framework's plain text): the status alone has to do
  }
  const detail = body && typeof body === "object" ? (body as { detail?: unknown }).detail : null;
  const fieldErrors: FieldError[] = Array.isArray(detail)
    ? detail.map((item: { loc?: unknown; msg?: unknown }) => ({
        loc: Array.isArray(item?.loc) ? (item.loc as (string | number)[]) : [],
        msg: typeof item?.msg === "string" ? item.msg : "",
      }))
    : [];
  return new ApiError(messageFor(response.status, body), {
    status: response.status,
    detail: detail ?? null,
    fieldErrors,
    retryAfterMs: retryAfterMs(response.headers?.get?.("Retry-After")),
  });
}

// The validation library's sentences, in people's words; anything else is passed on as is.
const PLAIN_WORDS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^String should have at most (\d+) characters?$/, (m) => `At most ${m[1]} characters.`],
  [/^String should have at least 1 character$/, () => "Required."],
  [/^String should have at least (\d+) characters$/, (m) => `At least ${m[1]} characters.`],
  [/^Field required$/, () => "Required."],
  [/^Input should be greater than or equal to (\S+)$/, (m) => `At least ${m[1]}.`],
  [/^Input should be less than or equal to (\S+)$/, (m) => `At most ${m[1]}.`],
  [/^Input should be a valid integer/, () => "A whole number, please."],
  [/^Input should be a valid date/, () => "A date, please (YYYY-MM-DD)."],
  [/^Input should be a valid time/, () => "A time, please (HH:MM)."],
  [
    /^(URL scheme should be|Input should be a valid URL)/,
    () => "Use a full web address starting with http:// or https://.",
  ],
];

export function humanize(message: string): string {
  // A summary names the field first ("notes.salary: String should ..."): keep the name.
  const [, prefix = "", rest = message] = /^([\w.[\]]+: )?(.*)$/s.exec(message) ?? [];
  for (const [pattern, say] of PLAIN_WORDS) {
    const match = rest.match(pattern);
    if (match) return `${prefix}${say(match)}`;
  }
  return message;
}

/** Map a 422's errors onto the form's fields: the last element of `loc` that names one of the
 * fields wins (`["body", "interview", "note", "round"]` → `round`). Errors naming no field of
 * the form are returned under `_form`. Messages are in people's words (`humanize`). */
export function fieldErrorMap(
  error: unknown,
  fieldNames: readonly string[],
): Record<string, string> {
  const map: Record<string, string> = {};
  const known = new Set(fieldNames);
  const errors = isApiError(error) ? error.fieldErrors : [];
  for (const { loc, msg } of errors) {
    const name = [...loc].reverse().find((part) => typeof part === "string" && known.has(part));
    const key = typeof name === "string" ? name : "_form";
    map[key] ??= humanize(msg);
  }
  return map;
}

// ---- Types from the OpenAPI document ----

type Method = "get" | "post" | "put" | "patch" | "delete";
type OperationOf<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that have method M. */
type PathsWith<M extends Method> = {
  [P in keyof paths]: [OperationOf<P, M>] extends [never] ? never : P;
}[keyof paths];
type ParamsOf<O> = O extends { parameters: infer X } ? X : never;
type PathParamsOf<O> = ParamsOf<O> extends { path: infer X } ? X : never;
type QueryOf<O> = ParamsOf<O> extends { query?: infer X } ? X : never;
type BodyOf<O> = O extends { requestBody: { content: { "application/json": infer B } } }
  ? B
  : O extends { requestBody?: { content: { "application/json": infer B } } }
    ? B
    : never;
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : null;
/** The JSON of the operation's success answer (200 or 201), null for a 204. */
type ResponseOf<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : null
  : never;

interface RequestOptions {
  /** false: send no token (the dev-token route). */
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** "text": answer the body as text (e.g. an .ics file), not as JSON. */
  responseType?: "json" | "text";
}

type Init<O> = RequestOptions &
  ([PathParamsOf<O>] extends [never] ? { path?: undefined } : { path: PathParamsOf<O> }) & {
    query?: QueryOf<O>;
    body?: BodyOf<O>;
  };

type Call<M extends Method> = <P extends PathsWith<M>>(
  path: P,
  ...init: [PathParamsOf<OperationOf<P, M>>] extends [never]
    ? [init?: Init<OperationOf<P, M>>]
    : [init: Init<OperationOf<P, M>>]
) => Promise<ResponseOf<OperationOf<P, M>>>;

/** What the client needs from sign-in. */
export interface TokenSource {
  getAccessToken: () => Promise<string | null>;
  refresh: () => Promise<boolean>;
  expire: () => void;
}

export interface ApiClient {
  setAuth(auth: TokenSource | null): void;
  get: Call<"get">;
  post: Call<"post">;
  put: Call<"put">;
  patch: Call<"patch">;
  delete: Call<"delete">;
  /** True once a response said the API was built from another schema than this page. */
  isStale: () => boolean;
  /** Calls `listener` when the page becomes stale; returns the unsubscribe function (the
   * shape `useSyncExternalStore` takes). */
  subscribeStale: (listener: () => void) => () => void;
}

type QueryValue = string | number | boolean | null | undefined;

/** What a call carries once its types have been checked against the OpenAPI document. */
interface RawInit extends RequestOptions {
  path?: Record<string, string | number>;
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  body?: unknown;
}

/** `/api/tracked/{job_id}` with {job_id: 3} → `/api/tracked/3`; the query string after it,
 * a list as repeated keys (`stage=a&stage=b`), empty values left out. */
export function buildPath(
  template: string,
  pathParams?: Record<string, string | number>,
  query?: Record<string, QueryValue | readonly QueryValue[]>,
): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query ?? {})) {
    const values: readonly QueryValue[] = Array.isArray(raw) ? raw : [raw as QueryValue];
    for (const value of values) {
      if (value !== undefined && value !== null && value !== "") params.append(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${filled}?${qs}` : filled;
}

export function createApiClient({
  baseUrl = "",
  fetchImpl = (...args: Parameters<typeof fetch>) => globalThis.fetch(...args),
  schemaVersion = SCHEMA_VERSION,
}: {
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  schemaVersion?: string;
} = {}): ApiClient {
  let auth: TokenSource | null = null;
  let stale = false;
  const staleListeners = new Set<() => void>();

  /** A response from an API built from another schema makes the page stale, for good: a
   * reload is the only way to the new page. No header (e.g. one CORS does not expose) says
   * nothing. */
  function noteSchemaVersion(response: Response) {
    const reported = response.headers?.get?.(SCHEMA_VERSION_HEADER);
    if (stale || !reported || reported === schemaVersion) return;
    stale = true;
    for (const listener of [...staleListeners]) listener();
  }

  async function send(
    method: string,
    url: string,
    body: unknown,
    token: string | null,
    options: RequestOptions,
  ) {
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiError(NETWORK_MESSAGE);
    }
    noteSchemaVersion(response);
    return response;
  }

  async function request(method: string, template: string, init: RawInit = {}) {
    const url = buildPath(template, init.path, init.query);
    const withAuth = init.auth !== false && auth !== null;
    const token = withAuth ? await auth!.getAccessToken() : null;
    let response = await send(method, url, init.body, token, init);
    if (response.status === 401 && withAuth) {
      // One refresh and one retry; after that the session is over.
      if (await auth!.refresh()) {
        response = await send(method, url, init.body, await auth!.getAccessToken(), init);
      }
      if (response.status === 401) auth!.expire();
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return null;
    const text = await response.text();
    if (init.responseType === "text") return text;
    return text ? (JSON.parse(text) as unknown) : null;
  }

  const call =
    (method: string) =>
    (path: string, init?: RawInit): Promise<never> =>
      request(method, path, init) as Promise<never>;

  return {
    setAuth(next) {
      auth = next;
    },
    get: call("GET") as Call<"get">,
    post: call("POST") as Call<"post">,
    put: call("PUT") as Call<"put">,
    patch: call("PATCH") as Call<"patch">,
    delete: call("DELETE") as Call<"delete">,
    isStale: () => stale,
    subscribeStale(listener) {
      staleListeners.add(listener);
      return () => staleListeners.delete(listener);
    },
  };
}

/** A fresh Idempotency-Key: a retry of one create sends the same key, so it creates once. */
export function newIdempotencyKey(): string {
  if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
