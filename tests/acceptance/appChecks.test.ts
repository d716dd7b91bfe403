/** The Yelb checks against local servers that behave like the deployed app, and ones that misbehave. */
import * as assert from "assert";
import {
    AppTiming,
    appTarget,
    checkPageViews,
    checkRedirect,
    checkUiPage,
    checkVote,
    checkVotesSurvive,
} from "../../tools/acceptance/appChecks";
import { isYelbPage, parsePageViews, parseVotes } from "../../tools/acceptance/yelbApi";
import { FakeYelb, startYelb, YelbBehaviour } from "./yelbServer";

const TIMING: AppTiming = { requestTimeoutMs: 200, readyTimeoutMs: 400, pollIntervalMs: 20 };

describe("acceptance: the Yelb API answers", () => {
    it("reads the page-view count and the votes as the appserver writes them", () => {
        assert.strictEqual(parsePageViews("17"), 17);
        assert.strictEqual(parsePageViews(' "3"\n'), 3);
        assert.throws(
            () => parsePageViews("<html><h1>502 Bad Gateway</h1></html>"),
            /GET \/api\/pageviews answered <html><h1>502 Bad Gateway<\/h1><\/html>, not a page-view count/,
        );
        // getVotes.rb's string, spacing included.
        const body =
            '[{"name": "outback", "value": 0},{"name": "bucadibeppo", "value": 2},{"name": "ihop", "value": 5}, {"name": "chipotle", "value": 1}]';
        assert.deepStrictEqual(parseVotes(body), { outback: 0, bucadibeppo: 2, ihop: 5, chipotle: 1 });
        assert.throws(() => parseVotes('[{"name": "outback", "value": 0}]'), /without a count for bucadibeppo, ihop, chipotle/);
        assert.throws(() => parseVotes("Internal Server Error"), /GET \/api\/getvotes answered Internal Server Error, not JSON/);
        assert.throws(() => parseVotes('{"ihop": 1}'), /not a list of votes/);
        assert.ok(isYelbPage("<body><yelb>Loading...</yelb></body>"));
        assert.ok(!isYelbPage("<body>Welcome to nginx!</body>"));
    });

    it("derives the redirect source from the stack's https url, and refuses a plain http url", () => {
        assert.deepStrictEqual(appTarget("https://dev-acc-11230501-7f3a.acme-demo.org"), {
            pageUrl: "https://dev-acc-11230501-7f3a.acme-demo.org",
            redirectFromUrl: "http://dev-acc-11230501-7f3a.acme-demo.org",
        });
        assert.throws(
            () => appTarget("http://yelb.acme-demo.org"),
            /url output is http:\/\/yelb.acme-demo.org; the UI is expected behind HTTPS/,
        );
    });
});

