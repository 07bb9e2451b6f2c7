// The service's JSON API. Sends the stored read token, if any, as a bearer token.
const TOKEN_KEY = 'scenery.readToken';

export function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || '';
  } catch (e) {
    return '';
  }
}

export function storeToken(token) {
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

/** An answer other than 2xx: the server's {error, status}. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GETs a JSON route; rejects with an ApiError carrying the server's message on any non-2xx answer. */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      query.set(k, v);
    }
  }
  const url = path + (query.toString() ? '?' + query : '');
  const headers = { Accept: 'application/json' };
  const token = storedToken();
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const response = await fetch(url, { headers });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : response.statusText || 'HTTP ' + response.status;
    throw new ApiError(response.status, message);
  }
  return body;
}
