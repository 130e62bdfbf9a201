// Every size in px (the page's root font size must not scale the widget); :host rules are !important because
// important declarations inside a shadow tree win over the page's own, even `* { … !important }`.
export const WIDGET_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;inset:auto 0 0 auto!important;width:0!important;height:0!important;margin:0!important;padding:0!important;border:0!important;transform:none!important;filter:none!important;opacity:1!important;visibility:visible!important;z-index:2147483000!important;contain:none!important}
.root{--accent:#4338ca;--accent-dark:#3730a3;--accent-end:#6d28d9;--on-accent:#fff;--accent-ring:rgba(67,56,202,.18);--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--soft:#f3f4f6;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);-webkit-font-smoothing:antialiased;text-align:left;direction:ltr}
*,*::before,*::after{box-sizing:border-box}
button,textarea{font:inherit;color:inherit}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border:0;border-radius:50%;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;cursor:pointer;box-shadow:0 6px 24px rgba(17,24,39,.28);transition:transform .15s ease,background .15s ease}
.launcher:hover{background:var(--accent-dark);transform:scale(1.05)}
.launcher svg{width:28px;height:28px}
.launcher:focus-visible,.icon-button:focus-visible,.send:focus-visible,.retry:focus-visible,.dismiss:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.unavailable{position:fixed;right:20px;bottom:20px;max-width:320px;display:flex;align-items:center;gap:10px;padding:10px 8px 10px 10px;background:#fff;border-radius:16px;box-shadow:0 6px 24px rgba(17,24,39,.18),0 0 0 1px rgba(17,24,39,.06);animation:rise .18s ease-out}
.unavailable p{margin:0;font-size:14px;line-height:1.35;color:var(--ink)}
.unavailable-icon{flex:none;width:40px;height:40px;border-radius:50%;background:var(--soft);color:#9ca3af;display:flex;align-items:center;justify-content:center}
.unavailable-icon svg{width:20px;height:20px}
.dismiss{flex:none;align-self:flex-start;width:28px;height:28px;border:0;border-radius:50%;background:none;color:var(--muted);display:flex;align-items:center;justify-content:center;cursor:pointer}
.dismiss:hover{background:var(--soft);color:var(--ink)}
.dismiss svg{width:16px;height:16px}
.badge{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:92px;width:380px;height:min(620px,calc(100vh - 116px));display:flex;flex-direction:column;background:#fff;border-radius:16px;overflow:hidden;box-shadow:0 12px 48px rgba(17,24,39,.24),0 0 0 1px rgba(17,24,39,.06);animation:rise .18s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}
header{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:18px 16px 16px 20px;background:linear-gradient(135deg,var(--accent),var(--accent-end));color:var(--on-accent)}
header h2{margin:0;font-size:18px;font-weight:700;line-height:1.2}
header p{margin:2px 0 0;font-size:13px;opacity:.85}
.icon-button{flex:none;width:36px;height:36px;border:0;border-radius:50%;background:rgba(127,127,127,.2);color:inherit;display:flex;align-items:center;justify-content:center;cursor:pointer}
.icon-button:hover{background:rgba(127,127,127,.34)}
.icon-button svg{width:20px;height:20px}
.notice{display:flex;align-items:center;gap:8px;margin:0;padding:9px 20px;background:#ecfdf5;color:#065f46;font-size:13px;border-bottom:1px solid #d1fae5}
.notice svg{flex:none}
.messages{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:#fafafa;overscroll-behavior:contain}
.empty{margin:auto 12px;color:var(--muted);text-align:center;font-size:14px}
.message{display:flex;flex-direction:column;max-width:82%}
.message.visitor{align-self:flex-end;align-items:flex-end}
.message.agent{align-self:flex-start;align-items:flex-start}
.bubble{padding:9px 13px;border-radius:16px;overflow-wrap:anywhere;white-space:normal}
.visitor .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:4px}
.agent .bubble{background:#fff;border:1px solid var(--line);border-bottom-left-radius:4px}
.bubble p{margin:0}
.bubble p+p,.bubble ul{margin-top:6px}
.bubble ul{margin-bottom:0;padding-inline-start:20px}
.bubble code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:rgba(127,127,127,.16);padding:1px 4px;border-radius:4px}
.bubble a{color:inherit;text-decoration:underline}
.author{display:flex;align-items:center;gap:6px;margin:0 0 4px 2px;font-size:12px;font-weight:600;color:var(--muted)}
.avatar{flex:none;width:22px;height:22px;border-radius:50%;background:var(--accent);color:var(--on-accent);font-size:10px;font-weight:700;letter-spacing:.02em;display:inline-flex;align-items:center;justify-content:center}
.meta{margin-top:3px;font-size:11px;color:var(--muted)}
.meta.failed{color:#b91c1c}
.retry{border:0;background:none;padding:0;color:#b91c1c;font-weight:600;text-decoration:underline;cursor:pointer;font-size:11px}
.system{align-self:center;margin:4px 0;padding:4px 12px;border-radius:999px;background:var(--soft);color:#4b5563;font-size:12px;text-align:center}
.typing{align-self:flex-start;padding:12px 14px;background:#fff;border:1px solid var(--line);border-radius:16px;border-bottom-left-radius:4px}
.dots{display:flex;gap:4px}
.dots i{width:7px;height:7px;border-radius:50%;background:#9ca3af;animation:blink 1.2s infinite ease-in-out}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes blink{0%,80%,100%{opacity:.3}40%{opacity:1}}
.composer{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line);background:#fff}
textarea{flex:1;resize:none;min-height:42px;max-height:120px;padding:10px 12px;border:1px solid #d1d5db;border-radius:12px;background:#fff;line-height:20px;font-size:15px}
textarea:focus{outline:none;border-color:var(--accent);box-shadow:0 0 0 3px var(--accent-ring)}
.send{flex:none;width:42px;height:42px;border:0;border-radius:50%;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;cursor:pointer}
.send:disabled{opacity:.4;cursor:default}
.send svg{width:20px;height:20px}
.left .launcher,.left .panel,.left .unavailable{right:auto;left:20px}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}.launcher{right:16px;bottom:16px}.launcher.open{display:none}.unavailable{right:16px;bottom:16px;left:16px;max-width:none}.left .launcher{left:16px}.left .panel{inset:0}.left .unavailable{right:16px;left:16px}}
@media (prefers-reduced-motion:reduce){.panel,.dots i,.launcher,.unavailable{animation:none;transition:none}}
`;
