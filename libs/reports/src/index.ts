/**
 * @app/reports — the report toolkit: labels and number/date formats in Spanish and English
 * (`i18n`), a renderer-independent document model and its PDF, XLSX and CSV renderers (`render`).
 * Domain services (contributions, grants, reserve fund, statements) build a ReportDocument and
 * hand it to `renderReport` / `ReportRenderService`.
 */
export * from './i18n';
export * from './render';
