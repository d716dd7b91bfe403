/**
 * The application checks, through the public URL only, as a user's browser would reach it. The
 * base URLs are injectable so the tests run them against local HTTP servers.
 */
import { httpGet, HttpResponse } from "./http";
import { done, fatal, notYet, poll } from "./poll";
import { formatVotes, isYelbPage, parsePageViews, parseVotes, Restaurant, Votes, YELB_PATHS, YELB_RESTAURANTS } from "./yelbApi";

export interface AppTarget {
    /** Where the UI answers, `https://<name>` on AWS. */
    readonly pageUrl: string;
    /** Where plain HTTP is expected to be redirected to HTTPS. */
    readonly redirectFromUrl: string;
}

export interface AppTiming {
    /** One request, connection to last byte. */
    readonly requestTimeoutMs: number;
    /** How long the app may take to answer after `up` (DNS, target registration, a task replacement). */
    readonly readyTimeoutMs: number;
    readonly pollIntervalMs: number;
    readonly signal?: AbortSignal;
}

/** The stack's `url` output, and the same name over plain HTTP. */
export function appTarget(url: string): AppTarget {
    const page = new URL(url);
    if (page.protocol !== "https:") {
        throw new Error(`the stack's url output is ${url}; the UI is expected behind HTTPS`);
    }
    const plain = new URL(url);
    plain.protocol = "http:";
    plain.port = "";
    return { pageUrl: page.origin, redirectFromUrl: plain.origin };
}

const at = (target: AppTarget, path: string) => `${target.pageUrl.replace(/\/$/, "")}${path}`;

function describe(response: HttpResponse): string {
    return `HTTP ${response.status}`;
}

async function getOk(url: string, timing: AppTiming): Promise<HttpResponse> {
    const response = await httpGet(url, timing.requestTimeoutMs);
    if (response.status !== 200) {
        throw new Error(`GET ${url} answered ${describe(response)}`);
    }
    return response;
}

const waitOptions = (timing: AppTiming) => ({ timeoutMs: timing.readyTimeoutMs, intervalMs: timing.pollIntervalMs, signal: timing.signal });

/** The UI page answers 200 with Yelb's index.html; waits for it, since a fresh stack may still be warming up. */
export async function checkUiPage(target: AppTarget, timing: AppTiming): Promise<string> {
    const url = at(target, YELB_PATHS.page);
    return poll(
        `the Yelb UI at ${url}`,
        async () => {
            const response = await httpGet(url, timing.requestTimeoutMs);
            if (response.status !== 200) {
                return notYet(`GET ${url} answered ${describe(response)}`);
            }
            if (!isYelbPage(response.body)) {
                return notYet(`GET ${url} answered 200 without the <yelb> element of Yelb's index.html`);
            }
            return done(`GET ${url}: 200, Yelb's index.html`);
        },
        waitOptions(timing),
    );
}

/** Plain HTTP answers 301 to the same host over HTTPS (the ALB's redirect listener). */
export async function checkRedirect(target: AppTarget, timing: AppTiming): Promise<string> {
    const expectedHost = new URL(target.pageUrl).hostname;
    const source = at({ ...target, pageUrl: target.redirectFromUrl }, YELB_PATHS.page);
    return poll(
        `the redirect of ${source}`,
        async () => {
            // Network errors are retried by poll; a wrong answer is final.
            const response = await httpGet(source, timing.requestTimeoutMs);
            const location = response.headers.location;
            if (response.status !== 301) {
                throw fatal(
                    `GET ${source} answered ${describe(response)}${location ? ` (Location ${location})` : ""}; expected 301 to https://${expectedHost}/`,
                );
            }
            if (location === undefined || location === "") {
                throw fatal(`GET ${source} answered 301 without a Location header; expected https://${expectedHost}/`);
            }
            let to: URL;
            try {
                to = new URL(location, source);
            } catch {
                throw fatal(`GET ${source} redirects to "${location}", which is not a URL`);
            }
            if (to.protocol !== "https:" || to.hostname !== expectedHost) {
                throw fatal(`GET ${source} redirects to ${location}; expected https://${expectedHost}/ (HTTPS, same host)`);
            }
            return done(`GET ${source}: 301 to ${location}`);
        },
        waitOptions(timing),
    );
}

async function readPageViews(target: AppTarget, timing: AppTiming): Promise<number> {
    const url = at(target, YELB_PATHS.pageViews);
    return poll("the page-view counter", async () => done(parsePageViews((await getOk(url, timing)).body)), waitOptions(timing));
}

/** Two reads of the Redis counter; the second must be higher (each read is a page view). */
export async function checkPageViews(target: AppTarget, timing: AppTiming): Promise<string> {
    const first = await readPageViews(target, timing);
    const second = parsePageViews((await getOk(at(target, YELB_PATHS.pageViews), timing)).body);
    if (second <= first) {
        throw new Error(
            `page views were not counted: GET ${YELB_PATHS.pageViews} answered ${first}, then ${second}; expected more than ${first}`,
        );
    }
    return `GET ${YELB_PATHS.pageViews}: ${first}, then ${second}`;
}

/** The votes, waiting for the appserver and its database to answer. */
export async function readVotes(target: AppTarget, timing: AppTiming, what = "the votes"): Promise<Votes> {
    const url = at(target, YELB_PATHS.votes);
    return poll(what, async () => done(parseVotes((await getOk(url, timing)).body)), waitOptions(timing));
}

/** One vote, read back: that restaurant gains exactly one vote and no other count moves. */
export async function checkVote(
    target: AppTarget,
    timing: AppTiming,
    restaurant: Restaurant = "ihop",
): Promise<{ detail: string; votes: Votes }> {
    const before = await readVotes(target, timing);
    // Not retried: a retry could count the vote twice.
    await getOk(at(target, YELB_PATHS.vote(restaurant)), timing);
    const after = await readVotes(target, timing);
    const expected = { ...before, [restaurant]: before[restaurant] + 1 };
    const wrong = YELB_RESTAURANTS.filter((r) => after[r] !== expected[r]);
    if (wrong.length > 0) {
        throw new Error(
            `the vote for ${restaurant} was not counted as one vote: before ${formatVotes(before)}; after ${formatVotes(after)}; ` +
                `expected ${restaurant} ${expected[restaurant]} and the others unchanged`,
        );
    }
    return { detail: `GET ${YELB_PATHS.vote(restaurant)}: ${restaurant} ${before[restaurant]} → ${after[restaurant]}`, votes: after };
}

/**
 * The votes outlive the database task: `replace` stops the task and waits for its replacement;
 * then the same counts must come back (a fresh data directory would answer zeros).
 */
export async function checkVotesSurvive(target: AppTarget, timing: AppTiming, replace: () => Promise<string>): Promise<string> {
    const before = await readVotes(target, timing);
    const replacement = await replace();
    const after = await readVotes(target, timing, "the votes after the database task was replaced");
    const changed = YELB_RESTAURANTS.filter((r) => after[r] !== before[r]);
    if (changed.length > 0) {
        throw new Error(
            `votes were lost when the database task was replaced (${replacement}): before ${formatVotes(before)}; after ${formatVotes(after)}`,
        );
    }
    return `${formatVotes(after)} before and after ${replacement}`;
}
