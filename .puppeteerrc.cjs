// Never let puppeteer download a browser at install time: the build uses an
// installed Chrome, Chromium or Edge (see src/browser.ts).
module.exports = { skipDownload: true };
