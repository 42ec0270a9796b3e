import type { LoggedIn } from "@api/staff";
import { post, useCsrf, useInitData } from "./api";

/**
 * How this page was opened: as a Telegram Mini App (Telegram puts its signed init data into the
 * address's fragment as `tgWebAppData`, and into `Telegram.WebApp` when its script is there), or
 * from a one-time login link (`/login#token=…&next=…`) in a desktop browser.
 */
const STORAGE_KEY = "rematch.initData";

declare global {
  interface Window {
    Telegram?: { WebApp?: { initData?: string; ready?: () => void; expand?: () => void } };
  }
}

function fromFragment(): URLSearchParams {
  return new URLSearchParams(window.location.hash.slice(1));
}

/** Signs the page in; returns the path to show first. */
export async function signIn(): Promise<string> {
  const fragment = fromFragment();
  const token = window.location.pathname === "/login" ? fragment.get("token") : null;
  if (token) {
    const { csrfToken } = await post<LoggedIn>("/api/login", { token });
    useCsrf(csrfToken);
    const next = fragment.get("next") ?? "/";
    return next.startsWith("/") && !next.startsWith("//") ? next : "/";
  }
  const data =
    window.Telegram?.WebApp?.initData || fragment.get("tgWebAppData") || sessionStorage.getItem(STORAGE_KEY);
  if (data) {
    sessionStorage.setItem(STORAGE_KEY, data);
    useInitData(data);
    window.Telegram?.WebApp?.ready?.();
    window.Telegram?.WebApp?.expand?.();
  }
  return window.location.pathname === "/login" ? "/" : window.location.pathname + window.location.search;
}
