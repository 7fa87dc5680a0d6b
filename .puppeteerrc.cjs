// Puppeteer only drives Debian's Firefox ESR here; never download a browser of its own.
module.exports = { skipDownload: true };
