/**
 * The console's one way to the server. Inside Telegram every request carries the Mini App's
 * signed init data (`Authorization: tma …`); in a desktop browser the session cookie goes along
 * by itself and writes carry the CSRF token the server gave at login.
 */
let initData: string | null = null;
let csrfToken: string | null = null;

export function useInitData(data: string | null): void {
  initData = data;
}

export function useCsrf(token: string | null | undefined): void {
  if (token) csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly body: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (initData) headers.authorization = `tma ${initData}`;
  if (csrfToken && method !== "GET") headers["x-csrf-token"] = csrfToken;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("application/json") ? await response.json() : {};
  if (!response.ok)
    throw new ApiError(response.status, data.error ?? "server_error", data.params ?? {}, data);
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => api<T>("POST", path, body);
export const put = <T>(path: string, body: unknown) => api<T>("PUT", path, body);

/** A file from the server (exports), saved by the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (initData) headers.authorization = `tma ${initData}`;
  const response = await fetch(path, { headers, credentials: "same-origin" });
  if (!response.ok) throw new ApiError(response.status, "export_failed");
  const name =
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
