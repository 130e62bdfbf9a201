// The admin console's own look, on top of the shared CONSOLE_CSS (mountApp appends it).
export const ADMIN_CSS = `
.admin-root{min-height:100%;display:flex;flex-direction:column}
.topbar{position:sticky;top:0;z-index:5}
.menu-toggle{display:none}
.admin-layout{flex:1;display:grid;align-content:start;grid-template-columns:248px minmax(0,1fr);min-height:0}
.sidebar{background:#fff;border-right:1px solid var(--line);padding:18px 12px;display:flex;flex-direction:column;gap:4px;position:sticky;top:56px;align-self:start;height:calc(100vh - 56px);overflow-y:auto}
.nav-heading{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:700;padding:12px 10px 6px}
.nav-heading:first-child{padding-top:0}
.nav-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:2px}
.sidebar a{display:flex;align-items:center;gap:8px;padding:7px 10px;border-radius:8px;color:var(--ink);text-decoration:none;font-weight:500}
.sidebar a:hover{background:#f3f4f6}
.sidebar a[aria-current=page]{background:var(--accent-soft);color:var(--accent-dark);font-weight:700}
.nav-name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.nav-action{color:var(--accent)!important;font-weight:600!important}
.nav-empty{margin:0;padding:4px 10px;color:var(--muted);font-size:13px}
.dot{width:8px;height:8px;border-radius:50%;flex:none}
.dot.on{background:var(--ok)}.dot.off{background:#d1d5db}
.admin-main{padding:28px 32px 48px;min-width:0;max-width:1040px;width:100%;display:flex;flex-direction:column;gap:20px}
.admin-message{padding:48px 20px;display:flex;justify-content:center}
.admins-only{max-width:520px;text-align:left}
.admins-only p{margin:0}
.big-icon{width:52px;height:52px;border-radius:14px;background:var(--accent-soft);color:var(--accent);display:flex;align-items:center;justify-content:center}
.icon{flex:none;vertical-align:-2px}
input[type=radio]{width:auto;accent-color:var(--accent)}
a.button{display:inline-block;padding:8px 14px;border-radius:8px;font-weight:600;text-decoration:none;border:1px solid #d1d5db}
a.button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.page-header{display:flex;flex-direction:column;gap:6px}
.page-title{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.page-header h1{font-size:24px}
.project-id{margin:0;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
.tabs{display:flex;gap:0;border-bottom:1px solid var(--line);overflow-x:auto;scrollbar-width:thin}
.tabs a{padding:9px 9px;font-size:13.5px;color:var(--muted);text-decoration:none;font-weight:600;border-bottom:2px solid transparent;white-space:nowrap;margin-bottom:-1px}
.tabs a:hover{color:var(--ink)}
.tabs a:focus-visible{outline-offset:-3px;border-radius:6px}
.tabs a[aria-current=page]{color:var(--accent);border-bottom-color:var(--accent)}
.section{display:flex;flex-direction:column;gap:16px;min-width:0}
.section p{margin:0}
.log-table th{white-space:nowrap}
.section-head{display:flex;justify-content:space-between;align-items:flex-start;gap:12px;flex-wrap:wrap}
.section-title{display:flex;flex-direction:column;gap:4px;flex:1 1 280px;min-width:0}
.section-title .hint,.page-header .hint{margin:0}
.stack-lg{display:flex;flex-direction:column;gap:20px}
.stack-sm{display:flex;flex-direction:column;gap:8px}
.row.between{justify-content:space-between}
.field{display:flex;flex-direction:column;gap:4px;min-width:0}
.field label{font-weight:600;font-size:13px}
.field .hint,.field-note{margin:0}
.field-note{margin-top:-8px!important}
.form-narrow{max-width:460px}
.input-short{max-width:220px}
.input-medium{max-width:360px}
.log-table .pill{white-space:nowrap}
label.compact{font-weight:600;font-size:13px}
label.compact select{width:auto;padding:5px 8px}
label.checkbox{font-weight:600;font-size:14px}
.notice-line.warn{color:var(--warn);background:var(--warn-soft);border:1px solid #fde68a;border-radius:8px;padding:8px 10px;margin:0}
.empty{margin:0;padding:18px;border:1px dashed #d1d5db;border-radius:10px;color:var(--muted);text-align:center}
.switch{display:inline-flex;align-items:center;gap:10px;border:0;background:none;padding:4px 0;font-size:17px;font-weight:700}
.switch:hover{background:none}
.switch-track{width:40px;height:24px;border-radius:12px;background:#d1d5db;position:relative;transition:background .15s;flex:none}
.switch-thumb{position:absolute;top:3px;left:3px;width:18px;height:18px;border-radius:50%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.25);transition:left .15s}
.switch[aria-checked=true] .switch-track{background:var(--ok)}
.switch[aria-checked=true] .switch-thumb{left:19px}
.mode-card{border-left:4px solid var(--accent)}
.key-list,.operator-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
.key-list>li{display:flex;gap:12px;align-items:flex-start;justify-content:space-between;flex-wrap:wrap;padding:12px 14px;border:1px solid var(--line);border-radius:10px}
.key-list>li.revoked{background:var(--soft);opacity:.75}
.key-main{display:flex;flex-direction:column;gap:4px;min-width:0;flex:1 1 320px}
.key-main p{margin:0}
.fingerprint{font-size:12px}
.audit-table{width:100%;border-collapse:collapse;font-size:13px}
.audit-table th,.audit-table td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid var(--line)}
.audit-changes{margin:6px 0 0;max-width:420px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
.canned-list{list-style:none;margin:0 0 16px;padding:0;display:flex;flex-direction:column;gap:8px}
.canned-list li{display:flex;gap:12px;align-items:flex-start}
.widget-form legend{font-size:13px;font-weight:600;padding:0;margin-bottom:6px}
.accent-field{margin-top:8px}
.accent-field input[type=color]{width:44px;height:36px;padding:2px;border:1px solid var(--line);border-radius:8px;background:#fff;cursor:pointer}
.accent-field .hex{width:7.5em}
.accent-sample{padding:8px 14px;border-radius:10px;font-weight:700;font-size:14px}
.override-list{list-style:none;margin:0 0 10px;padding:0;display:flex;flex-direction:column;gap:6px}
.override-list li{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.override-add{flex-wrap:wrap}
.override-add select{width:auto}
.override-add input{flex:1;min-width:12em}
.canned-text{flex:1;white-space:pre-wrap}
.add-key{border-top:1px solid var(--line);padding-top:16px}
fieldset{border:0;margin:0;padding:0;min-width:0}
.segmented{display:flex;gap:18px;flex-wrap:wrap}
.segmented-buttons{display:inline-flex;gap:4px;flex-wrap:wrap}
.verdict{margin:0;padding:10px 12px;border-radius:10px;font-weight:700;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.verdict.ok{background:var(--ok-soft);color:var(--ok)}
.verdict.bad{background:var(--bad-soft);color:var(--bad)}
.checks{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:10px;overflow:hidden}
.checks li{display:flex;gap:12px;padding:10px 14px;border-top:1px solid var(--line)}
.checks li:first-child{border-top:0}
.checks li.bad{background:var(--bad-soft)}
.check-mark{width:22px;height:22px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-weight:800;flex:none;font-size:13px}
.ok>.check-mark{background:var(--ok-soft);color:var(--ok);border:1px solid #a7f3d0}
.bad>.check-mark{background:var(--bad);color:#fff}
.check-body{min-width:0;display:flex;flex-direction:column;gap:2px}
.check-body p{margin:0}
.check-name{font-weight:600;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.check-detail{color:var(--muted);font-size:13px;overflow-wrap:anywhere}
.check-hint{color:var(--bad);font-size:13px;font-weight:500}
.filters .row{align-items:flex-end}
.filters label{font-size:13px}
.filters label{max-width:100%;min-width:0}
.filters select{width:auto;min-width:170px;max-width:100%}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:10px}
.table-wrap table{min-width:760px}
.log-table tr:last-child td{border-bottom:0}
.log-table .hint{margin:2px 0 0}
.reason-cell{max-width:320px}
.nowrap{white-space:nowrap}
.chart{margin:0;display:flex;flex-direction:column;gap:8px}
.chart-caption{font-weight:600}
.chart-plot{position:relative;padding-left:28px}
.chart-max{position:absolute;left:0;top:0;font-size:11px;color:var(--muted)}
.chart svg{display:block;width:100%;height:160px;background:linear-gradient(#fff,#fafafa);border-radius:6px}
.chart .axis{stroke:#9ca3af;stroke-width:1}
.chart .grid{stroke:#e5e7eb;stroke-dasharray:4 4}
.bar-success{fill:#10b981}
.bar-failure{fill:#ef4444}
.chart-axis{display:flex;justify-content:space-between;gap:8px;padding-left:28px;font-size:12px;color:var(--muted)}
.chart-legend{display:flex;align-items:center;gap:6px;margin:0;padding-left:28px;font-size:12px;color:var(--muted)}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px}
.swatch.success{background:#10b981}.swatch.failure{background:#ef4444;margin-left:8px}
.chart-data summary{cursor:pointer;color:var(--accent);font-weight:600;font-size:13px}
.chart-data table{margin-top:8px;max-width:420px}
.secret-once{padding:16px;border-radius:10px;background:var(--warn-soft);border:1px solid #fde68a}
.secret-once p{margin:0}
.secret-once h3:focus{outline:none}
.secret-values{display:grid;grid-template-columns:auto minmax(0,1fr);gap:6px 12px;margin:0;align-items:center}
.secret-values dt{font-weight:600;font-size:13px}
.secret-values dd{margin:0;display:flex;gap:8px;align-items:center;flex-wrap:wrap;min-width:0}
.secret-values code{background:#fff;padding:4px 8px;border-radius:6px;border:1px solid #fde68a}
.jwks-url{margin:0}
.verdict:focus{outline:none}
.copy{display:inline-flex;align-items:center;gap:6px;flex-wrap:wrap}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
.snippet{white-space:pre;overflow-x:auto;overflow-wrap:normal}
.steps{margin:0;padding-left:20px;display:flex;flex-direction:column;gap:6px}
.platform-key{border:1px solid var(--line);border-radius:10px;padding:14px;display:flex;flex-direction:column;gap:10px;min-width:0}
.platform-key.current{border-color:#a7f3d0;box-shadow:inset 3px 0 0 var(--ok)}
.platform-key h3{font-size:14px}
.key-text{max-height:260px}
.operator{border:1px solid var(--line);border-radius:10px;padding:12px 14px;display:flex;flex-direction:column;gap:10px}
.operator.disabled{background:var(--soft)}
.project-checks{display:flex;gap:6px 18px;flex-wrap:wrap;align-items:center}
.project-checks legend{font-size:13px;font-weight:600;padding:0;margin-bottom:6px;float:left;width:100%}
.password-reset{align-items:flex-end}
.password-reset .field{flex:1 1 240px}
@media (max-width:860px){
  .menu-toggle{display:inline-block}
  .admin-layout{grid-template-columns:minmax(0,1fr)}
  .sidebar{display:none;position:static;height:auto;border-right:0;border-bottom:1px solid var(--line)}
  .sidebar.open{display:flex}
  .admin-main{padding:18px 14px 40px}
  .card{padding:16px}
  .page-header h1{font-size:20px}
  .topbar .title{display:none}
  .table-wrap{border:0;overflow:visible}
  .table-wrap table.log-table{min-width:0;background:none}
  .log-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .log-table,.log-table tbody,.log-table tr,.log-table td{display:block}
  .log-table tr{border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin-bottom:10px;background:#fff}
  .log-table td{display:grid;grid-template-columns:84px minmax(0,1fr);gap:8px;border:0;padding:4px 0;max-width:none}
  .log-table td::before{content:attr(data-label);font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);padding-top:2px}
  .tabs{flex-wrap:wrap;border-bottom:0;gap:6px;overflow:visible}
  .tabs a{border:1px solid var(--line);border-radius:999px;padding:5px 12px;margin:0;background:#fff}
  .tabs a[aria-current=page]{background:var(--accent-soft);border-color:var(--accent)}
}
`;
