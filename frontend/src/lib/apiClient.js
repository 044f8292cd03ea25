/** The single API client: base URL, bearer token, JSON, and errors a person can read. */

export class ApiError extends Error {
  constructor(message, { status = 0, detail = null, fieldErrors = [] } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    /** [{loc: [...], msg}] from a 422, in the order the server gave them. */
    this.fieldErrors = fieldErrors;
  }
}

const NETWORK_MESSAGE = "Could not reach the server; check your connection and try again.";

function messageFor(status, body) {
  if (body && typeof body.message === "string" && body.message) return body.message;
  if (body && typeof body.detail === "string" && body.detail) return body.detail;
  if (status === 401) return "Your session has ended; sign in again.";
  if (status === 404) return "Not found: it may have been deleted.";
  if (status === 413) return "That is too much text to save at once.";
  if (status >= 500) return `The server could not do that right now (HTTP ${status}); try again.`;
  return `The request failed (HTTP ${status}).`;
}

export async function toApiError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status alone has to do
  }
  const fieldErrors = Array.isArray(body?.detail)
    ? body.detail.map((item) => ({ loc: Array.isArray(item.loc) ? item.loc : [], msg: String(item.msg ?? "") }))
    : [];
  return new ApiError(messageFor(response.status, body), {
    status: response.status,
    detail: body?.detail ?? null,
    fieldErrors,
  });
}

/** Map a 422's errors onto the form's fields: the last element of `loc` names the field
 * (`["body", "interview", "note", "round"]` → `round`). Errors naming no field of the form
 * are returned under `_form`. */
export function fieldErrorMap(error, fieldNames) {
  const map = {};
  const known = new Set(fieldNames);
  for (const { loc, msg } of error?.fieldErrors ?? []) {
    const name = [...loc].reverse().find((part) => typeof part === "string" && known.has(part));
    const key = name ?? "_form";
    if (!map[key]) map[key] = msg;
  }
  return map;
}

export function createApiClient({ baseUrl = "", fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
  let auth = null;

  async function send(method, path, body, token) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await fetchImpl(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(NETWORK_MESSAGE);
    }
  }

  async function request(method, path, { body, query, auth: withAuth = true } = {}) {
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
      }
      const qs = params.toString();
      if (qs) path += `?${qs}`;
    }
    const token = withAuth && auth ? await auth.getAccessToken() : null;
    let response = await send(method, path, body, token);
    if (response.status === 401 && withAuth && auth) {
      // One refresh and one retry; after that the session is over.
      if (await auth.refresh()) {
        response = await send(method, path, body, await auth.getAccessToken());
      }
      if (response.status === 401) auth.expire();
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  return {
    setAuth(next) {
      auth = next;
    },
    request,
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    patch: (path, body, options) => request("PATCH", path, { ...options, body }),
    delete: (path, options) => request("DELETE", path, options),
  };
}
