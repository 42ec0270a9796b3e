import type { Me } from "@api/staff";
import { render } from "preact";
import { ApiError, get, useCsrf } from "./api";
import { App, SignedOut } from "./app";
import { signIn } from "./auth";
import { LANGUAGES, type Language, lang, loadTexts, prefetchTexts } from "./i18n";
import "./styles.css";

async function start(): Promise<void> {
  const root = document.getElementById("app") as HTMLElement;
  const browser = (navigator.language || "de").slice(0, 2);
  const guess: Language = (LANGUAGES as readonly string[]).includes(browser) ? (browser as Language) : "de";
  // the language used last time on this device (German, the staff default, the first time):
  // its texts are fetched while the sign-in is checked
  const remembered = localStorage.getItem("rematch.language");
  const likely: Language = (LANGUAGES as readonly string[]).includes(remembered ?? "")
    ? (remembered as Language)
    : "de";
  void prefetchTexts(likely).catch(() => undefined);
  try {
    const first = await signIn();
    if (first !== window.location.pathname + window.location.search) history.replaceState(null, "", first);
    const me = await get<Me>("/api/me");
    useCsrf(me.csrfToken);
    await loadTexts(me.language);
    localStorage.setItem("rematch.language", me.language);
    render(<App me={me} />, root);
  } catch (error) {
    await loadTexts(lang === "de" ? guess : lang).catch(() => undefined);
    const code = error instanceof ApiError ? error.code : "server_error";
    render(<SignedOut code={code} />, root);
  }
}

void start();
