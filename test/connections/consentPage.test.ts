/**
 * The fake platforms' consent page in a real headless Chromium (puppeteer-core with the
 * Chromium that @sparticuz/chromium ships inside its npm package): the page a frontend
 * developer clicks through under `npm start`. Without a browser this suite fails; it never skips.
 */
import chromium from "@sparticuz/chromium";
import { expect } from "chai";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { FACEBOOK_PAGES } from "../fakes/platforms/oauth.js";
import { personalTeamId, signUp } from "../helpers/clients.js";
import { settingsPage, start, useFakePlatforms } from "./support.js";

const APP_ORIGIN = "http://localhost:5173";

describe("connections: the fake platforms' consent page in a headless browser", () => {
  useFakePlatforms();
  let browser: Browser;

  before(async function () {
    this.timeout(90_000);
    browser = await puppeteer.launch({ args: chromium.args, executablePath: await chromium.executablePath(), headless: true });
  });
  after(() => browser?.close());

  /** A page on which the web app's URL answers with a stub (no dev server runs in the tests). */
  async function appPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith(APP_ORIGIN))
        void request.respond({ status: 200, contentType: "text/html", body: "<p>PixaSocial settings</p>" });
      else void request.continue();
    });
    return page;
  }

  it("shows the platform, the scopes and the Pages, and Approve with one Page lands on pending with that Page", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const page = await appPage();
    await page.goto(await start(alice, teamId, "Facebook"));
    expect(await page.$eval("#platform", (el) => el.textContent)).to.equal("Facebook");
    const scopes = await page.$$eval("#scopes li", (items) => items.map((li) => li.textContent));
    expect(scopes).to.include("pages_manage_posts");
    const pageNames = await page.$$eval("#pages label", (labels) => labels.map((l) => l.textContent?.trim()));
    expect(pageNames).to.deep.equal(FACEBOOK_PAGES.map((p) => p.name));
    await page.click(`input[value="${FACEBOOK_PAGES[1].id}"]`);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#approve")]);
    await page.waitForFunction((origin) => location.href.startsWith(origin), {}, APP_ORIGIN);
    const landed = new URL(page.url());
    expect(landed.pathname).to.equal("/settings");
    expect(landed.searchParams.get("connection_status")).to.equal("pending");
    const pending = await settingsPage(alice, landed.href);
    expect(pending.targets.map((t) => t.targetId)).to.deep.equal([FACEBOOK_PAGES[0].id]);
  });

  it("Deny lands on connection_status=error&reason=denied", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const page = await appPage();
    await page.goto(await start(alice, teamId, "X"));
    expect(await page.$eval("#platform", (el) => el.textContent)).to.equal("X");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#deny")]);
    await page.waitForFunction((origin) => location.href.startsWith(origin), {}, APP_ORIGIN);
    const landed = new URL(page.url());
    expect([
      landed.searchParams.get("connection_status"),
      landed.searchParams.get("reason"),
      landed.searchParams.get("platform"),
    ]).to.deep.equal(["error", "denied", "X"]);
  });
});
