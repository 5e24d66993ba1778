/** Rendering uses a system Chromium (see README); never download a browser at install time. */
module.exports = { skipDownload: true };
