/**
 * One GET, no redirects followed (the redirect is itself a check), no connection reuse, and a
 * hard deadline for the whole exchange. HTTPS certificates are verified (Node's default CAs).
 */
import * as http from "http";
import * as https from "https";

export interface HttpResponse {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

const MAX_BODY = 1024 * 1024;

export function httpGet(url: string, timeoutMs: number): Promise<HttpResponse> {
    const parsed = new URL(url);
    const client = parsed.protocol === "https:" ? https : parsed.protocol === "http:" ? http : undefined;
    if (client === undefined) {
        return Promise.reject(new Error(`${url}: only http and https URLs can be checked`));
    }
    return new Promise((resolve, reject) => {
        const request = client.get(parsed, { agent: false, headers: { accept: "*/*", "user-agent": "yelb-acceptance" } }, (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size > MAX_BODY) {
                    request.destroy(new Error(`GET ${url}: answer larger than ${MAX_BODY} bytes`));
                    return;
                }
                chunks.push(chunk);
            });
            response.on("end", () => {
                clearTimeout(timer);
                resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
            });
            response.on("error", (error) => {
                clearTimeout(timer);
                reject(error);
            });
        });
        const timer = setTimeout(() => request.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)), timeoutMs);
        request.on("error", (error) => {
            clearTimeout(timer);
            reject(new Error(error.message.startsWith("GET ") ? error.message : `GET ${url}: ${error.message}`));
        });
    });
}
