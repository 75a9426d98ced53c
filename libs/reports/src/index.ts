/**
 * @app/reports — the report kit, a leaf (it imports @app/common only, no domain lib): labels and
 * number/date formats in Spanish and English (`i18n`), a renderer-independent document model, its
 * PDF, XLSX and CSV writers and small helpers for documents (`render`). Each domain builds its
 * ReportDocuments in its own `reports/*.document.ts` and renders them with `renderReport`, one
 * shape everywhere: `render<Report>(report, format, lang)` → `RenderedReport` (`fileName`).
 */
export * from './i18n';
export * from './render';
