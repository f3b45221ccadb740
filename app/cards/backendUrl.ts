/**
 * Where the app backend answers `hubspot.fetch` (signed by HubSpot with the acting user). Set it
 * when deploying; it must also be listed in app/app-hsmeta.json `permittedUrls.fetch` and prefix the
 * webhook target URL (npm run check:hubspot checks both).
 */
export const BACKEND_BASE_URL = 'https://cosell-backend.example.com';
