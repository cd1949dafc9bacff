"""The shared core: what every feature uses and no feature owns.

- `time`: now in UTC and the one timestamp format of the API (RFC 3339);
- `text`: slugs from Polish names, typed text isolated inside sentences;
- `links`: short link codes and slugs unique among their siblings;
- `device`: the resident's device cookie, its keyed hash per purpose, the `via` channel;
- `downloads`: CSV (BOM, neutralised formulas) and XLSX, and the one download response;
- `security`: headers, private pages, keyed hashes, safe redirects;
- `params`: URL converters and query-string readers that refuse what cannot be stored;
- `forms`: pieces every feature's forms share.

The core imports no feature: zones and auth sit above it, the features above them, and the
API and the composed pages on top (checked by import-linter: `make lint`).
"""
