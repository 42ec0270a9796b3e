import type { Me } from "@api/staff";
import { useState } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { put } from "./api";
import { LANGUAGES, type Language, lang, loadTexts, t } from "./i18n";
import { ArrivalsPage } from "./pages/city/arrivals";
import { BroadcastsPage } from "./pages/city/broadcasts";
import { CapacityPage } from "./pages/city/capacity";
import { EventPage, EventsPage } from "./pages/city/events";
import { CityHouseholdPage } from "./pages/city/household";
import { HouseholdPage } from "./pages/household";
import { HouseholdsPage } from "./pages/households";
import { KnowledgePage } from "./pages/knowledge";
import { MunicipalitiesPage } from "./pages/municipalities";
import { NotFound } from "./pages/not-found";
import { RoundsPage } from "./pages/rounds/list";
import { RoundPage } from "./pages/rounds/round";

const CASEWORK = ["admin", "caseworker"];
/** the city pages act for the clerk's own municipality (an admin's, when bound to one) */
const isCity = (me: Me) => me.role === "city_staff" || (me.role === "admin" && me.municipality !== null);

function Nav({ me }: { me: Me }) {
  const { path } = useLocation();
  const items: { href: string; label: string; roles: string[] }[] = [
    { href: "/households", label: t("console.nav.households"), roles: CASEWORK },
    { href: "/rounds", label: t("console.nav.rounds"), roles: CASEWORK },
    { href: "/municipalities", label: t("console.nav.municipalities"), roles: CASEWORK },
    { href: "/knowledge", label: t("consoleKnowledge.nav"), roles: [...CASEWORK, "city_staff"] },
  ];
  const city = isCity(me)
    ? [
        { href: "/city/events", label: t("consoleCity.nav.events") },
        { href: "/city/broadcasts", label: t("consoleCity.nav.broadcasts") },
        { href: "/city/capacity", label: t("consoleCity.nav.capacity") },
      ]
    : [];
  const cityActive = path.startsWith("/city") && !city.some((c) => path.startsWith(c.href));
  return (
    <nav class="nav" aria-label={t("console.nav.label")}>
      <span class="brand">Re:Match</span>
      {items
        .filter((i) => i.roles.includes(me.role))
        .map((i) => (
          <a key={i.href} href={i.href} class={path.startsWith(i.href) ? "active" : ""}>
            {i.label}
          </a>
        ))}
      {isCity(me) && (
        <a href="/city" class={cityActive ? "active" : ""}>
          {t("consoleCity.nav.arrivals")}
        </a>
      )}
      {city.map((i) => (
        <a key={i.href} href={i.href} class={path.startsWith(i.href) ? "active" : ""}>
          {i.label}
        </a>
      ))}
      <LanguageSwitch />
    </nav>
  );
}

function LanguageSwitch() {
  const [current, setCurrent] = useState(lang);
  const change = async (value: Language) => {
    await put("/api/me/language", { language: value });
    await loadTexts(value);
    setCurrent(value);
    window.location.reload();
  };
  return (
    <select
      class="language"
      aria-label={t("console.language")}
      value={current}
      onChange={(e) => change((e.target as HTMLSelectElement).value as Language)}
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l}>
          {t(`console.languages.${l}`)}
        </option>
      ))}
    </select>
  );
}

function Home({ me }: { me: Me }) {
  const { route } = useLocation();
  // each role starts on its own first page
  if (CASEWORK.includes(me.role)) route("/households", true);
  else if (isCity(me)) route("/city", true);
  return <p class="muted">{t("console.loading")}</p>;
}

export function App({ me }: { me: Me }) {
  return (
    <LocationProvider>
      <Nav me={me} />
      <main class="page">
        <Router>
          <Route path="/" component={() => <Home me={me} />} />
          <Route path="/households" component={HouseholdsPage} />
          <Route path="/households/:id" component={HouseholdPage} />
          <Route path="/rounds" component={RoundsPage} />
          <Route path="/rounds/:id" component={RoundPage} />
          <Route path="/municipalities" component={MunicipalitiesPage} />
          <Route path="/knowledge" component={KnowledgePage} />
          <Route path="/city" component={ArrivalsPage} />
          <Route path="/city/households/:id" component={CityHouseholdPage} />
          <Route path="/city/events" component={EventsPage} />
          <Route path="/city/events/:id" component={EventPage} />
          <Route path="/city/broadcasts" component={BroadcastsPage} />
          <Route path="/city/capacity" component={CapacityPage} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}

/** Not signed in (or no longer staff): how to get in. */
export function SignedOut({ code }: { code: string }) {
  return (
    <main class="page narrow">
      <h1>Re:Match</h1>
      <p role="alert">{t(`console.errors.${code}`, { defaultValue: t("console.errors.signed_out") })}</p>
      <p>{t("console.signed_out_help")}</p>
    </main>
  );
}
