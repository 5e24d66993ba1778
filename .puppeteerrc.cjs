/**
 * journey-audit itself depends on puppeteer-core, which never downloads a browser. The benchmark's comparison
 * tool mermaid-cli (bench/package.json) brings puppeteer, whose postinstall would: skip it, the system Chromium is used.
 */
module.exports = { skipDownload: true };
