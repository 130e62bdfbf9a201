// The console's look (desk and admin): one stylesheet, system fonts, no external requests.
export const CONSOLE_CSS = `
:root{--accent:#4338ca;--accent-dark:#3730a3;--accent-soft:#eef2ff;--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--soft:#f9fafb;--ok:#047857;--ok-soft:#ecfdf5;--bad:#b91c1c;--bad-soft:#fef2f2;--warn:#92400e;--warn-soft:#fffbeb;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--soft)}
#app{height:100%}
h1,h2,h3{margin:0;line-height:1.25}
h1{font-size:20px}h2{font-size:17px}h3{font-size:15px}
a{color:var(--accent)}
button,input,select,textarea{font:inherit;color:inherit}
input,select,textarea{width:100%;padding:8px 10px;border:1px solid #d1d5db;border-radius:8px;background:#fff}
input:focus,select:focus,textarea:focus{outline:none;border-color:var(--accent);box-shadow:0 0 0 3px rgba(67,56,202,.18)}
input[type=checkbox],input[type=radio]{width:auto;accent-color:var(--accent)}
label{display:flex;flex-direction:column;gap:4px;font-weight:600;font-size:13px}
label.inline{flex-direction:row;align-items:center;gap:8px}
button{cursor:pointer;border-radius:8px;border:1px solid #d1d5db;background:#fff;padding:8px 14px;font-weight:600}
button:hover{background:#f3f4f6}
button:disabled{opacity:.55;cursor:default}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.primary:hover{background:var(--accent-dark)}
button.danger{color:var(--bad);border-color:#fecaca}
button[aria-pressed=true]{background:var(--accent-soft);border-color:var(--accent);color:var(--accent-dark)}
button.small{padding:5px 10px;font-size:13px}
button.danger-solid{background:var(--bad);border-color:var(--bad);color:#fff}
.confirm{display:inline-flex;align-items:center;gap:8px;flex-wrap:wrap;padding:6px 8px;border-radius:8px;background:var(--warn-soft);border:1px solid #fde68a}
.confirm-question{font-size:13px;color:var(--warn);font-weight:600}
button.link{border:0;background:none;padding:0;color:var(--accent);font-weight:600}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.muted{color:var(--muted)}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
.sign-in{min-height:100%;display:flex;align-items:center;justify-content:center;padding:24px;background:linear-gradient(135deg,#eef2ff,#f5f3ff)}
.card{background:#fff;border:1px solid var(--line);border-radius:14px;padding:24px;box-shadow:0 1px 2px rgba(17,24,39,.04)}
.sign-in .card{width:100%;max-width:380px;display:flex;flex-direction:column;gap:14px;box-shadow:0 12px 40px rgba(17,24,39,.12)}
.brand-mark{width:44px;height:44px;border-radius:12px;background:linear-gradient(135deg,var(--accent),#6d28d9);color:#fff;font-weight:800;font-size:22px;display:flex;align-items:center;justify-content:center}
.error,.notice-line.error{color:var(--bad);background:var(--bad-soft);border:1px solid #fecaca;border-radius:8px;padding:8px 10px;margin:0}
.notice-line.success{color:var(--ok);background:var(--ok-soft);border:1px solid #a7f3d0;border-radius:8px;padding:8px 10px;margin:0}
.topbar{display:flex;align-items:center;gap:16px;height:56px;padding:0 20px;background:#fff;border-bottom:1px solid var(--line)}
.topbar .brand-mark{width:32px;height:32px;font-size:16px;border-radius:9px}
.topbar .title{font-weight:700;font-size:16px}
.topbar .spacer{flex:1}
.topbar .who{color:var(--muted);font-size:13px}
.badge-count{display:inline-block;min-width:20px;padding:0 6px;border-radius:10px;background:var(--accent);color:#fff;font-size:12px;font-weight:700;text-align:center;line-height:20px}
.pill{display:inline-flex;align-items:center;gap:4px;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.pill.ok{background:var(--ok-soft);color:var(--ok)}
.pill.bad{background:var(--bad-soft);color:var(--bad)}
.pill.warn{background:var(--warn-soft);color:var(--warn)}
.pill.plain{background:#f3f4f6;color:#374151}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:700}
.stack{display:flex;flex-direction:column;gap:12px}
.row{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.hint{font-weight:400;color:var(--muted);font-size:12.5px}
pre{margin:0;padding:10px;background:#0f172a;color:#e2e8f0;border-radius:8px;overflow:auto;font-size:12.5px}
@media (max-width:700px){.grid2{grid-template-columns:1fr}.topbar{padding:0 12px;gap:10px}.topbar .who{display:none}}
`;
