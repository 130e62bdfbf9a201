// The Webhooks section's look, appended to ADMIN_CSS (admin-entry.tsx).
export const WEBHOOKS_CSS = `
.endpoint-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:12px}
.endpoint{border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0}
.endpoint-head{display:flex;gap:10px;align-items:flex-start;justify-content:space-between}
.endpoint-url{font-size:14px;font-weight:700;min-width:0}
.endpoint .hint{margin:0}
.event-type-list{list-style:none;margin:0;padding:0;display:flex;gap:6px;flex-wrap:wrap}
.event-type-list code{display:inline-block;padding:1px 8px;border-radius:999px;background:var(--accent-soft);color:var(--accent-dark)}
.endpoint-notice{margin:0}
.endpoint-actions{gap:8px}
.add-endpoint,.endpoint-form{border-top:1px solid var(--line);padding-top:14px}
.add-endpoint .endpoint-form{border-top:0;padding-top:0}
.endpoint-form{max-width:640px}
.endpoint-form legend{font-size:13px;font-weight:600;padding:0;margin-bottom:6px}
.event-types{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:6px 16px}
label.event-type{align-items:flex-start;font-weight:400}
label.event-type input{margin-top:3px}
label.event-type .hint{display:block}
.delivery-log{border-top:1px solid var(--line);padding-top:12px}
.delivery-filter{gap:8px}
.delivery-filter select{width:auto;padding:5px 8px}
.delivery-table tr.open td{background:var(--soft)}
.delivery-table td.when{min-width:7.5em}
.delivery-table td>.pill{justify-self:start}
.delivery-table tr.delivery-detail td{background:var(--soft);padding:4px 14px 14px}
.delivery-table h4{margin:4px 0 0;font-size:13px}
.delivery-toggle{text-align:right}
.delivery-toggle button,.event-cell{white-space:nowrap;word-break:normal}
.attempt-log{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:4px;font-size:13px}
.attempt-log li{display:flex;gap:12px;flex-wrap:wrap;align-items:baseline;padding:4px 8px;border-radius:6px;background:#fff;border-left:3px solid var(--bad)}
.attempt-log li.ok{border-left-color:var(--ok)}
.attempt-error{color:var(--bad);overflow-wrap:anywhere}
.payload{max-height:320px}
@media (max-width:860px){
  .endpoint{padding:12px}
  .endpoint-head{flex-wrap:wrap}
  .delivery-table tr.open{margin-bottom:0;border-bottom:0;border-radius:10px 10px 0 0}
  .delivery-table tr.open,.delivery-table tr.delivery-detail{background:var(--soft)}
  .delivery-table tr.open td{background:none}
  .delivery-table tr.delivery-detail{border-top:1px dashed var(--line);border-radius:0 0 10px 10px}
  .delivery-table tr.delivery-detail td{display:block;padding:4px 0 8px;background:none}
  .delivery-table tr.delivery-detail td::before,.delivery-table td.delivery-toggle::before{display:none}
  .delivery-table td.delivery-toggle{display:block;text-align:left}
}
`;
