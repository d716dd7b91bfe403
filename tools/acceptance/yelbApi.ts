/**
 * The Yelb API as the stock images serve it through the UI's nginx, read from mreferre/yelb:
 *
 * - `yelb-ui/startup.sh`: nginx gets `location /api { proxy_pass http://yelb-appserver:4567/api; }`,
 *   so every `/api/...` path on the public URL reaches the appserver unchanged.
 * - `yelb-ui/clarity-seed-newfiles/src/index.html` (copied into the image by `yelb-ui/Dockerfile`):
 *   the page is `<title>Yelb</title>` and `<yelb>Loading...</yelb>`, the Angular app's root element.
 * - `yelb-ui/clarity-seed-newfiles/src/app/app.component.ts`: the UI calls `GET /api/getvotes`,
 *   `GET /api/getstats`, and votes with `GET /api/<restaurant>` (a GET, not a POST).
 * - `yelb-appserver/yelb-appserver.rb` (Sinatra): `get '/api/pageviews'`, `get '/api/getvotes'`,
 *   `get '/api/getstats'`, `get '/api/hostname'`, and one route per restaurant: `get '/api/ihop'`,
 *   `get '/api/chipotle'`, `get '/api/outback'`, `get '/api/bucadibeppo'`.
 * - `yelb-appserver/modules/pageviews.rb`: `redis.incr("pageviews")` then returns
 *   `redis.get("pageviews")`, so each `GET /api/pageviews` answers the new count (a bare number).
 * - `yelb-appserver/modules/getVotes.rb`: the votes as
 *   `[{"name": "outback", "value": N}, {"name": "bucadibeppo", ...}, {"name": "ihop", ...}, {"name": "chipotle", ...}]`,
 *   each read by `modules/restaurantsdbread.rb` (`SELECT count FROM restaurants WHERE name = $1`).
 * - `yelb-appserver/modules/restaurantsdbupdate.rb`: a vote is
 *   `UPDATE restaurants SET count = count +1 WHERE name = $1` in Postgres.
 */

/** The restaurants `getVotes.rb` reports, in its order. */
export const YELB_RESTAURANTS = ["outback", "bucadibeppo", "ihop", "chipotle"] as const;
export type Restaurant = (typeof YELB_RESTAURANTS)[number];

export const YELB_PATHS = {
    page: "/",
    pageViews: "/api/pageviews",
    votes: "/api/getvotes",
    vote: (restaurant: Restaurant) => `/api/${restaurant}`,
} as const;

export type Votes = Readonly<Record<Restaurant, number>>;

function excerpt(body: string): string {
    const flat = body.replace(/\s+/g, " ").trim();
    return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat === "" ? "(empty)" : flat;
}

/** The UI's index.html, not some other page (a default nginx page, an ALB error page). */
export function isYelbPage(body: string): boolean {
    return /<yelb[\s>]/i.test(body);
}

/** The body of `GET /api/pageviews`: the counter after this view. */
export function parsePageViews(body: string): number {
    const text = body.trim().replace(/^"(.*)"$/, "$1");
    if (!/^\d+$/.test(text)) {
        throw new Error(`GET ${YELB_PATHS.pageViews} answered ${excerpt(body)}, not a page-view count`);
    }
    return Number(text);
}

/** The body of `GET /api/getvotes`: every restaurant's count. */
export function parseVotes(body: string): Votes {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        throw new Error(`GET ${YELB_PATHS.votes} answered ${excerpt(body)}, not JSON`);
    }
    if (!Array.isArray(parsed)) {
        throw new Error(`GET ${YELB_PATHS.votes} answered ${excerpt(body)}, not a list of votes`);
    }
    const votes: Partial<Record<Restaurant, number>> = {};
    for (const entry of parsed as { name?: unknown; value?: unknown }[]) {
        const name = entry?.name;
        const value = typeof entry?.value === "string" ? Number(entry.value) : entry?.value;
        if (typeof name === "string" && (YELB_RESTAURANTS as readonly string[]).includes(name) && Number.isInteger(value)) {
            votes[name as Restaurant] = value as number;
        }
    }
    const missing = YELB_RESTAURANTS.filter((r) => votes[r] === undefined);
    if (missing.length > 0) {
        throw new Error(`GET ${YELB_PATHS.votes} answered ${excerpt(body)}, without a count for ${missing.join(", ")}`);
    }
    return votes as Votes;
}

export function formatVotes(votes: Votes): string {
    return YELB_RESTAURANTS.map((r) => `${r} ${votes[r]}`).join(", ");
}
