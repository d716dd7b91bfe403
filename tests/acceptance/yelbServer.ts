/**
 * A local stand-in for a deployed Yelb, on 127.0.0.1 only: the UI page and the appserver's API as
 * the stock images serve them (see tools/acceptance/yelbApi.ts for the sources), plus the ALB's HTTP
 * listener that redirects to HTTPS. Each behaviour can be switched to a misbehaviour.
 */
import * as http from "http";
import { AddressInfo, Socket } from "net";
import { AppTarget } from "../../tools/acceptance/appChecks";

export interface YelbBehaviour {
    /** GET /api/<restaurant> answers 200 but changes nothing. */
    readonly countVotes?: boolean;
    /** GET /api/pageviews answers the same number every time. */
    readonly countPageViews?: boolean;
    /** The first N requests of any kind answer 503, as an ALB does before its targets are healthy. */
    readonly notReadyFor?: number;
    /** Every request answers 503. */
    readonly neverReady?: boolean;
    /** Requests are accepted and never answered. */
    readonly hang?: boolean;
    /** GET / answers 200 with some other page. */
    readonly wrongPage?: boolean;
    /** What the plain-HTTP listener does. */
    readonly redirect?: "https" | "none" | "no-location" | "other-host" | "to-http";
    /** Restarting the database loses the votes (no persistent storage). */
    readonly loseVotesOnRestart?: boolean;
}

export interface FakeYelb {
    readonly target: AppTarget;
    readonly requests: string[];
    readonly votes: Record<string, number>;
    /** What the database task's replacement does to the votes. */
    restartDatabase(): void;
    close(): Promise<void>;
}

// The index.html the UI image serves (yelb-ui/clarity-seed-newfiles/src/index.html, built by ng).
const INDEX_HTML =
    '<!doctype html><html><head><meta charset="utf-8"><title>Yelb</title><base href="/"></head><body><yelb>Loading...</yelb>' +
    '<script type="text/javascript" src="main.bundle.js"></script></body></html>';

function listen(server: http.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
}

function tracked(server: http.Server): Set<Socket> {
    const sockets = new Set<Socket>();
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    return sockets;
}

export async function startYelb(behaviour: YelbBehaviour = {}): Promise<FakeYelb> {
    const votes: Record<string, number> = { outback: 0, bucadibeppo: 0, ihop: 0, chipotle: 0 };
    const requests: string[] = [];
    let pageViews = 0;
    let seen = 0;

    const app = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        seen += 1;
        if (behaviour.hang) return;
        if (behaviour.neverReady || seen <= (behaviour.notReadyFor ?? 0)) {
            res.writeHead(503, { "content-type": "text/html" }).end(
                "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
            );
            return;
        }
        const path = req.url ?? "/";
        if (path === "/") {
            res.writeHead(200, { "content-type": "text/html" }).end(
                behaviour.wrongPage ? "<html><body>Welcome to nginx!</body></html>" : INDEX_HTML,
            );
        } else if (path === "/api/pageviews") {
            if (behaviour.countPageViews !== false) pageViews += 1;
            res.writeHead(200, { "content-type": "application/json" }).end(String(pageViews));
        } else if (path === "/api/getvotes") {
            // The exact string getVotes.rb builds, spacing included.
            const body =
                `[{"name": "outback", "value": ${votes.outback}},{"name": "bucadibeppo", "value": ${votes.bucadibeppo}},` +
                `{"name": "ihop", "value": ${votes.ihop}}, {"name": "chipotle", "value": ${votes.chipotle}}]`;
            res.writeHead(200, { "content-type": "application/json" }).end(body);
        } else if (/^\/api\/(outback|bucadibeppo|ihop|chipotle)$/.test(path)) {
            const restaurant = path.slice("/api/".length);
            if (behaviour.countVotes !== false) votes[restaurant] += 1;
            res.writeHead(200, { "content-type": "text/html" }).end(String(votes[restaurant]));
        } else {
            res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
        }
    });

    const redirect = http.createServer((req, res) => {
        requests.push(`HTTP ${req.method} ${req.url}`);
        const mode = behaviour.redirect ?? "https";
        const location = {
            https: "https://127.0.0.1:443/",
            "other-host": "https://elsewhere.example.net:443/",
            "to-http": "http://127.0.0.1/",
        }[mode as string];
        if (mode === "none") {
            res.writeHead(200, { "content-type": "text/html" }).end(INDEX_HTML);
        } else if (mode === "no-location") {
            res.writeHead(301).end();
        } else {
            res.writeHead(301, { location }).end();
        }
    });

    const sockets = [tracked(app), tracked(redirect)];
    const [appPort, redirectPort] = [await listen(app), await listen(redirect)];
    return {
        target: { pageUrl: `http://127.0.0.1:${appPort}`, redirectFromUrl: `http://127.0.0.1:${redirectPort}` },
        requests,
        votes,
        restartDatabase() {
            if (behaviour.loseVotesOnRestart) for (const key of Object.keys(votes)) votes[key] = 0;
        },
        async close() {
            for (const set of sockets) for (const socket of set) socket.destroy();
            await Promise.all([app, redirect].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
        },
    };
}