describe("acceptance: app checks", function () {
    this.timeout(5000);
    let yelb: FakeYelb | undefined;
    const start = async (behaviour: YelbBehaviour = {}) => (yelb = await startYelb(behaviour));
    afterEach(async () => {
        await yelb?.close();
        yelb = undefined;
    });

    it("pass against a well-behaved Yelb: page, redirect, page views, a vote read back", async () => {
        const { target, votes } = await start();
        assert.match(await checkUiPage(target, TIMING), /: 200, Yelb's index\.html$/);
        assert.match(await checkRedirect(target, TIMING), /: 301 to https:\/\/127\.0\.0\.1:443\/$/);
        assert.match(await checkPageViews(target, TIMING), /GET \/api\/pageviews: 1, then 2$/);
        const vote = await checkVote(target, TIMING, "outback");
        assert.strictEqual(vote.detail, "GET /api/outback: outback 0 → 1");
        assert.deepStrictEqual(vote.votes, { outback: 1, bucadibeppo: 0, ihop: 0, chipotle: 0 });
        assert.strictEqual(votes.outback, 1, "exactly one vote was cast");
    });

    it("fail when a vote is not counted, naming the counts before and after", async () => {
        const { target } = await start({ countVotes: false });
        await assert.rejects(
            checkVote(target, TIMING, "ihop"),
            /the vote for ihop was not counted as one vote: before outback 0, bucadibeppo 0, ihop 0, chipotle 0; after .*ihop 0.*; expected ihop 1 and the others unchanged/,
        );
    });

    it("fail when page views are not counted", async () => {
        const { target } = await start({ countPageViews: false });
        await assert.rejects(
            checkPageViews(target, TIMING),
            /page views were not counted: GET \/api\/pageviews answered 0, then 0; expected more than 0/,
        );
    });

    it("fail at once when the redirect is missing or wrong", async () => {
        const cases: [YelbBehaviour["redirect"], RegExp][] = [
            ["none", /answered HTTP 200; expected 301 to https:\/\/127\.0\.0\.1\//],
            ["no-location", /answered 301 without a Location header; expected https:\/\/127\.0\.0\.1\//],
            ["other-host", /redirects to https:\/\/elsewhere\.example\.net:443\/; expected https:\/\/127\.0\.0\.1\/ \(HTTPS, same host\)/],
            ["to-http", /redirects to http:\/\/127\.0\.0\.1\/; expected https:\/\/127\.0\.0\.1\/ \(HTTPS, same host\)/],
        ];
        for (const [redirect, message] of cases) {
            const { target, requests } = await start({ redirect });
            const began = Date.now();
            await assert.rejects(checkRedirect(target, TIMING), message);
            assert.ok(Date.now() - began < TIMING.readyTimeoutMs, `${redirect}: a wrong answer is not waited on`);
            assert.strictEqual(requests.filter((r) => r.startsWith("HTTP ")).length, 1, `${redirect}: asked once`);
            await yelb!.close();
            yelb = undefined;
        }
    });

    it("wait through a slow start (503s while targets register) and then pass", async () => {
        const { target, requests } = await start({ notReadyFor: 3 });
        assert.match(await checkUiPage(target, TIMING), /200, Yelb's index\.html/);
        assert.strictEqual(requests.length, 4, "three 503s, then the page");
    });

    it("give up after the ready timeout with the last answer when the app never comes up", async () => {
        const { target } = await start({ neverReady: true });
        const began = Date.now();
        await assert.rejects(
            checkUiPage(target, TIMING),
            /the Yelb UI at http:\/\/127\.0\.0\.1:\d+\/: not within 0\.4 s; last: GET .* answered HTTP 503/,
        );
        const elapsed = Date.now() - began;
        assert.ok(elapsed >= 380 && elapsed < 1500, `waited ${elapsed} ms for a 400 ms timeout`);
    });

    it("bound each request: a server that never answers times out", async () => {
        const { target } = await start({ hang: true });
        const began = Date.now();
        await assert.rejects(
            checkUiPage(target, { ...TIMING, readyTimeoutMs: 300 }),
            /not within 0\.3 s; last: GET http:\/\/127\.0\.0\.1:\d+\/: no answer within 200 ms/,
        );
        assert.ok(Date.now() - began < 1200, "bounded by the ready timeout, not the server");
    });

    it("do not mistake another page for Yelb", async () => {
        const { target } = await start({ wrongPage: true });
        await assert.rejects(
            checkUiPage(target, { ...TIMING, readyTimeoutMs: 200 }),
            /answered 200 without the <yelb> element of Yelb's index\.html/,
        );
    });

    it("prove votes survive a database replacement, and catch votes that do not", async () => {
        const kept = await start();
        await checkVote(kept.target, TIMING, "chipotle");
        const detail = await checkVotesSurvive(kept.target, TIMING, async () => {
            kept.restartDatabase();
            return "task 0aaa stopped, 0bbb running";
        });
        assert.strictEqual(detail, "outback 0, bucadibeppo 0, ihop 0, chipotle 1 before and after task 0aaa stopped, 0bbb running");
        await kept.close();

        const lost = await start({ loseVotesOnRestart: true });
        await checkVote(lost.target, TIMING, "chipotle");
        await assert.rejects(
            checkVotesSurvive(lost.target, TIMING, async () => {
                lost.restartDatabase();
                return "task 0aaa stopped, 0bbb running";
            }),
            /votes were lost when the database task was replaced \(task 0aaa stopped, 0bbb running\): before .*chipotle 1; after .*chipotle 0/,
        );
    });
});
