import { render } from "preact";
import { ApiError, get, useCsrf } from "./api";
import { App, type Me, SignedOut } from "./app";
import { signIn } from "./auth";
import { LANGUAGES, type Language, lang, loadTexts } from "./i18n";
import "./styles.css";

async function start(): Promise<void> {
  const root = document.getElementById("app") as HTMLElement;
  const browser = (navigator.language || "de").slice(0, 2);
  const guess: Language = (LANGUAGES as readonly string[]).includes(browser) ? (browser as Language) : "de";
  try {
    const first = await signIn();
    if (first !== window.location.pathname + window.location.search) history.replaceState(null, "", first);
    const me = await get<Me & { csrfToken?: string }>("/api/me");
    useCsrf(me.csrfToken);
    await loadTexts(me.language);
    render(<App me={me} />, root);
  } catch (error) {
    await loadTexts(lang === "de" ? guess : lang).catch(() => undefined);
    const code = error instanceof ApiError ? error.code : "server_error";
    render(<SignedOut code={code} />, root);
  }
}

void start();
